#pragma once
// What an EngineApi call ends with: the typed value, or the engine's error as
// the engine worded it (shown to the user word for word, e.g. "Error response
// from daemon (409): conflict: unable to remove repository reference …").

#include "base/error.h"

#include <QMetaType>
#include <QString>
#include <expected>

namespace berth::ui {

struct ApiError {
    // The HTTP status the engine answered with, or 0 when there was no answer
    // (no engine at the socket, a broken stream, a reply that was not JSON).
    int status = 0;
    QString message;

    // The engine has no such feature yet (berthd answers 501 with its message).
    bool notImplemented() const { return status == 501; }
};

template <typename T>
using ApiResult = std::expected<T, ApiError>;

// A client error as the user reads it: the engine's message, and the HTTP
// status its category stands for (0 when nobody answered).
ApiError apiErrorFrom(const Error& error);

} // namespace berth::ui

Q_DECLARE_METATYPE(berth::ui::ApiError)
