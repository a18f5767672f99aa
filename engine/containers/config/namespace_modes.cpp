#include "containers/config/namespace_modes.h"

#include "containers/config/go_json.h"

#include <array>

namespace berth::containers::config {

std::string_view mode_container(std::string_view mode) {
    return mode.starts_with("container:") ? mode.substr(10) : std::string_view{};
}

namespace {

bool is_container_mode(std::string_view mode) {
    return mode.starts_with("container:") && mode.size() > 10;
}

} // namespace

Result<> validate_ipc_mode(std::string_view mode) {
    if (mode.empty() || mode == "none" || mode == "private" || mode == "shareable" || mode == "host" ||
        is_container_mode(mode))
        return {};
    return fail(ErrorCategory::Invalid, "invalid IPC mode: {}", mode);
}

Result<> validate_pid_mode(std::string_view mode) {
    if (mode.empty() || mode == "host" || is_container_mode(mode)) return {};
    return fail(ErrorCategory::Invalid, "invalid PID mode: {}", mode);
}

Result<> validate_uts_mode(std::string_view mode) {
    if (mode.empty() || mode == "host") return {};
    return fail(ErrorCategory::Invalid, "invalid UTS mode: {}", mode);
}

Result<> validate_cgroupns_mode(std::string_view mode) {
    if (mode.empty() || mode == "private" || mode == "host") return {};
    return fail(ErrorCategory::Invalid, "invalid cgroup namespace mode: {}", mode);
}

Result<> validate_userns_mode(std::string_view mode) {
    if (mode.empty() || mode == "host") return {};
    return fail(ErrorCategory::Invalid, "invalid USER mode: {}", mode);
}

Result<> validate_sysctls(const std::map<std::string, std::string>& sysctls, const HostConfig& host_config) {
    static constexpr std::array<std::string_view, 9> kIpcSysctls{
        "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem",         "kernel.shmall",
        "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced", "kernel.ns_last_pid",
    };
    // kernel.ns_last_pid belongs to the PID namespace; runc lists it with the
    // IPC ones and so do we.
    for (const auto& [key, value] : sysctls) {
        bool ipc = key.starts_with("fs.mqueue.");
        for (auto name : kIpcSysctls) ipc = ipc || key == name;
        if (ipc) {
            if (host_config.ipc_mode == "host")
                return fail(ErrorCategory::Invalid, "sysctl {} is not allowed in the hosts ipc namespace", go_quote(key));
            continue;
        }
        if (key.starts_with("net.")) {
            if (host_config.network_mode == "host")
                return fail(ErrorCategory::Invalid, "sysctl {} not allowed in host network namespace", go_quote(key));
            continue;
        }
        if (host_config.uts_mode != "host") {
            if (key == "kernel.domainname") continue;
            if (key == "kernel.hostname")
                return fail(ErrorCategory::Invalid, "sysctl {} is not allowed as it conflicts with the OCI {} field",
                            go_quote(key), go_quote("hostname"));
        }
        return fail(ErrorCategory::Invalid, "sysctl {} is not in a separate kernel namespace", go_quote(key));
    }
    return {};
}

} // namespace berth::containers::config
