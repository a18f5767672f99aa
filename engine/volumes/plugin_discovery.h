#pragma once
// Where a (legacy, v1) Docker plugin listens, found as dockerd's
// pkg/plugins/discovery.go finds it: a unix socket NAME.sock or NAME/NAME.sock
// in the socket directories, else a spec file NAME.spec (one URL: unix:// or
// tcp://) or NAME.json ({"Name","Addr","TLSConfig"}), alone or in NAME/, in the
// spec directories. Sockets first, then specs in directory order.

#include "base/error.h"

#include <string>
#include <vector>

namespace berth::volumes {

struct PluginDirs {
    std::vector<std::string> socket_dirs;
    std::vector<std::string> spec_dirs;

    // dockerd's: /run/docker/plugins; /etc/docker/plugins, /usr/lib/docker/plugins.
    static PluginDirs docker_defaults();
    // One directory for everything (berthd's --plugins-dir, the tests' temp dirs).
    static PluginDirs single(const std::string& dir) { return {{dir}, {dir}}; }
};

struct PluginAddress {
    std::string name;
    bool tcp = false;     // false: `address` is a unix socket path
    std::string address;  // "/run/docker/plugins/x.sock" or "127.0.0.1:8080"
};

// NotFound with dockerd's `plugin "NAME" not found` when nothing is there.
Result<PluginAddress> find_plugin(const std::string& name, const PluginDirs& dirs);

// A spec file's URL ("unix:///path", "tcp://host:port"); Invalid otherwise.
Result<PluginAddress> plugin_address_from_url(const std::string& name, const std::string& url);

} // namespace berth::volumes
