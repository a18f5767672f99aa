#pragma once
// A head start on the wait of a container's first cgroup move.
//
// Moving a process into a cgroup (writing cgroup.procs, v1 and v2 alike) takes
// one global lock for writing, and the first writer after a quiet spell waits
// out an RCU grace period (8-16 ms measured here): the largest single part of a
// container's start. warm() takes that lock now, on a worker thread, by moving
// berthd into the cgroup it is already in (which changes nothing), so the wait
// overlaps the making of the rootfs and the network, and the monitor's real
// move of the container finds it over, or shares what is left of it.

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace berth::runtime {

class AttachWarmer {
public:
    // `cgroup_dir`: a cgroup berthd is in (own_cgroup_dir); "" warms nothing.
    explicit AttachWarmer(std::string cgroup_dir);
    ~AttachWarmer();
    AttachWarmer(const AttachWarmer&) = delete;
    AttachWarmer& operator=(const AttachWarmer&) = delete;

    // Returns at once; a warm-up already under way serves this call too.
    void warm();

private:
    void run();

    std::string cgroup_dir_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool wanted_ = false;
    bool stopping_ = false;
    std::thread worker_; // started at the first warm()
};

// The directory of the cgroup this process is in, under the cgroupfs at `root`
// (from /proc/self/cgroup's text): for cgroup v1 ("1") in one of the controller
// hierarchies, for v2 in the unified tree; "" when it does not say.
std::string own_cgroup_dir(const std::string& root, const std::string& version,
                           const std::string& proc_self_cgroup);

} // namespace berth::runtime
