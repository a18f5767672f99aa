#pragma once
// docker compose's merged log output: each line "web-1  | text", the name padded
// to the longest name plus one, coloured per container in docker compose's order
// (cyan, yellow, green, magenta, blue, then their intense forms) when colour is
// on; "web-1 exited with code 0" status lines. Lines from several threads are
// written whole.

#include <map>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace berth::compose::cli {

// "web-1" for "demo-web-1" in project "demo": the log prefix drops the project.
std::string log_name(const std::string& project, const std::string& container);

class LogPrinter {
public:
    LogPrinter(std::ostream& out, bool colour, bool prefix) : out_(out), colour_(colour), prefix_(prefix) {}
    void add(const std::string& name); // before any line, so widths are known
    void line(const std::string& name, std::string_view text);
    void status(const std::string& name, std::string_view text);

private:
    std::string paint(const std::string& name, const std::string& text) const;

    std::ostream& out_;
    bool colour_;
    bool prefix_;
    size_t width_ = 0;
    std::map<std::string, std::string> colours_;
    std::mutex mutex_;
};

} // namespace berth::compose::cli
