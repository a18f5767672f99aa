#pragma once
// Errors that carry a category (mapped to an HTTP status by the API), the errno
// when a syscall failed, and a context chain added by each layer on the way up:
//   cannot start container web: mounting overlay on /var/lib/berth/...: No such device

#include <expected>
#include <format>
#include <string>
#include <utility>

namespace berth {

enum class ErrorCategory {
    Invalid,        // the caller sent something malformed: 400
    Unauthorized,   // 401
    Forbidden,      // 403
    NotFound,       // 404
    Conflict,       // 409
    NotImplemented, // a known feature not built yet: 501
    Unavailable,    // 503
    System,         // everything else: 500
};

class Error {
public:
    Error(ErrorCategory category, std::string message, int errnum = 0)
        : category_(category), message_(std::move(message)), errno_(errnum) {}

    // An error from a failed syscall; errno is read by the caller and passed in.
    static Error from_errno(int errnum, std::string context);

    ErrorCategory category() const { return category_; }
    int errnum() const { return errno_; }
    const std::string& message() const { return message_; }

    // Prepends context: "doing X: <previous message>". Category and errno are kept.
    template <typename... Args>
    Error wrap(std::format_string<Args...> fmt, Args&&... args) && {
        message_ = std::format(fmt, std::forward<Args>(args)...) + ": " + message_;
        return std::move(*this);
    }
    template <typename... Args>
    Error wrap(std::format_string<Args...> fmt, Args&&... args) const& {
        Error copy = *this;
        return std::move(copy).wrap(fmt, std::forward<Args>(args)...);
    }

    int http_status() const;

private:
    ErrorCategory category_;
    std::string message_;
    int errno_;
};

template <typename T = void>
using Result = std::expected<T, Error>;

template <typename... Args>
std::unexpected<Error> fail(ErrorCategory category, std::format_string<Args...> fmt, Args&&... args) {
    return std::unexpected(Error(category, std::format(fmt, std::forward<Args>(args)...)));
}

// The errno of the failed call just made, with context.
template <typename... Args>
std::unexpected<Error> fail_errno(std::format_string<Args...> fmt, Args&&... args) {
    int saved = errno;
    return std::unexpected(Error::from_errno(saved, std::format(fmt, std::forward<Args>(args)...)));
}

} // namespace berth
