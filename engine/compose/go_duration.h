#pragma once
// Durations as compose-go reads and prints them (healthcheck intervals,
// stop_grace_period): Go's time.ParseDuration ("1m30s", "1.5s", "1500ms", "2h")
// and time.Duration.String(), so "90s" prints back as "1m30s" as docker compose does.

#include "base/error.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace berth::compose {

// Nanoseconds. Units ns, us, µs, ms, s, m, h; fractions and a sign allowed.
// A bare "0" is accepted, as Go's parser does.
Result<int64_t> parse_go_duration(std::string_view text);
std::string format_go_duration(int64_t nanoseconds);

} // namespace berth::compose
