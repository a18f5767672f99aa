#pragma once
// The `--name=value` flags that lead an instruction's arguments
// (`COPY --from=build --chmod=644 a b`), split off as BuildKit's
// extractBuilderFlags does: words starting with `--`, quotes and \ removed,
// up to the first word that is not a flag; a bare `--` ends them.

#include <string>
#include <string_view>
#include <vector>

namespace berth::dockerfile {

struct SplitFlags {
    std::vector<std::string> flags;
    std::string rest; // the arguments after the flags
};

SplitFlags split_builder_flags(std::string_view line);

} // namespace berth::dockerfile
