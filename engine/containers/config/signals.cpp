#include "containers/config/signals.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <csignal>
#include <utility>

namespace berth::containers::config {
namespace {

// Docker's Linux table: glibc's SIGRTMIN is a function (34 or 35 depending on
// the threading library), Docker fixes it at 34 and SIGRTMAX at 64.
constexpr int kRtMin = 34;
constexpr int kRtMax = 64;
constexpr int kMaxSignal = 64;

struct NamedSignal {
    std::string_view name;
    int number;
};

// Aliases (IOT, CLD, POLL) come after the name Docker prints for the number.
constexpr std::array<NamedSignal, 34> kSignals{{
    {"ABRT", SIGABRT}, {"ALRM", SIGALRM},     {"BUS", SIGBUS},     {"CHLD", SIGCHLD},   {"CONT", SIGCONT},
    {"FPE", SIGFPE},   {"HUP", SIGHUP},       {"ILL", SIGILL},     {"INT", SIGINT},     {"IO", SIGIO},
    {"KILL", SIGKILL}, {"PIPE", SIGPIPE},     {"PROF", SIGPROF},   {"PWR", SIGPWR},     {"QUIT", SIGQUIT},
    {"SEGV", SIGSEGV}, {"STKFLT", SIGSTKFLT}, {"STOP", SIGSTOP},   {"SYS", SIGSYS},     {"TERM", SIGTERM},
    {"TRAP", SIGTRAP}, {"TSTP", SIGTSTP},     {"TTIN", SIGTTIN},   {"TTOU", SIGTTOU},   {"URG", SIGURG},
    {"USR1", SIGUSR1}, {"USR2", SIGUSR2},     {"VTALRM", SIGVTALRM}, {"WINCH", SIGWINCH}, {"XCPU", SIGXCPU},
    {"XFSZ", SIGXFSZ}, {"IOT", SIGIOT},       {"CLD", SIGCHLD},    {"POLL", SIGPOLL},
}};

// "RTMIN", "RTMIN+3", "RTMAX", "RTMAX-2" (upper case, without "SIG").
int realtime_number(std::string_view name) {
    auto offset = [](std::string_view digits) -> int {
        int value = 0;
        auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
        if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty()) return -1;
        return value;
    };
    if (name == "RTMIN") return kRtMin;
    if (name == "RTMAX") return kRtMax;
    if (name.starts_with("RTMIN+")) {
        int n = offset(name.substr(6));
        return n >= 1 && n <= 15 ? kRtMin + n : 0;
    }
    if (name.starts_with("RTMAX-")) {
        int n = offset(name.substr(6));
        return n >= 1 && n <= 14 ? kRtMax - n : 0;
    }
    return 0;
}

std::unexpected<Error> invalid(std::string_view text) {
    return fail(ErrorCategory::Invalid, "Invalid signal: {}", text);
}

} // namespace

Result<int> parse_signal(std::string_view text) {
    // Go's strconv.Atoi: optional sign, decimal digits.
    std::string_view digits = text;
    if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
    if (!digits.empty() && std::ranges::all_of(digits, [](char c) { return c >= '0' && c <= '9'; })) {
        int number = 0;
        auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
        // Docker refuses only 0; a number the kernel has no signal for would
        // fail later at kill(2), so it is refused here with the same words.
        if (ec != std::errc() || number < 1 || number > kMaxSignal) return invalid(text);
        return number;
    }
    std::string upper(text);
    std::ranges::transform(upper, upper.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    std::string_view name = upper;
    if (name.starts_with("SIG")) name.remove_prefix(3);
    for (const auto& signal : kSignals)
        if (signal.name == name) return signal.number;
    if (int rt = realtime_number(name); rt != 0) return rt;
    return invalid(text);
}

std::string signal_name(int signo) {
    for (const auto& signal : kSignals)
        if (signal.number == signo) return "SIG" + std::string(signal.name);
    if (signo == kRtMin) return "SIGRTMIN";
    if (signo == kRtMax) return "SIGRTMAX";
    if (signo > kRtMin && signo <= kRtMin + 15) return "SIGRTMIN+" + std::to_string(signo - kRtMin);
    if (signo > kRtMin + 15 && signo < kRtMax) return "SIGRTMAX-" + std::to_string(kRtMax - signo);
    return "";
}

} // namespace berth::containers::config
