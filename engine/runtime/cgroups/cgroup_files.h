#pragma once
// Writing and reading the control files of a cgroup directory.

#include "base/error.h"

#include <string>

namespace berth::runtime {

// Writes `value` to <directory>/<file>, with the value and path in any error.
Result<> write_control(const std::string& directory, const std::string& file, const std::string& value);
Result<std::string> read_control(const std::string& directory, const std::string& file);
Result<> make_cgroup_dir(const std::string& path);
// rmdir of the directory (cgroupfs directories hold only control files).
Result<> remove_cgroup_dir(const std::string& path);

} // namespace berth::runtime
