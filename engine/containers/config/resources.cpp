#include "containers/config/resources.h"

#include "containers/config/create_request.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <limits>
#include <regex>
#include <sys/resource.h>

namespace berth::containers::config {
namespace {

constexpr int64_t kMinMemory = 6 * 1024 * 1024; // dockerd's linuxMinMemory
constexpr int64_t kMinCpuShares = 2;
constexpr int64_t kMaxCpuShares = 262144;

std::unexpected<Error> invalid(std::string message) {
    return std::unexpected(Error(ErrorCategory::Invalid, std::move(message)));
}

Result<std::vector<ThrottleDevice>> throttle_devices(const GoObject& host_config, std::string_view key) {
    std::vector<ThrottleDevice> devices;
    BERTH_TRY(objects, host_config.objects(key, "blkiodev.ThrottleDevice"));
    for (const auto& object : *objects) {
        BERTH_TRY(path, object.string("Path"));
        BERTH_TRY(rate, object.uint64("Rate"));
        if (!path->starts_with('/'))
            return invalid(std::format("invalid device path for {}: {}", key, go_quote(*path)));
        devices.push_back({*path, *rate});
    }
    return devices;
}

// Docker's device cgroup rule: "c 1:3 mr", "a *:* rwm".
bool valid_device_cgroup_rule(const std::string& rule) {
    static const std::regex pattern(R"(^([acb]) ([0-9]+|\*):([0-9]+|\*) ([rwm]{1,3})$)");
    return std::regex_match(rule, pattern);
}

bool valid_device_permissions(std::string_view permissions) {
    if (permissions.empty() || permissions.size() > 3) return false;
    for (size_t i = 0; i < permissions.size(); ++i) {
        char c = permissions[i];
        if (c != 'r' && c != 'w' && c != 'm') return false;
        if (permissions.find(c, i + 1) != std::string_view::npos) return false;
    }
    return true;
}

Result<> check_cpuset(std::string_view wanted, std::string_view available, std::string_view what,
                      std::string_view unavailable_message) {
    if (wanted.empty()) return {};
    auto list = parse_cpuset(wanted);
    if (!list) return invalid(std::format("Invalid value {} for cpuset {}: invalid format: {}", wanted, what, wanted));
    if (available.empty()) return {};
    auto have = parse_cpuset(available);
    if (!have) return {};
    for (unsigned n : *list) {
        if (std::ranges::find(*have, n) == have->end())
            return invalid(std::format("{} - requested {}, available: {}", unavailable_message, wanted, available));
    }
    return {};
}

} // namespace

Result<std::vector<unsigned>> parse_cpuset(std::string_view list) {
    std::vector<unsigned> out;
    auto number = [](std::string_view s) -> std::optional<unsigned> {
        unsigned value = 0;
        auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
        if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
        return value;
    };
    if (list.empty()) return fail(ErrorCategory::Invalid, "empty string found");
    size_t start = 0;
    while (start <= list.size()) {
        size_t comma = list.find(',', start);
        std::string_view part = list.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
        auto dash = part.find('-');
        if (dash == std::string_view::npos) {
            auto n = number(part);
            if (!n) return fail(ErrorCategory::Invalid, "invalid format: {}", list);
            out.push_back(*n);
        } else {
            auto low = number(part.substr(0, dash));
            auto high = number(part.substr(dash + 1));
            if (!low || !high || *high < *low) return fail(ErrorCategory::Invalid, "invalid format: {}", list);
            for (unsigned n = *low; n <= *high; ++n) out.push_back(n);
        }
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    std::ranges::sort(out);
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

int ulimit_resource(std::string_view name) {
    struct Named {
        std::string_view name;
        int resource;
    };
    static constexpr std::array<Named, 16> kUlimits{{
        {"core", RLIMIT_CORE},         {"cpu", RLIMIT_CPU},         {"data", RLIMIT_DATA},
        {"fsize", RLIMIT_FSIZE},       {"locks", RLIMIT_LOCKS},     {"memlock", RLIMIT_MEMLOCK},
        {"msgqueue", RLIMIT_MSGQUEUE}, {"nice", RLIMIT_NICE},       {"nofile", RLIMIT_NOFILE},
        {"nproc", RLIMIT_NPROC},       {"rss", RLIMIT_RSS},         {"rtprio", RLIMIT_RTPRIO},
        {"rttime", RLIMIT_RTTIME},     {"sigpending", RLIMIT_SIGPENDING}, {"stack", RLIMIT_STACK},
        {"as", RLIMIT_AS},
    }};
    for (const auto& ulimit : kUlimits)
        if (ulimit.name == name) return ulimit.resource;
    return -1;
}

Result<Resources> parse_resources(const GoObject& hc, const HostFacts& host, std::vector<std::string>& warnings) {
    Resources r;
    BERTH_TRY(memory, hc.int64("Memory"));
    BERTH_TRY(memory_swap, hc.int64("MemorySwap"));
    BERTH_TRY(memory_reservation, hc.int64("MemoryReservation"));
    BERTH_TRY(swappiness, hc.optional_int64("MemorySwappiness"));
    BERTH_TRY(nano_cpus, hc.int64("NanoCpus"));
    BERTH_TRY(cpu_shares, hc.int64("CpuShares"));
    BERTH_TRY(cpu_period, hc.int64("CpuPeriod"));
    BERTH_TRY(cpu_quota, hc.int64("CpuQuota"));
    BERTH_TRY(rt_period, hc.int64("CpuRealtimePeriod"));
    BERTH_TRY(rt_runtime, hc.int64("CpuRealtimeRuntime"));
    BERTH_TRY(cpu_percent, hc.int64("CpuPercent"));
    BERTH_TRY(cpu_count, hc.int64("CpuCount"));
    BERTH_TRY(cpuset_cpus, hc.string("CpusetCpus"));
    BERTH_TRY(cpuset_mems, hc.string("CpusetMems"));
    BERTH_TRY(pids_limit, hc.optional_int64("PidsLimit"));
    BERTH_TRY(blkio_weight, hc.integer("BlkioWeight", 0, 65535, "uint16"));
    BERTH_TRY(oom_kill_disable, hc.optional_boolean("OomKillDisable"));
    BERTH_TRY(cgroup_parent, hc.string("CgroupParent"));
    BERTH_TRY(io_bandwidth, hc.uint64("IOMaximumBandwidth"));
    BERTH_TRY(io_iops, hc.uint64("IOMaximumIOps"));

    r.memory = *memory;
    r.memory_swap = *memory_swap;
    r.memory_reservation = *memory_reservation;
    r.nano_cpus = *nano_cpus;
    r.cpu_shares = *cpu_shares;
    r.cpu_period = *cpu_period;
    r.cpu_quota = *cpu_quota;
    r.cpu_realtime_period = *rt_period;
    r.cpu_realtime_runtime = *rt_runtime;
    r.cpuset_cpus = *cpuset_cpus;
    r.cpuset_mems = *cpuset_mems;
    r.blkio_weight = static_cast<uint16_t>(*blkio_weight);
    r.cgroup_parent = *cgroup_parent;
    // -1 is how clients say "unset" (fixMemorySwappiness).
    if (*swappiness && **swappiness != -1) r.memory_swappiness = *swappiness;
    // 0 and any negative: unlimited.
    if (*pids_limit && **pids_limit > 0) r.pids_limit = *pids_limit;

    // runconfig's validateQoS and validateResources come first in dockerd.
    if (*io_bandwidth != 0)
        return invalid("Invalid QoS settings: linux does not support configuration of maximum bandwidth");
    if (*io_iops != 0) return invalid("Invalid QoS settings: linux does not support configuration of maximum IOPs");
    if (r.cpu_realtime_period > 0 || r.cpu_realtime_runtime > 0) {
        // cgroup v2 has no real-time group scheduling; v1 hosts rarely enable it.
        if (host.cgroup_v2) return invalid("Your kernel does not support CPU real-time scheduler");
        if (r.cpu_realtime_period != 0 && r.cpu_realtime_runtime > r.cpu_realtime_period)
            return invalid("cpu-rt-runtime cannot be higher than cpu-rt-period");
    }

    // Memory.
    if (r.memory != 0 && r.memory < kMinMemory) return invalid("Minimum memory limit allowed is 6MB");
    if (r.memory > 0 && r.memory_swap > 0 && r.memory_swap < r.memory)
        return invalid("Minimum memoryswap limit should be larger than memory limit, see usage");
    if (r.memory == 0 && r.memory_swap > 0)
        return invalid("You should always set the Memory limit when using Memoryswap limit, see usage");
    if (r.memory_swappiness && (*r.memory_swappiness < 0 || *r.memory_swappiness > 100))
        return invalid(std::format("Invalid value: {}, valid memory swappiness range is 0-100", *r.memory_swappiness));
    if (r.memory_reservation > 0 && r.memory_reservation < kMinMemory)
        return invalid("Minimum memory reservation allowed is 6MB");
    if (r.memory > 0 && r.memory_reservation > 0 && r.memory < r.memory_reservation)
        return invalid("Minimum memory limit can not be less than memory reservation limit, see usage");
    if (*oom_kill_disable && **oom_kill_disable && host.cgroup_v2) {
        warnings.emplace_back("Your kernel does not support OomKillDisable. OomKillDisable discarded.");
        *oom_kill_disable = std::nullopt;
    }
    if (*oom_kill_disable && **oom_kill_disable && r.memory == 0)
        warnings.emplace_back("OOM killer is disabled for the container, but no memory limit is set, this can result "
                              "in the system running out of resources.");
    r.oom_kill_disable = oom_kill_disable->value_or(false);

    // CPU.
    if (r.nano_cpus > 0 && r.cpu_period > 0)
        return invalid("Conflicting options: Nano CPUs and CPU Period cannot both be set");
    if (r.nano_cpus > 0 && r.cpu_quota > 0)
        return invalid("Conflicting options: Nano CPUs and CPU Quota cannot both be set");
    if (r.nano_cpus < 0 || r.nano_cpus > int64_t{host.cpus} * 1000000000)
        return invalid(std::format("Range of CPUs is from 0.01 to {}.00, as there are only {} CPUs available",
                                   host.cpus, host.cpus));
    if (r.cpu_period != 0 && (r.cpu_period < 1000 || r.cpu_period > 1000000))
        return invalid("CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)");
    if (r.cpu_quota > 0 && r.cpu_quota < 1000) return invalid("CPU cfs quota can not be less than 1ms (i.e. 1000)");
    if (*cpu_percent > 0) warnings.emplace_back("linux does not support CPU percent. Percent discarded.");
    if (*cpu_count > 0) warnings.emplace_back("linux does not support CPU count. Count discarded.");
    if (r.cpu_shares < 0) r.cpu_shares = kMinCpuShares;
    if (r.cpu_shares > kMaxCpuShares) r.cpu_shares = kMaxCpuShares;

    // cpuset.
    if (auto ok = check_cpuset(r.cpuset_cpus, host.cpuset_cpus, "cpus", "Requested CPUs are not available"); !ok)
        return std::unexpected(ok.error());
    if (auto ok = check_cpuset(r.cpuset_mems, host.cpuset_mems, "mems", "Requested memory nodes are not available");
        !ok)
        return std::unexpected(ok.error());

    // Block I/O.
    if (r.blkio_weight > 0 && (r.blkio_weight < 10 || r.blkio_weight > 1000))
        return invalid("Range of blkio weight is from 10 to 1000");
    BERTH_TRY(weight_devices, hc.objects("BlkioWeightDevice", "blkiodev.WeightDevice"));
    for (const auto& object : *weight_devices) {
        BERTH_TRY(path, object.string("Path"));
        BERTH_TRY(weight, object.integer("Weight", 0, 65535, "uint16"));
        if (!path->starts_with('/') || *weight < 10 || *weight > 1000)
            return invalid(std::format("invalid weight for device: {}:{}", *path, *weight));
        r.blkio_weight_device.push_back({*path, static_cast<uint16_t>(*weight)});
    }
    BERTH_TRY(read_bps, throttle_devices(hc, "BlkioDeviceReadBps"));
    BERTH_TRY(write_bps, throttle_devices(hc, "BlkioDeviceWriteBps"));
    BERTH_TRY(read_iops, throttle_devices(hc, "BlkioDeviceReadIOps"));
    BERTH_TRY(write_iops, throttle_devices(hc, "BlkioDeviceWriteIOps"));
    r.blkio_device_read_bps = std::move(*read_bps);
    r.blkio_device_write_bps = std::move(*write_bps);
    r.blkio_device_read_iops = std::move(*read_iops);
    r.blkio_device_write_iops = std::move(*write_iops);

    // Devices.
    BERTH_TRY(devices, hc.objects("Devices", "container.DeviceMapping"));
    for (const auto& object : *devices) {
        BERTH_TRY(on_host, object.string("PathOnHost"));
        BERTH_TRY(in_container, object.string("PathInContainer"));
        BERTH_TRY(permissions, object.string("CgroupPermissions"));
        DeviceMapping device{*on_host, in_container->empty() ? *on_host : *in_container,
                             permissions->empty() ? "rwm" : *permissions};
        if (!device.path_on_host.starts_with('/'))
            return invalid(std::format("error gathering device information while adding custom device {}: not an "
                                       "absolute path",
                                       go_quote(device.path_on_host)));
        if (!device.path_in_container.starts_with('/'))
            return invalid(std::format("{} is not an absolute path", device.path_in_container));
        if (!valid_device_permissions(device.cgroup_permissions))
            return invalid(std::format("invalid device mode: {}", device.cgroup_permissions));
        r.devices.push_back(std::move(device));
    }
    BERTH_TRY(rules, hc.strings("DeviceCgroupRules"));
    for (const auto& rule : *rules) {
        if (!valid_device_cgroup_rule(rule))
            return invalid(std::format("invalid device cgroup rule format: '{}'", rule));
    }
    r.device_cgroup_rules = std::move(*rules);
    BERTH_TRY(device_requests, hc.objects("DeviceRequests", "container.DeviceRequest"));
    if (!device_requests->empty())
        return fail(ErrorCategory::NotImplemented, "device requests (--gpus) are not supported");

    // Ulimits. -1 is unlimited (RLIM_INFINITY), so soft and hard compare as the kernel's unsigned values.
    BERTH_TRY(ulimits, hc.objects("Ulimits", "container.Ulimit"));
    for (const auto& object : *ulimits) {
        BERTH_TRY(name, object.string("Name"));
        BERTH_TRY(soft, object.int64("Soft"));
        BERTH_TRY(hard, object.int64("Hard"));
        if (ulimit_resource(*name) < 0) return invalid(std::format("invalid ulimit type: {}", *name));
        if (static_cast<uint64_t>(*soft) > static_cast<uint64_t>(*hard))
            return invalid(std::format("ulimit soft limit must be less than or equal to hard limit: {} > {}", *soft,
                                       *hard));
        r.ulimits.push_back({*name, *soft, *hard});
    }

    // PidsLimit needs the pids controller, always there on the hosts Berth supports.
    // Docker's default swap is twice the memory; a limit past half of int64 is beyond any machine, so
    // its swap is unlimited rather than an overflowed product.
    if (r.memory > 0 && r.memory_swap == 0)
        r.memory_swap = r.memory > std::numeric_limits<int64_t>::max() / 2 ? -1 : 2 * r.memory;
    return r;
}

} // namespace berth::containers::config
