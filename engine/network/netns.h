#pragma once
// Network namespaces kept alive by a bind mount on a file, as `ip netns add`
// does, so a namespace outlives any process in it and a container's init can
// setns() into it by path. Also what `--network none` needs: a fresh namespace
// with only `lo`, up.

#include "base/error.h"
#include "base/unique_fd.h"

#include <functional>
#include <string>

namespace berth::network {

// Owns one namespace file: removing the object unmounts and deletes it unless
// release() handed the file on (to a container record that removes it later
// with remove_network_namespace()).
class NetworkNamespace {
public:
    // Creates <directory>/<name> (the directory must exist), binds a new network
    // namespace onto it and brings its loopback interface up.
    static Result<NetworkNamespace> create(const std::string& directory, const std::string& name);

    NetworkNamespace() = default;
    NetworkNamespace(NetworkNamespace&& other) noexcept;
    NetworkNamespace& operator=(NetworkNamespace&& other) noexcept;
    NetworkNamespace(const NetworkNamespace&) = delete;
    NetworkNamespace& operator=(const NetworkNamespace&) = delete;
    ~NetworkNamespace();

    const std::string& path() const { return path_; }
    // Gives up ownership: the namespace file stays.
    std::string release();
    // Unmounts and deletes now; also done by the destructor.
    Result<> remove();

private:
    explicit NetworkNamespace(std::string path) : path_(std::move(path)) {}
    std::string path_;
};

// Unmounts the namespace file (lazily: a process still in the namespace keeps
// it) and deletes it. A path that no longer exists is not an error.
Result<> remove_network_namespace(const std::string& path);

Result<UniqueFd> open_network_namespace(const std::string& path);

// Runs `work` on a short-lived thread inside the namespace at `path`; setns for
// CLONE_NEWNET changes only the calling thread, so the caller's own stays put.
Result<> run_in_network_namespace(const std::string& path, const std::function<Result<>()>& work);

// net.ipv6.conf.<interface>.<key> = value inside the namespace at `path`, as
// Docker sets them on a container's interface: disable_ipv6=1 on a network
// without IPv6 (not even a link-local address, as Docker 27+ leaves it),
// accept_dad=0 on one with IPv6 (no address waits as "tentative"). A kernel
// without IPv6 is fine.
Result<> set_ipv6_conf(const std::string& path, const std::string& interface, const std::string& key,
                       const std::string& value);

} // namespace berth::network
