#pragma once
// Each hierarchy's statistics files, read into a CgroupStats; the backends
// (v1.cpp, v2.cpp) call these. Internal to the cgroups library.

#include "base/error.h"
#include "runtime/cgroups/stats.h"

#include <cstdint>
#include <string>

namespace berth::runtime {

// v1: the container's directories are <root>/<controller>/<relative>.
Result<CgroupStats> read_v1_stats(const std::string& root, const std::string& relative);
Result<uint64_t> read_v1_oom_kill_count(const std::string& memory_directory);

// v2: the container's one directory.
Result<CgroupStats> read_v2_stats(const std::string& directory);
Result<uint64_t> read_v2_oom_kill_count(const std::string& directory);

} // namespace berth::runtime
