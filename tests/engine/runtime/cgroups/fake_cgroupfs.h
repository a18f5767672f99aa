#pragma once
// A directory that plays cgroupfs: control files written as the kernel shows them.

#include "support/temp_dir.h"

#include <filesystem>
#include <fstream>
#include <string>

namespace berth::runtime::testing {

inline void put(const std::string& path, const std::string& content) {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream(path) << content;
}

} // namespace berth::runtime::testing
