// berth: `berth compose ...` is the command line, run here without Qt so that
// it starts in a few milliseconds (it needs no display); anything else is the
// desktop app, berth-gui, exec'd with the same arguments (same process id).
// berth-gui is found beside this binary (the build tree) or in
// ../libexec/berth/ (installed: BERTH_GUI_FROM_BINDIR).
#include "compose/cli/compose_cli.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

std::filesystem::path own_directory() {
    std::error_code error;
    auto self = std::filesystem::read_symlink("/proc/self/exe", error);
    return error ? std::filesystem::path(".") : self.parent_path();
}

} // namespace

int main(int argc, char* argv[]) {
    if (argc > 1 && std::strcmp(argv[1], "compose") == 0)
        return berth::compose::cli::run_compose(std::vector<std::string>(argv + 2, argv + argc), std::cout, std::cerr);

    auto directory = own_directory();
    std::filesystem::path gui;
    for (const auto& candidate : {directory / "berth-gui", directory / BERTH_GUI_FROM_BINDIR}) {
        gui = candidate.lexically_normal();
        if (access(gui.c_str(), X_OK) == 0)
            break;
    }
    execv(gui.c_str(), argv);
    std::cerr << "berth: cannot start the desktop app " << gui.string() << ": " << std::strerror(errno) << "\n";
    return 127;
}
