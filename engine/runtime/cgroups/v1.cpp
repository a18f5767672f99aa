// cgroup v1: one hierarchy per controller, the container's directory in each.
#include "runtime/cgroups/cgroup_files.h"
#include "runtime/cgroups/manager.h"
#include "runtime/cgroups/stat_readers.h"

#include <array>
#include <filesystem>

namespace berth::runtime {
namespace {

// The limited ones first (stats read processes from the first); then, as runc,
// every other hierarchy the host may have, so that the container sees only
// itself in each at its /sys/fs/cgroup (runtime/cgroup_mount.h), not berthd's cgroup.
constexpr std::array kControllers = {"memory",  "cpu",     "cpuacct",  "cpuset",  "pids",
                                     "blkio",   "freezer", "devices",  "systemd", "net_cls",
                                     "net_prio", "hugetlb", "perf_event", "rdma",  "misc"};

class CgroupV1 final : public CgroupManager {
public:
    CgroupV1(std::string root, std::string parent) : root_(std::move(root)), parent_(std::move(parent)) {}

    std::string version() const override { return "1"; }

    Result<> create(const std::string& name) override {
        for (const char* controller : kControllers) {
            if (!std::filesystem::exists(root_ + "/" + controller)) continue;
            if (auto made = make_cgroup_dir(path(controller, name)); !made) return made;
        }
        // A new cpuset cgroup starts with no CPUs and no memory nodes, and no task
        // may join it until both are set: inherit them, level by level.
        if (std::filesystem::exists(root_ + "/cpuset")) {
            std::string upper = root_ + "/cpuset";
            for (const std::string& level : {parent_, parent_ + "/" + name}) {
                std::string lower = root_ + "/cpuset/" + level;
                for (const char* file : {"cpuset.cpus", "cpuset.mems"}) {
                    auto current = read_control(lower, file);
                    if (current && !current->empty()) continue;
                    auto inherited = read_control(upper, file);
                    if (!inherited) return std::unexpected(inherited.error());
                    if (auto written = write_control(lower, file, *inherited); !written) return written;
                }
                upper = lower;
            }
        }
        return {};
    }

    Result<> apply(const std::string& name, const CgroupResources& r) override {
        std::string memory = path("memory", name), cpu = path("cpu", name);
        // The limit goes before memsw: the kernel wants memsw >= limit at all times.
        if (r.memory && *r.memory > 0)
            if (auto w = write_control(memory, "memory.limit_in_bytes", std::to_string(*r.memory)); !w) return w;
        if (r.memory_swap && *r.memory_swap != 0) {
            if (auto w = write_control(memory, "memory.memsw.limit_in_bytes", std::to_string(*r.memory_swap)); !w)
                return w;
        }
        if (r.memory_reservation && *r.memory_reservation > 0)
            if (auto w = write_control(memory, "memory.soft_limit_in_bytes", std::to_string(*r.memory_reservation)); !w)
                return w;
        if (r.cpu_shares && *r.cpu_shares > 0)
            if (auto w = write_control(cpu, "cpu.shares", std::to_string(*r.cpu_shares)); !w) return w;
        if (r.cpu_period && *r.cpu_period > 0)
            if (auto w = write_control(cpu, "cpu.cfs_period_us", std::to_string(*r.cpu_period)); !w) return w;
        if (r.cpu_quota && *r.cpu_quota != 0)
            if (auto w = write_control(cpu, "cpu.cfs_quota_us", std::to_string(*r.cpu_quota)); !w) return w;
        if (r.cpuset_cpus && !r.cpuset_cpus->empty())
            if (auto w = write_control(path("cpuset", name), "cpuset.cpus", *r.cpuset_cpus); !w) return w;
        if (r.cpuset_mems && !r.cpuset_mems->empty())
            if (auto w = write_control(path("cpuset", name), "cpuset.mems", *r.cpuset_mems); !w) return w;
        if (r.pids_limit && *r.pids_limit != 0)
            if (auto w = write_control(path("pids", name), "pids.max",
                                       *r.pids_limit < 0 ? "max" : std::to_string(*r.pids_limit));
                !w)
                return w;
        if (r.blkio_weight && *r.blkio_weight > 0)
            if (auto w = write_control(path("blkio", name), "blkio.weight", std::to_string(*r.blkio_weight)); !w)
                return w;
        for (const auto& t : r.read_bps)
            if (auto w = write_control(path("blkio", name), "blkio.throttle.read_bps_device",
                                       std::format("{}:{} {}", t.major, t.minor, t.bytes_per_second));
                !w)
                return w;
        for (const auto& t : r.write_bps)
            if (auto w = write_control(path("blkio", name), "blkio.throttle.write_bps_device",
                                       std::format("{}:{} {}", t.major, t.minor, t.bytes_per_second));
                !w)
                return w;
        return {};
    }

    Result<> restrict_devices(const std::string& name, const std::vector<DeviceRule>& allowed) override {
        std::string dir = path("devices", name);
        if (!std::filesystem::exists(dir)) return fail(ErrorCategory::System, "no devices cgroup at {}", dir);
        if (auto w = write_control(dir, "devices.deny", "a"); !w) return w;
        auto number = [](int64_t n) { return n < 0 ? std::string("*") : std::to_string(n); };
        for (const auto& rule : allowed) {
            std::string line = rule.type == 'a' ? "a" : std::format("{} {}:{} {}", rule.type, number(rule.major),
                                                                     number(rule.minor), rule.access);
            if (auto w = write_control(dir, "devices.allow", line); !w) return w;
        }
        return {};
    }

    Result<> add_process(const std::string& name, pid_t pid) override {
        for (const char* controller : kControllers) {
            if (!std::filesystem::exists(path(controller, name))) continue;
            if (auto w = write_control(path(controller, name), "cgroup.procs", std::to_string(pid)); !w) return w;
        }
        return {};
    }

    Result<> freeze(const std::string& name, bool frozen) override {
        return write_control(path("freezer", name), "freezer.state", frozen ? "FROZEN" : "THAWED");
    }

    Result<> remove(const std::string& name) override {
        for (const char* controller : kControllers) {
            if (!std::filesystem::exists(path(controller, name))) continue;
            if (auto removed = remove_cgroup_dir(path(controller, name)); !removed) return removed;
        }
        return {};
    }

    Result<CgroupStats> stats(const std::string& name) const override {
        return read_v1_stats(root_, parent_ + "/" + name);
    }

    Result<uint64_t> oom_kill_count(const std::string& name) const override {
        return read_v1_oom_kill_count(path("memory", name));
    }

    Result<std::vector<pid_t>> processes(const std::string& name) const override {
        // Every hierarchy holds all the container's processes; any mounted one
        // that has the container's directory will do.
        for (const char* controller : {"pids", "memory", "freezer", "cpuacct", "cpu"})
            if (std::filesystem::is_directory(path(controller, name))) return list_processes(path(controller, name));
        return fail(ErrorCategory::NotFound, "no cgroup {}/{} under {}", parent_, name, root_);
    }

private:
    std::string path(const char* controller, const std::string& name) const {
        return root_ + "/" + controller + "/" + parent_ + "/" + name;
    }
    std::string root_, parent_;
};

} // namespace

std::unique_ptr<CgroupManager> make_cgroup_v1(std::string root, std::string parent) {
    return std::make_unique<CgroupV1>(std::move(root), std::move(parent));
}

} // namespace berth::runtime
