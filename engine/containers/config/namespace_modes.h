#pragma once
// HostConfig's namespace modes other than the network's (IpcMode, PidMode,
// UTSMode, CgroupnsMode, UsernsMode) and Sysctls, which are allowed only for a
// namespace the container has of its own (runc's rule).

#include "base/error.h"
#include "containers/config/config_types.h"

#include <map>
#include <string>
#include <string_view>

namespace berth::containers::config {

// "container:<name|id>" -> "<name|id>"; anything else -> "".
std::string_view mode_container(std::string_view mode);

// "", "none", "private", "shareable", "host", "container:<x>"; else `invalid IPC mode: x`.
Result<> validate_ipc_mode(std::string_view mode);
// "", "host", "container:<x>"; else `invalid PID mode: x`.
Result<> validate_pid_mode(std::string_view mode);
// "", "host"; else `invalid UTS mode: x`.
Result<> validate_uts_mode(std::string_view mode);
// "", "private", "host"; else `invalid cgroup namespace mode: x`.
Result<> validate_cgroupns_mode(std::string_view mode);
// "", "host"; else `invalid USER mode: x` (Berth has no user-namespace remapping).
Result<> validate_userns_mode(std::string_view mode);

// runc's sysctl rule: IPC sysctls (kernel.msg*, kernel.sem, kernel.shm*,
// fs.mqueue.*) need a private IPC namespace, net.* a network namespace other
// than the host's, kernel.domainname a private UTS namespace; anything else is
// refused: `sysctl "vm.swappiness" is not in a separate kernel namespace`.
Result<> validate_sysctls(const std::map<std::string, std::string>& sysctls, const HostConfig& host_config);

} // namespace berth::containers::config
