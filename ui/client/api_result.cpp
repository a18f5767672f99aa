#include "ui/client/api_result.h"

namespace berth::ui {

namespace {

int statusFor(ErrorCategory category) {
    switch (category) {
    case ErrorCategory::Invalid: return 400;
    case ErrorCategory::Unauthorized: return 401;
    case ErrorCategory::Forbidden: return 403;
    case ErrorCategory::NotFound: return 404;
    case ErrorCategory::Conflict: return 409;
    case ErrorCategory::NotImplemented: return 501;
    case ErrorCategory::Unavailable: return 0; // nobody answered
    default: return 500;
    }
}

} // namespace

ApiError apiErrorFrom(const Error& error) {
    return {statusFor(error.category()), QString::fromStdString(error.message())};
}

} // namespace berth::ui
