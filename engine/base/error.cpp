#include "base/error.h"
#include "base/go_errno.h"

#include <cerrno>
#include <cstring>

namespace berth {

Error Error::from_errno(int errnum, std::string context) {
    // ENOENT and friends read better to API clients as their own categories.
    ErrorCategory category = ErrorCategory::System;
    if (errnum == ENOENT) category = ErrorCategory::NotFound;
    else if (errnum == EEXIST) category = ErrorCategory::Conflict;
    else if (errnum == EACCES || errnum == EPERM) category = ErrorCategory::Forbidden;
    else if (errnum == EINVAL) category = ErrorCategory::Invalid;
    return Error(category, std::move(context) + ": " + go_strerror(errnum), errnum);
}

// Go's table (zerrors_linux_*.go) is glibc's strerror with a lower-case first letter.
std::string go_strerror(int errnum) {
    std::string text = std::strerror(errnum);
    if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') text[0] = static_cast<char>(text[0] - 'A' + 'a');
    return text;
}

int Error::http_status() const {
    switch (category_) {
    case ErrorCategory::Invalid: return 400;
    case ErrorCategory::Unauthorized: return 401;
    case ErrorCategory::Forbidden: return 403;
    case ErrorCategory::NotFound: return 404;
    case ErrorCategory::Conflict: return 409;
    case ErrorCategory::NotImplemented: return 501;
    case ErrorCategory::Unavailable: return 503;
    case ErrorCategory::System: return 500;
    }
    return 500;
}

} // namespace berth
