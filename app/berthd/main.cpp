// berthd: Berth's container engine. Parses its options and runs the daemon.
#include "base/build_info.h"
#include "daemon/daemon.h"

#include <cstdio>
#include <print>
#include <vector>

int main(int argc, char** argv) {
    std::vector<std::string_view> args(argv + 1, argv + argc);
    auto command_line = berth::daemon::parse_command_line(args);
    if (!command_line) {
        std::println(stderr, "berthd: {}", command_line.error().message());
        return 125;
    }
    if (command_line->help) {
        std::print("{}", berth::daemon::usage());
        return 0;
    }
    if (command_line->version) {
        std::println("berthd version {}, build {}", berth::berth_version(), berth::berth_git_commit());
        return 0;
    }
    if (auto ran = berth::daemon::run_daemon(*command_line); !ran) {
        std::println(stderr, "berthd: {}", ran.error().message());
        return 1;
    }
    return 0;
}
