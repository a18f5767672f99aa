#pragma once
// Where the shared corpora live: next to the project checkout (see ../shared/corpora/README.md).

#include <filesystem>

namespace berth::compose::testing {

inline std::filesystem::path compose_go_corpus() {
    return std::filesystem::path(BERTH_SOURCE_DIR) / ".." / "shared" / "corpora" / "compose-go";
}

} // namespace berth::compose::testing
