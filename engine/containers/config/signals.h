#pragma once
// Signal names and numbers as Docker reads them (moby/sys/signal ParseSignal):
// --stop-signal, STOPSIGNAL, `docker kill --signal`. Names are case-insensitive
// with or without "SIG" ("SIGKILL", "kill", "Term"), real-time signals are
// "RTMIN", "RTMIN+1".."RTMIN+15", "RTMAX-14".."RTMAX-1", "RTMAX" (34..64, the
// numbers Docker hard-codes), and decimal numbers ("9") pass through.

#include "base/error.h"

#include <string>
#include <string_view>

namespace berth::containers::config {

// "SIGKILL", "KILL", "kill", "9" -> 9. Anything else, 0, and numbers outside
// 1..64: Docker's `Invalid signal: X` (400).
Result<int> parse_signal(std::string_view text);

// 9 -> "SIGKILL", 34 -> "SIGRTMIN", 36 -> "SIGRTMIN+2"; unknown numbers -> "".
std::string signal_name(int signo);

} // namespace berth::containers::config
