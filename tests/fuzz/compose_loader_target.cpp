// A compose file through the whole loader, as `berth compose` and the Compose
// page read it (issue 13, part 1): YAML, interpolation, merge, include/extends,
// profiles, normalisation, then the model printed as `config` prints it. The
// bytes are written as compose.yaml in a directory of its own (the loader reads
// files; include and extends name others, which are simply missing). The
// finding: an exception, a crash or hang, a sanitizer report, or an error
// without a message.
#include "compose/compose_project.h"
#include "compose/config_value.h"
#include "support/temp_dir.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>

namespace {

using namespace berth::compose;

[[noreturn]] void finding(const char* what, std::string_view text) {
    std::fprintf(stderr, "%s\ninput: %.*s\n", what, static_cast<int>(text.size()), text.data());
    std::abort();
}

std::optional<std::string> test_environment(std::string_view name) {
    if (name == "TAG") return "1.0";
    if (name == "EMPTY") return "";
    if (name == "PORT") return "8080";
    return std::nullopt;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const berth::testing::TempDir directory("berth-fuzz-compose");
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    {
        std::ofstream file(directory / "compose.yaml", std::ios::binary | std::ios::trunc);
        file.write(text.data(), static_cast<std::streamsize>(text.size()));
    }
    ComposeOptions options;
    options.loader.project_directory = directory.path();
    options.loader.current_directory = directory.path();
    options.loader.project_name = "fuzz";
    options.loader.process_environment = test_environment;
    try {
        auto project = load_compose_project(options);
        if (!project) {
            if (project.error().message().empty()) finding("an error without a message", text);
            return 0;
        }
        (void)to_yaml(project->model);
        (void)to_json(project->model);
    } catch (const std::exception& e) {
        finding(e.what(), text);
    }
    return 0;
}
