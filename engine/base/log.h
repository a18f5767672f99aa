#pragma once
// Structured logs on stderr in dockerd's logfmt shape, so journald and people read
// them alike:  time="2026-11-28T10:00:00.123456789Z" level=info msg="API listening"

#include <format>
#include <string>
#include <string_view>

namespace berth::log {

enum class Level { Debug, Info, Warn, Error };

// "debug", "info", "warn", "error" (and "fatal", read as error, as dockerd accepts it).
bool parse_level(std::string_view text, Level& out);
void set_level(Level level);
Level level();

void write(Level level, std::string_view message);

template <typename... Args>
void debug(std::format_string<Args...> fmt, Args&&... args) {
    if (level() <= Level::Debug) write(Level::Debug, std::format(fmt, std::forward<Args>(args)...));
}
template <typename... Args>
void info(std::format_string<Args...> fmt, Args&&... args) {
    if (level() <= Level::Info) write(Level::Info, std::format(fmt, std::forward<Args>(args)...));
}
template <typename... Args>
void warn(std::format_string<Args...> fmt, Args&&... args) {
    if (level() <= Level::Warn) write(Level::Warn, std::format(fmt, std::forward<Args>(args)...));
}
template <typename... Args>
void error(std::format_string<Args...> fmt, Args&&... args) {
    write(Level::Error, std::format(fmt, std::forward<Args>(args)...));
}

} // namespace berth::log
