// cgroup v2: one unified tree; controllers enabled for children through
// cgroup.subtree_control on each level above the container.
#include "runtime/cgroups/cgroup_files.h"
#include "runtime/cgroups/device_filter.h"
#include "runtime/cgroups/manager.h"
#include "runtime/cgroups/stat_readers.h"

#include <format>
#include <map>
#include <sstream>

namespace berth::runtime {

uint64_t cpu_shares_to_weight(uint64_t shares) {
    // [2, 262144] onto [1, 10000], as runc converts it.
    if (shares == 0) return 0;
    return 1 + ((shares - 2) * 9999) / 262142;
}

uint64_t blkio_weight_to_io_weight(uint16_t weight) {
    // [10, 1000] onto [1, 10000].
    if (weight == 0) return 0;
    return 1 + (static_cast<uint64_t>(weight) - 10) * 9999 / 990;
}

namespace {

class CgroupV2 final : public CgroupManager {
public:
    CgroupV2(std::string root, std::string parent) : root_(std::move(root)), parent_(std::move(parent)) {}

    std::string version() const override { return "2"; }

    Result<> create(const std::string& name) override {
        if (auto made = make_cgroup_dir(path(name)); !made) return made;
        // Hand the controllers the root offers down to the container's level.
        auto available = read_control(root_, "cgroup.controllers");
        if (!available || available->empty()) return {};
        std::string enable;
        std::istringstream words(*available);
        for (std::string controller; words >> controller;) enable += (enable.empty() ? "+" : " +") + controller;
        for (const std::string& level : {root_, root_ + "/" + parent_})
            if (auto w = write_control(level, "cgroup.subtree_control", enable); !w) return w;
        return {};
    }

    Result<> apply(const std::string& name, const CgroupResources& r) override {
        std::string dir = path(name);
        if (r.memory && *r.memory > 0)
            if (auto w = write_control(dir, "memory.max", std::to_string(*r.memory)); !w) return w;
        if (r.memory_swap && *r.memory_swap != 0) {
            // v2 limits swap alone; Docker's MemorySwap is memory + swap.
            std::string swap = *r.memory_swap < 0 ? "max"
                               : r.memory                ? std::to_string(*r.memory_swap - *r.memory)
                                                         : std::to_string(*r.memory_swap);
            if (auto w = write_control(dir, "memory.swap.max", swap); !w) return w;
        }
        if (r.memory_reservation && *r.memory_reservation > 0)
            if (auto w = write_control(dir, "memory.low", std::to_string(*r.memory_reservation)); !w) return w;
        if (r.cpu_shares && *r.cpu_shares > 0)
            if (auto w = write_control(dir, "cpu.weight", std::to_string(cpu_shares_to_weight(*r.cpu_shares))); !w)
                return w;
        if ((r.cpu_quota && *r.cpu_quota != 0) || (r.cpu_period && *r.cpu_period > 0)) {
            std::string quota = r.cpu_quota && *r.cpu_quota > 0 ? std::to_string(*r.cpu_quota) : "max";
            std::string period = std::to_string(r.cpu_period && *r.cpu_period > 0 ? *r.cpu_period : 100000);
            if (auto w = write_control(dir, "cpu.max", quota + " " + period); !w) return w;
        }
        if (r.cpuset_cpus && !r.cpuset_cpus->empty())
            if (auto w = write_control(dir, "cpuset.cpus", *r.cpuset_cpus); !w) return w;
        if (r.cpuset_mems && !r.cpuset_mems->empty())
            if (auto w = write_control(dir, "cpuset.mems", *r.cpuset_mems); !w) return w;
        if (r.pids_limit && *r.pids_limit != 0)
            if (auto w = write_control(dir, "pids.max", *r.pids_limit < 0 ? "max" : std::to_string(*r.pids_limit)); !w)
                return w;
        if (r.blkio_weight && *r.blkio_weight > 0)
            if (auto w = write_control(dir, "io.weight",
                                       "default " + std::to_string(blkio_weight_to_io_weight(*r.blkio_weight)));
                !w)
                return w;
        // io.max takes both rates of a device on one line; a missing one stays "max".
        std::map<std::pair<uint32_t, uint32_t>, std::pair<std::string, std::string>> io_max;
        for (const auto& t : r.read_bps) io_max[{t.major, t.minor}].first = std::to_string(t.bytes_per_second);
        for (const auto& t : r.write_bps) io_max[{t.major, t.minor}].second = std::to_string(t.bytes_per_second);
        for (const auto& [device, rates] : io_max) {
            std::string line = std::format("{}:{} rbps={} wbps={}", device.first, device.second,
                                           rates.first.empty() ? "max" : rates.first,
                                           rates.second.empty() ? "max" : rates.second);
            if (auto w = write_control(dir, "io.max", line); !w) return w;
        }
        return {};
    }

    // v2 has no devices.allow: a BPF device program on the directory (device_filter.h).
    Result<> restrict_devices(const std::string& name, const std::vector<DeviceRule>& allowed) override {
        return attach_device_filter(path(name), allowed);
    }

    Result<> add_process(const std::string& name, pid_t pid) override {
        return write_control(path(name), "cgroup.procs", std::to_string(pid));
    }

    Result<> freeze(const std::string& name, bool frozen) override {
        return write_control(path(name), "cgroup.freeze", frozen ? "1" : "0");
    }

    Result<> remove(const std::string& name) override { return remove_cgroup_dir(path(name)); }

    Result<CgroupStats> stats(const std::string& name) const override { return read_v2_stats(path(name)); }

    Result<uint64_t> oom_kill_count(const std::string& name) const override {
        return read_v2_oom_kill_count(path(name));
    }

    Result<std::vector<pid_t>> processes(const std::string& name) const override {
        return list_processes(path(name));
    }

private:
    std::string path(const std::string& name) const { return root_ + "/" + parent_ + "/" + name; }
    std::string root_, parent_;
};

} // namespace

std::unique_ptr<CgroupManager> make_cgroup_v2(std::string root, std::string parent) {
    return std::make_unique<CgroupV2>(std::move(root), std::move(parent));
}

} // namespace berth::runtime
