#include "base/log.h"

#include "base/clock.h"

#include <atomic>
#include <cstdio>
#include <mutex>

namespace berth::log {
namespace {

std::atomic<Level> current_level{Level::Info};
std::mutex write_mutex;

const char* level_name(Level level) {
    switch (level) {
    case Level::Debug: return "debug";
    case Level::Info: return "info";
    case Level::Warn: return "warning";
    case Level::Error: return "error";
    }
    return "info";
}

std::string quoted(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out + "\"";
}

} // namespace

bool parse_level(std::string_view text, Level& out) {
    if (text == "debug") out = Level::Debug;
    else if (text == "info") out = Level::Info;
    else if (text == "warn" || text == "warning") out = Level::Warn;
    else if (text == "error" || text == "fatal") out = Level::Error;
    else return false;
    return true;
}

void set_level(Level level) { current_level = level; }
Level level() { return current_level; }

void write(Level level, std::string_view message) {
    std::string line = std::format("time={} level={} msg={}\n", quoted(format_rfc3339_nano(now_ns())),
                                   level_name(level), quoted(message));
    std::lock_guard lock(write_mutex);
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
}

} // namespace berth::log
