#include "containers/runtime_spec_builder.h"

#include "containers/config/mounts.h"
#include "runtime/seccomp.h"

#include <algorithm>
#include <charconv>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

namespace berth::containers {
namespace {

using nlohmann::json;
using runtime::MountSpec;
using runtime::NamespaceKind;

constexpr const char* kDefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

// Docker's oci/defaults.go: what the kernel exposes that a container must not read or change.
const std::vector<std::string> kMaskedPaths = {
    "/proc/asound",        "/proc/acpi",        "/proc/interrupts", "/proc/kcore",
    "/proc/keys",          "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
    "/proc/sched_debug",   "/proc/scsi",        "/sys/firmware",    "/sys/devices/virtual/powercap"};
const std::vector<std::string> kReadonlyPaths = {"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
                                                 "/proc/sysrq-trigger"};

std::vector<std::string> strings(const json& value) {
    std::vector<std::string> out;
    if (value.is_array())
        for (const auto& item : value)
            if (item.is_string()) out.push_back(item.get<std::string>());
    return out;
}

std::string string_field(const json& object, const char* key) {
    auto found = object.find(key);
    return found != object.end() && found->is_string() ? found->get<std::string>() : "";
}

int64_t int_field(const json& object, const char* key) {
    auto found = object.find(key);
    return found != object.end() && found->is_number() ? found->get<int64_t>() : 0;
}

bool bool_field(const json& object, const char* key) {
    auto found = object.find(key);
    return found != object.end() && found->is_boolean() && found->get<bool>();
}

// --cgroupns host. Containers created before the mode was stored have "": the
// daemon's default then (private on v2, host on v1).
bool host_cgroupns(const json& host_config, bool cgroup_v2) {
    std::string mode = string_field(host_config, "CgroupnsMode");
    return mode == "host" || (mode.empty() && !cgroup_v2);
}

std::vector<MountSpec> default_mounts(const json& host_config, bool privileged, bool host_ipc) {
    std::vector<MountSpec> mounts;
    mounts.push_back({"/proc", "proc", "proc", {"nosuid", "noexec", "nodev"}});
    mounts.push_back({"/dev", "tmpfs", "tmpfs", {"nosuid", "strictatime", "mode=755", "size=65536k"}});
    mounts.push_back({"/dev/pts", "devpts", "devpts",
                      {"nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"}});
    std::vector<std::string> sys_options = {"nosuid", "noexec", "nodev"};
    if (!privileged) sys_options.push_back("ro");
    mounts.push_back({"/sys", "sysfs", "sysfs", sys_options});
    // The container's own cgroups (v1 hierarchies or cgroup2, as the host has
    // them: runtime/cgroup_mount.h), read-write only when privileged, as Docker.
    std::vector<std::string> cgroup_options = {"nosuid", "noexec", "nodev", "relatime"};
    if (!privileged) cgroup_options.push_back("ro");
    mounts.push_back({"/sys/fs/cgroup", "cgroup", "cgroup", cgroup_options});
    mounts.push_back({"/dev/mqueue", "mqueue", "mqueue", {"nosuid", "noexec", "nodev"}});
    if (host_ipc) {
        mounts.push_back({"/dev/shm", "bind", "/dev/shm", {"rbind", "rprivate"}});
    } else {
        int64_t shm_size = int_field(host_config, "ShmSize");
        if (shm_size <= 0) shm_size = 64 << 20;
        mounts.push_back({"/dev/shm", "tmpfs", "shm",
                          {"nosuid", "noexec", "nodev", "mode=1777", std::format("size={}", shm_size)}});
    }
    return mounts;
}

// The standard nodes every container's /dev has.
std::vector<runtime::DeviceSpec> default_devices() {
    auto node = [](std::string path, uint32_t major, uint32_t minor) {
        runtime::DeviceSpec device;
        device.path = std::move(path);
        device.major = major;
        device.minor = minor;
        return device;
    };
    return {node("/dev/null", 1, 3),    node("/dev/zero", 1, 5), node("/dev/full", 1, 7),
            node("/dev/random", 1, 8),  node("/dev/urandom", 1, 9), node("/dev/tty", 5, 0)};
}

Result<runtime::DeviceSpec> host_device(const json& entry) {
    std::string on_host = string_field(entry, "PathOnHost");
    std::string in_container = string_field(entry, "PathInContainer");
    if (in_container.empty()) in_container = on_host;
    struct stat st{};
    if (::stat(on_host.c_str(), &st) < 0) return fail_errno("error gathering device information while adding custom device \"{}\"", on_host);
    if (!S_ISCHR(st.st_mode) && !S_ISBLK(st.st_mode))
        return fail(ErrorCategory::Invalid, "error gathering device information while adding custom device \"{}\": not a device node", on_host);
    runtime::DeviceSpec device;
    device.path = in_container;
    device.host_path = on_host;
    device.type = S_ISCHR(st.st_mode) ? 'c' : 'b';
    device.major = major(st.st_rdev);
    device.minor = minor(st.st_rdev);
    device.file_mode = st.st_mode & 07777;
    device.uid = st.st_uid;
    device.gid = st.st_gid;
    if (std::string access = string_field(entry, "CgroupPermissions"); !access.empty()) device.cgroup_access = access;
    return device;
}


std::optional<int> rlimit_resource(const std::string& name) {
    static const std::map<std::string, int> kNames = {
        {"core", RLIMIT_CORE},       {"cpu", RLIMIT_CPU},         {"data", RLIMIT_DATA},
        {"fsize", RLIMIT_FSIZE},     {"locks", RLIMIT_LOCKS},     {"memlock", RLIMIT_MEMLOCK},
        {"msgqueue", RLIMIT_MSGQUEUE}, {"nice", RLIMIT_NICE},     {"nofile", RLIMIT_NOFILE},
        {"nproc", RLIMIT_NPROC},     {"rss", RLIMIT_RSS},         {"rtprio", RLIMIT_RTPRIO},
        {"rttime", RLIMIT_RTTIME},   {"sigpending", RLIMIT_SIGPENDING}, {"stack", RLIMIT_STACK}};
    auto found = kNames.find(name);
    if (found == kNames.end()) return std::nullopt;
    return found->second;
}

Result<std::optional<runtime::SeccompPlan>> seccomp_plan(const json& host_config, bool privileged,
                                                         const runtime::CapabilitySet& capabilities,
                                                         const SpecInputs& inputs) {
    std::string profile = inputs.default_seccomp_profile;
    for (const auto& option : strings(host_config.value("SecurityOpt", json::array()))) {
        auto separator = option.find_first_of("=:");
        if (separator == std::string::npos || option.substr(0, separator) != "seccomp") continue;
        std::string value = option.substr(separator + 1);
        if (value == "unconfined") return std::optional<runtime::SeccompPlan>();
        // The CLI sends the profile's content, not its path; "builtin" names the default.
        profile = value == "builtin" ? inputs.default_seccomp_profile : value;
    }
    // dockerd's WithSeccomp: a privileged container runs unconfined, whatever profile was asked for.
    if (privileged) return std::optional<runtime::SeccompPlan>();
    runtime::ContainerFacts facts;
    facts.capabilities = capabilities;
    facts.go_arch = inputs.go_arch;
    facts.kernel_version = inputs.kernel_version;
    auto plan = runtime::plan_seccomp(profile, facts);
    if (!plan) return std::unexpected(plan.error().wrap("loading seccomp profile"));
    // Compiled here, once per distinct plan: the container's init only installs it.
    auto program = runtime::compile_seccomp(*plan);
    if (!program) return std::unexpected(program.error().wrap("loading seccomp profile"));
    plan->program = std::move(*program);
    return std::optional<runtime::SeccompPlan>(std::move(*plan));
}

bool no_new_privileges(const json& host_config) {
    for (const auto& option : strings(host_config.value("SecurityOpt", json::array()))) {
        if (option == "no-new-privileges" || option == "no-new-privileges:true" || option == "no-new-privileges=true")
            return true;
    }
    return false;
}

} // namespace

Result<std::vector<MountSpec>> user_mounts(const json& host_config) {
    std::vector<MountSpec> mounts;
    for (const auto& bind : strings(host_config.value("Binds", json::array()))) {
        // "/host:/container[:options]"; validated at create.
        auto first = bind.find(':');
        if (first == std::string::npos || !bind.starts_with('/')) continue; // volumes: volume_mounts
        auto second = bind.find(':', first + 1);
        MountSpec mount{bind.substr(first + 1, second == std::string::npos ? std::string::npos : second - first - 1),
                        "bind", bind.substr(0, first), {"rbind"}};
        std::string options = second == std::string::npos ? "" : bind.substr(second + 1);
        bool readonly = false;
        for (size_t start = 0; start <= options.size();) {
            auto comma = options.find(',', start);
            std::string option = options.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
            if (option == "ro") readonly = true;
            if (option == "shared" || option == "slave" || option == "private" || option == "rshared" ||
                option == "rslave" || option == "rprivate")
                mount.options.push_back(option.starts_with('r') ? option : "r" + option);
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
        if (readonly) mount.options.push_back("ro");
        mounts.push_back(std::move(mount));
    }
    for (const auto& entry : host_config.value("Mounts", json::array())) {
        std::string type = string_field(entry, "Type");
        std::string target = string_field(entry, "Target");
        if (type == "bind") {
            MountSpec mount{target, "bind", string_field(entry, "Source"), {"rbind"}};
            if (bool_field(entry, "ReadOnly")) mount.options.push_back("ro");
            mounts.push_back(std::move(mount));
        } else if (type == "tmpfs") {
            MountSpec mount{target, "tmpfs", "tmpfs", {"nosuid", "nodev", "noexec"}};
            const json options = entry.value("TmpfsOptions", json::object());
            if (int64_t size = int_field(options, "SizeBytes"); size > 0) mount.options.push_back(std::format("size={}", size));
            if (int64_t mode = int_field(options, "Mode"); mode > 0) mount.options.push_back(std::format("mode={:o}", mode));
            if (bool_field(entry, "ReadOnly")) mount.options.push_back("ro");
            mounts.push_back(std::move(mount));
        }
    }
    const json tmpfs = host_config.value("Tmpfs", json::object());
    for (const auto& [target, value] : tmpfs.items()) {
        MountSpec mount{target, "tmpfs", "tmpfs", {"nosuid", "nodev", "noexec"}};
        std::string options = value.is_string() ? value.get<std::string>() : "";
        for (size_t start = 0; start < options.size();) {
            auto comma = options.find(',', start);
            std::string option = options.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
            if (option == "exec") std::erase(mount.options, "noexec");
            else if (option == "suid") std::erase(mount.options, "nosuid");
            else if (option == "dev") std::erase(mount.options, "nodev");
            else if (!option.empty()) mount.options.push_back(option);
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
        mounts.push_back(std::move(mount));
    }
    return mounts;
}

std::vector<MountSpec> volume_mounts(const Container& container) {
    std::vector<MountSpec> mounts;
    for (const auto& point : container.mount_points) {
        MountSpec mount{string_field(point, "Destination"), "bind", string_field(point, "Source"), {"rbind"}};
        std::string propagation = string_field(point, "Propagation");
        if (!propagation.empty()) mount.options.push_back(propagation.starts_with('r') ? propagation : "r" + propagation);
        if (!point.value("RW", true)) mount.options.push_back("ro");
        mounts.push_back(std::move(mount));
    }
    return mounts;
}

// Docker's sortMounts: a mount goes after the mounts its destination is inside.
void order_by_depth(std::vector<MountSpec>& mounts) {
    std::ranges::stable_sort(mounts, {}, [](const MountSpec& mount) {
        return std::ranges::count(config::clean_path(mount.destination), '/');
    });
}

std::vector<std::string> container_env(const json& config, const std::string& hostname, bool tty,
                                       const std::string& home) {
    std::vector<std::string> env = strings(config.value("Env", json::array()));
    auto has = [&env](std::string_view key) {
        return std::ranges::any_of(env, [&](const std::string& entry) {
            return entry.starts_with(key) && entry.size() > key.size() && entry[key.size()] == '=';
        });
    };
    std::vector<std::string> added;
    if (!has("PATH")) added.push_back(std::string("PATH=") + kDefaultPath);
    if (!has("HOSTNAME")) added.push_back("HOSTNAME=" + hostname); // Config.Env wins, as in dockerd
    if (tty && !has("TERM")) added.push_back("TERM=xterm");
    if (!has("HOME")) added.push_back("HOME=" + home);
    env.insert(env.begin(), added.begin(), added.end());
    return env;
}

Result<runtime::RuntimeSpec> build_runtime_spec(const Container& container, const SpecInputs& inputs) {
    const json& config = container.config;
    const json& host_config = container.host_config;
    bool privileged = bool_field(host_config, "Privileged");
    bool tty = bool_field(config, "Tty");
    runtime::RuntimeSpec spec;
    spec.rootfs = inputs.rootfs;
    spec.readonly_rootfs = bool_field(host_config, "ReadonlyRootfs");
    spec.hostname = inputs.hostname;
    spec.domainname = string_field(config, "Domainname");

    // Namespaces: new ones unless joined or shared with the host.
    for (NamespaceKind kind : {NamespaceKind::Mount, NamespaceKind::Pid, NamespaceKind::Uts, NamespaceKind::Ipc,
                               NamespaceKind::Network, NamespaceKind::Cgroup}) {
        if (std::ranges::contains(inputs.host, kind)) continue;
        if (kind == NamespaceKind::Cgroup && host_cgroupns(host_config, inputs.cgroup_v2)) continue;
        auto joined = inputs.joins.find(kind);
        spec.namespaces.push_back({kind, joined == inputs.joins.end() ? "" : joined->second});
    }
    bool host_uts = std::ranges::contains(inputs.host, NamespaceKind::Uts);
    if (host_uts) spec.hostname.clear(), spec.domainname.clear();
    bool host_ipc = std::ranges::contains(inputs.host, NamespaceKind::Ipc);

    // Mounts: Docker's defaults, the files it writes for the container, then the user's.
    spec.mounts = default_mounts(host_config, privileged, host_ipc);
    for (const auto& [file, target] : {std::pair{"hostname", "/etc/hostname"}, std::pair{"hosts", "/etc/hosts"},
                                       std::pair{"resolv.conf", "/etc/resolv.conf"}})
        spec.mounts.push_back({target, "bind", inputs.container_dir + "/" + file, {"rbind", "rprivate"}});
    auto mounts = user_mounts(host_config);
    if (!mounts) return std::unexpected(mounts.error());
    auto volumes = volume_mounts(container);
    mounts->insert(mounts->end(), volumes.begin(), volumes.end());
    order_by_depth(*mounts);
    spec.mounts.insert(spec.mounts.end(), mounts->begin(), mounts->end());

    spec.devices = default_devices();
    for (const auto& entry : host_config.value("Devices", json::array())) {
        auto device = host_device(entry);
        if (!device) return std::unexpected(device.error());
        spec.devices.push_back(std::move(*device));
    }
    if (!privileged) {
        spec.masked_paths = kMaskedPaths;
        spec.readonly_paths = kReadonlyPaths;
        if (host_config.contains("MaskedPaths") && host_config["MaskedPaths"].is_array())
            spec.masked_paths = strings(host_config["MaskedPaths"]);
        if (host_config.contains("ReadonlyPaths") && host_config["ReadonlyPaths"].is_array())
            spec.readonly_paths = strings(host_config["ReadonlyPaths"]);
    }
    const json sysctls = host_config.value("Sysctls", json::object());
    for (const auto& [key, value] : sysctls.items())
        if (value.is_string()) spec.sysctls[key] = value.get<std::string>();

    // The process.
    runtime::ProcessSpec& process = spec.process;
    process.args.push_back(container.path);
    process.args.insert(process.args.end(), container.args.begin(), container.args.end());
    if (bool_field(host_config, "Init")) {
        spec.mounts.push_back({"/sbin/docker-init", "bind", inputs.init_path, {"bind", "ro"}});
        process.args.insert(process.args.begin(), {"/sbin/docker-init", "--"});
    }
    process.env = container_env(config, spec.hostname.empty() ? inputs.hostname : spec.hostname, tty, inputs.home);
    process.cwd = string_field(config, "WorkingDir");
    if (process.cwd.empty()) process.cwd = "/";
    process.uid = inputs.uid;
    process.gid = inputs.gid;
    process.additional_gids = inputs.additional_gids;
    process.terminal = tty;
    auto capabilities = runtime::tweak_capabilities(runtime::default_capabilities(),
                                                    strings(host_config.value("CapAdd", json::array())),
                                                    strings(host_config.value("CapDrop", json::array())), privileged,
                                                    inputs.available_capabilities);
    if (!capabilities) return std::unexpected(capabilities.error());
    process.capabilities = *capabilities;
    process.no_new_privileges = no_new_privileges(host_config);
    auto seccomp = seccomp_plan(host_config, privileged, process.capabilities, inputs);
    if (!seccomp) return std::unexpected(seccomp.error());
    process.seccomp = std::move(*seccomp);
    for (const auto& ulimit : host_config.value("Ulimits", json::array())) {
        auto resource = rlimit_resource(string_field(ulimit, "Name"));
        if (!resource) return fail(ErrorCategory::Invalid, "invalid ulimit type: {}", string_field(ulimit, "Name"));
        process.rlimits.push_back({*resource, static_cast<uint64_t>(int_field(ulimit, "Soft")),
                                   static_cast<uint64_t>(int_field(ulimit, "Hard"))});
    }
    if (int64_t adjust = int_field(host_config, "OomScoreAdj"); adjust != 0) process.oom_score_adj = static_cast<int>(adjust);
    return spec;
}

runtime::CgroupResources cgroup_resources(const json& host_config) {
    runtime::CgroupResources resources;
    auto positive = [&](const char* key) -> std::optional<int64_t> {
        int64_t value = int_field(host_config, key);
        if (value > 0) return value;
        return std::nullopt;
    };
    resources.memory = positive("Memory");
    if (int64_t swap = int_field(host_config, "MemorySwap"); swap != 0) resources.memory_swap = swap;
    resources.memory_reservation = positive("MemoryReservation");
    if (auto shares = positive("CpuShares")) resources.cpu_shares = static_cast<uint64_t>(*shares);
    if (auto nano = positive("NanoCpus")) {
        resources.cpu_period = 100000;
        resources.cpu_quota = *nano * 100000 / 1'000'000'000;
    } else {
        if (auto period = positive("CpuPeriod")) resources.cpu_period = static_cast<uint64_t>(*period);
        resources.cpu_quota = positive("CpuQuota");
    }
    if (auto cpus = string_field(host_config, "CpusetCpus"); !cpus.empty()) resources.cpuset_cpus = cpus;
    if (auto mems = string_field(host_config, "CpusetMems"); !mems.empty()) resources.cpuset_mems = mems;
    if (host_config.contains("PidsLimit") && host_config["PidsLimit"].is_number())
        resources.pids_limit = host_config["PidsLimit"].get<int64_t>();
    if (auto weight = positive("BlkioWeight")) resources.blkio_weight = static_cast<uint16_t>(*weight);
    auto throttles = [&](const char* key) {
        std::vector<runtime::CgroupResources::Throttle> out;
        auto found = host_config.find(key);
        if (found == host_config.end() || !found->is_array()) return out;
        for (const auto& entry : *found) {
            struct stat st{};
            if (::stat(string_field(entry, "Path").c_str(), &st) < 0 || !S_ISBLK(st.st_mode)) continue;
            out.push_back({major(st.st_rdev), minor(st.st_rdev), static_cast<uint64_t>(int_field(entry, "Rate"))});
        }
        return out;
    };
    resources.read_bps = throttles("BlkioDeviceReadBps");
    resources.write_bps = throttles("BlkioDeviceWriteBps");
    return resources;
}

std::optional<runtime::DeviceRule> parse_device_cgroup_rule(std::string_view text) {
    // "<type> <major>:<minor> <access>", numbers or '*': "c 1:3 rwm", "a *:* r".
    auto number = [](std::string_view part) -> std::optional<int64_t> {
        if (part == "*") return -1;
        int64_t value = 0;
        auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value);
        if (part.empty() || error != std::errc() || end != part.data() + part.size() || value < 0) return std::nullopt;
        return value;
    };
    if (text.size() < 2 || text[1] != ' ' || std::string_view("acb").find(text[0]) == std::string_view::npos)
        return std::nullopt;
    auto last = text.rfind(' ');
    auto colon = text.find(':');
    if (last <= 1 || colon == std::string_view::npos || colon < 2 || colon > last) return std::nullopt;
    auto major_number = number(text.substr(2, colon - 2));
    auto minor_number = number(text.substr(colon + 1, last - colon - 1));
    std::string_view access = text.substr(last + 1);
    if (!major_number || !minor_number || access.empty() || access.size() > 3 ||
        access.find_first_not_of("rwm") != std::string_view::npos)
        return std::nullopt;
    runtime::DeviceRule rule;
    rule.type = text[0];
    rule.major = *major_number;
    rule.minor = *minor_number;
    rule.access = std::string(access);
    return rule;
}

std::vector<runtime::DeviceRule> device_rules(const json& host_config, const runtime::RuntimeSpec& spec) {
    if (bool_field(host_config, "Privileged")) return {runtime::DeviceRule{}};
    auto rule = [](char type, int64_t major_number, int64_t minor_number, std::string access) {
        runtime::DeviceRule r;
        r.type = type;
        r.major = major_number;
        r.minor = minor_number;
        r.access = std::move(access);
        return r;
    };
    // Docker's defaults: mknod of anything (a node is useless without access), the
    // standard nodes, /dev/pts/*, /dev/ptmx and /dev/net/tun.
    std::vector<runtime::DeviceRule> rules = {rule('c', -1, -1, "m"), rule('b', -1, -1, "m"),
                                              rule('c', 136, -1, "rwm"), rule('c', 5, 2, "rwm"),
                                              rule('c', 10, 200, "rwm")};
    for (const auto& device : spec.devices) rules.push_back(rule(device.type, device.major, device.minor, device.cgroup_access));
    for (const auto& text : strings(host_config.value("DeviceCgroupRules", json::array()))) {
        // Validated at create; one that does not parse now allows nothing (never everything).
        if (auto parsed = parse_device_cgroup_rule(text)) rules.push_back(*parsed);
    }
    return rules;
}

} // namespace berth::containers
