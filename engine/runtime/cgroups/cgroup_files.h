#pragma once
// Writing and reading the control files of a cgroup directory.

#include "base/error.h"

#include <string>
#include <sys/types.h>
#include <vector>

namespace berth::runtime {

// Writes `value` to <directory>/<file>, with the value and path in any error.
Result<> write_control(const std::string& directory, const std::string& file, const std::string& value);
Result<std::string> read_control(const std::string& directory, const std::string& file);
Result<> make_cgroup_dir(const std::string& path);
// rmdir of the directory (cgroupfs directories hold only control files).
Result<> remove_cgroup_dir(const std::string& path);
// The pids in <directory>/cgroup.procs and in those of every cgroup below it,
// sorted and without repeats: a container may make cgroups of its own (systemd
// in a container does), and its processes there are still the container's.
Result<std::vector<pid_t>> list_processes(const std::string& directory);

} // namespace berth::runtime
