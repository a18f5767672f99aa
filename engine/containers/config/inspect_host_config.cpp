#include "containers/config/inspect_host_config.h"

#include <cctype>

namespace berth::containers::config {
namespace {

using nlohmann::json;

// Docker's HostConfig fields in its order, with Go's zero values. Fields with
// `omitempty` are added only when set (see kOmitEmpty).
json zero_host_config() {
    json hc = json::object();
    hc["Binds"] = nullptr;
    hc["ContainerIDFile"] = "";
    hc["LogConfig"] = {{"Type", ""}, {"Config", nullptr}};
    hc["NetworkMode"] = "";
    hc["PortBindings"] = nullptr;
    hc["RestartPolicy"] = {{"Name", ""}, {"MaximumRetryCount", 0}};
    hc["AutoRemove"] = false;
    hc["VolumeDriver"] = "";
    hc["VolumesFrom"] = nullptr;
    hc["ConsoleSize"] = {0, 0};
    hc["CapAdd"] = nullptr;
    hc["CapDrop"] = nullptr;
    hc["CgroupnsMode"] = "";
    hc["Dns"] = nullptr;
    hc["DnsOptions"] = nullptr;
    hc["DnsSearch"] = nullptr;
    hc["ExtraHosts"] = nullptr;
    hc["GroupAdd"] = nullptr;
    hc["IpcMode"] = "";
    hc["Cgroup"] = "";
    hc["Links"] = nullptr;
    hc["OomScoreAdj"] = 0;
    hc["PidMode"] = "";
    hc["Privileged"] = false;
    hc["PublishAllPorts"] = false;
    hc["ReadonlyRootfs"] = false;
    hc["SecurityOpt"] = nullptr;
    hc["UTSMode"] = "";
    hc["UsernsMode"] = "";
    hc["ShmSize"] = 0;
    hc["Isolation"] = "";
    hc["CpuShares"] = 0;
    hc["Memory"] = 0;
    hc["NanoCpus"] = 0;
    hc["CgroupParent"] = "";
    hc["BlkioWeight"] = 0;
    hc["BlkioWeightDevice"] = nullptr;
    hc["BlkioDeviceReadBps"] = nullptr;
    hc["BlkioDeviceWriteBps"] = nullptr;
    hc["BlkioDeviceReadIOps"] = nullptr;
    hc["BlkioDeviceWriteIOps"] = nullptr;
    hc["CpuPeriod"] = 0;
    hc["CpuQuota"] = 0;
    hc["CpuRealtimePeriod"] = 0;
    hc["CpuRealtimeRuntime"] = 0;
    hc["CpusetCpus"] = "";
    hc["CpusetMems"] = "";
    hc["Devices"] = nullptr;
    hc["DeviceCgroupRules"] = nullptr;
    hc["DeviceRequests"] = nullptr;
    hc["MemoryReservation"] = 0;
    hc["MemorySwap"] = 0;
    hc["MemorySwappiness"] = nullptr;
    hc["OomKillDisable"] = nullptr;
    hc["PidsLimit"] = nullptr;
    hc["Ulimits"] = nullptr;
    hc["CpuCount"] = 0;
    hc["CpuPercent"] = 0;
    hc["IOMaximumIOps"] = 0;
    hc["IOMaximumBandwidth"] = 0;
    hc["MaskedPaths"] = nullptr;
    hc["ReadonlyPaths"] = nullptr;
    return hc;
}

// Go's `omitempty` fields of HostConfig (KernelMemory and KernelMemoryTCP are
// gone from API 1.42 on and never shown).
constexpr const char* kOmitEmpty[] = {"Annotations", "StorageOpt", "Tmpfs", "Sysctls", "Runtime", "Mounts", "Init"};

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

const json* find_sent(const json& sent, std::string_view key) {
    if (!sent.is_object()) return nullptr;
    if (auto it = sent.find(key); it != sent.end()) return &*it;
    for (auto it = sent.begin(); it != sent.end(); ++it)
        if (iequals(it.key(), key)) return &it.value();
    return nullptr;
}

bool empty_value(const json& value) {
    return value.is_null() || ((value.is_object() || value.is_array() || value.is_string()) && value.empty()) ||
           (value.is_boolean() && !value.get<bool>());
}

} // namespace

const std::vector<std::string>& default_masked_paths() {
    static const std::vector<std::string> paths{
        "/proc/asound",       "/proc/acpi",       "/proc/kcore",       "/proc/keys",
        "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug",
        "/proc/scsi",         "/sys/firmware",    "/sys/devices/virtual/powercap",
    };
    return paths;
}

const std::vector<std::string>& default_readonly_paths() {
    static const std::vector<std::string> paths{"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
                                                "/proc/sysrq-trigger"};
    return paths;
}

json build_inspect_host_config(const json& sent, const HostConfig& v) {
    json hc = zero_host_config();
    for (auto it = hc.begin(); it != hc.end(); ++it) {
        const json* value = find_sent(sent, it.key());
        if (value && !value->is_null()) it.value() = *value;
    }
    // Sub-objects keep Docker's full shape whatever the client left out.
    hc["LogConfig"] = {{"Type", v.log_config.type}, {"Config", v.log_config.config}};
    hc["RestartPolicy"] = {{"Name", v.restart_policy.name}, {"MaximumRetryCount", v.restart_policy.maximum_retry_count}};
    hc["NetworkMode"] = v.network_mode;
    hc["IpcMode"] = v.ipc_mode;
    hc["CgroupnsMode"] = v.cgroupns_mode;
    hc["AutoRemove"] = v.auto_remove;
    hc["ConsoleSize"] = {v.console_size[0], v.console_size[1]};
    hc["ShmSize"] = v.shm_size;
    hc["CpuShares"] = v.resources.cpu_shares;
    hc["MemorySwap"] = v.resources.memory_swap;
    hc["MemorySwappiness"] = v.resources.memory_swappiness ? json(*v.resources.memory_swappiness) : json(nullptr);
    hc["PidsLimit"] = v.resources.pids_limit ? json(*v.resources.pids_limit) : json(nullptr);
    hc["OomKillDisable"] = v.resources.oom_kill_disable.value_or(false);
    hc["CpuPercent"] = 0; // discarded on Linux, with a warning
    hc["CpuCount"] = 0;
    hc["IOMaximumIOps"] = 0;
    hc["IOMaximumBandwidth"] = 0;
    if (v.masked_paths) hc["MaskedPaths"] = *v.masked_paths;
    else if (!v.privileged) hc["MaskedPaths"] = default_masked_paths();
    if (v.readonly_paths) hc["ReadonlyPaths"] = *v.readonly_paths;
    else if (!v.privileged) hc["ReadonlyPaths"] = default_readonly_paths();

    for (const char* key : kOmitEmpty) {
        const json* value = find_sent(sent, key);
        if (value && !empty_value(*value)) hc[key] = *value;
    }
    hc["Runtime"] = v.runtime;
    if (v.init) hc["Init"] = *v.init;
    else hc.erase("Init");
    if (v.sysctls.empty()) hc.erase("Sysctls");
    else hc["Sysctls"] = v.sysctls;
    return hc;
}

} // namespace berth::containers::config
