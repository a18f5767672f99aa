#include "compose/cli/log_printer.h"

#include <array>

namespace berth::compose::cli {
namespace {

// docker compose's rainbow (cmd/formatter/colors.go), as SGR codes.
constexpr std::array<std::string_view, 10> kRainbow = {"36", "33", "32", "35", "34",
                                                       "36;1", "33;1", "32;1", "35;1", "34;1"};

} // namespace

std::string log_name(const std::string& project, const std::string& container) {
    std::string prefix = project + "-";
    return container.starts_with(prefix) ? container.substr(prefix.size()) : container;
}

void LogPrinter::add(const std::string& name) {
    std::lock_guard lock(mutex_);
    if (!colours_.contains(name))
        colours_[name] = std::string(kRainbow[colours_.size() % kRainbow.size()]);
    width_ = std::max(width_, name.size() + 1);
}

std::string LogPrinter::paint(const std::string& name, const std::string& text) const {
    auto found = colours_.find(name);
    if (!colour_ || found == colours_.end())
        return text;
    return "\033[" + found->second + "m" + text + "\033[0m";
}

void LogPrinter::line(const std::string& name, std::string_view text) {
    std::lock_guard lock(mutex_);
    if (prefix_) {
        std::string padded = name;
        padded.resize(std::max(width_, name.size()), ' ');
        out_ << paint(name, padded + " | "); // docker compose colours the space too
    }
    out_ << text << '\n' << std::flush;
}

void LogPrinter::status(const std::string& name, std::string_view text) {
    std::lock_guard lock(mutex_);
    out_ << paint(name, name + " " + std::string(text)) << '\n' << std::flush;
}

} // namespace berth::compose::cli
