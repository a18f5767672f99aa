#pragma once
// Wall-clock time as Docker's API writes and reads it.

#include "base/error.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace berth {

// Nanoseconds since the Unix epoch.
int64_t now_ns();

// Go's time.RFC3339Nano in UTC: trailing zeros of the fraction dropped, "Z" zone.
std::string format_rfc3339_nano(int64_t ns);
// dockerd's RFC3339NanoFixed (docker logs -t): always nine digits of fraction.
std::string format_rfc3339_nano_fixed(int64_t ns);

// A timestamp as the Engine API takes it in `since`/`until`: Unix seconds with an
// optional fraction ("1700000000", "1700000000.5") or RFC 3339 ("2026-11-28T10:00:00Z",
// with an optional fraction and a numeric zone).
Result<int64_t> parse_api_timestamp(std::string_view text);

// A moment as prune's `until` takes it (Docker's GetTimestamp): a timestamp as
// above, or a Go duration before now ("24h", "1h30m", "1.5h"), in nanoseconds.
Result<int64_t> parse_time_or_duration(std::string_view text);

} // namespace berth
