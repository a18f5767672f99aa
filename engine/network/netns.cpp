#include "network/netns.h"

#include "network/netlink.h"

#include <cerrno>
#include <fcntl.h>
#include <optional>
#include <sched.h>
#include <sys/mount.h>
#include <thread>
#include <unistd.h>

namespace berth::network {

namespace {

Result<> bring_loopback_up() {
    auto netlink = Netlink::open();
    if (!netlink) return std::unexpected(netlink.error());
    auto lo = netlink->link_index("lo");
    if (!lo) return std::unexpected(lo.error());
    return netlink->set_up(*lo, true);
}

// On a thread of its own, which then ends: unshare(CLONE_NEWNET) moves only the
// calling thread, and that thread's namespace is what /proc/thread-self/ns/net
// names for the bind mount.
Result<> bind_new_namespace(const std::string& path) {
    std::optional<Result<>> outcome;
    std::thread worker([&] {
        if (::unshare(CLONE_NEWNET) < 0) {
            outcome = fail_errno("creating a network namespace");
            return;
        }
        if (::mount("/proc/thread-self/ns/net", path.c_str(), nullptr, MS_BIND, nullptr) < 0) {
            outcome = fail_errno("binding the network namespace onto {}", path);
            return;
        }
        outcome = bring_loopback_up();
        if (!*outcome) outcome = std::unexpected(std::move(outcome->error()).wrap("bringing lo up"));
    });
    worker.join();
    return std::move(*outcome);
}

} // namespace

Result<NetworkNamespace> NetworkNamespace::create(const std::string& directory, const std::string& name) {
    std::string path = directory + "/" + name;
    UniqueFd file(::open(path.c_str(), O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0444));
    if (!file) return fail_errno("creating network namespace file {}", path);
    file.reset();
    // From here on the object cleans up whatever part was made.
    NetworkNamespace created(path);
    if (auto bound = bind_new_namespace(path); !bound)
        return std::unexpected(std::move(bound.error()).wrap("creating network namespace {}", path));
    return created;
}

NetworkNamespace::NetworkNamespace(NetworkNamespace&& other) noexcept : path_(std::exchange(other.path_, {})) {}

NetworkNamespace& NetworkNamespace::operator=(NetworkNamespace&& other) noexcept {
    if (this != &other) {
        (void)remove();
        path_ = std::exchange(other.path_, {});
    }
    return *this;
}

NetworkNamespace::~NetworkNamespace() { (void)remove(); }

std::string NetworkNamespace::release() { return std::exchange(path_, {}); }

Result<> NetworkNamespace::remove() {
    if (path_.empty()) return {};
    return remove_network_namespace(std::exchange(path_, {}));
}

Result<> remove_network_namespace(const std::string& path) {
    // EINVAL: not a mount point (a half-made namespace); ENOENT: already gone.
    if (::umount2(path.c_str(), MNT_DETACH) < 0 && errno != EINVAL && errno != ENOENT)
        return fail_errno("unmounting network namespace {}", path);
    if (::unlink(path.c_str()) < 0 && errno != ENOENT) return fail_errno("deleting network namespace file {}", path);
    return {};
}

Result<UniqueFd> open_network_namespace(const std::string& path) {
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) return fail_errno("opening network namespace {}", path);
    return fd;
}

Result<> run_in_network_namespace(const std::string& path, const std::function<Result<>()>& work) {
    auto netns = open_network_namespace(path);
    if (!netns) return std::unexpected(netns.error());
    std::optional<Result<>> outcome;
    std::thread worker([&] {
        if (::setns(netns->get(), CLONE_NEWNET) < 0) {
            outcome = fail_errno("entering network namespace {}", path);
            return;
        }
        outcome = work();
    });
    worker.join();
    return std::move(*outcome);
}

Result<> set_ipv6_conf(const std::string& path, const std::string& interface, const std::string& key,
                       const std::string& value) {
    return run_in_network_namespace(path, [&]() -> Result<> {
        // /proc/sys/net shows the namespace of the thread that opens it: this one.
        std::string sysctl = "/proc/sys/net/ipv6/conf/" + interface + "/" + key;
        UniqueFd fd(::open(sysctl.c_str(), O_WRONLY | O_CLOEXEC));
        if (!fd) return errno == ENOENT ? Result<>{} : fail_errno("setting {}: opening it", sysctl);
        std::string line = value + "\n";
        if (::write(fd.get(), line.data(), line.size()) != static_cast<ssize_t>(line.size()))
            return fail_errno("setting {} to {}", sysctl, value);
        return {};
    });
}

} // namespace berth::network
