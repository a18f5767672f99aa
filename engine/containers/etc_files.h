#pragma once
// The files Docker writes for each container and bind-mounts into it:
// /etc/hostname, /etc/hosts and /etc/resolv.conf. Pure functions over text.

#include <string>
#include <string_view>
#include <vector>

namespace berth::containers {

struct HostsEntry {
    std::string address;
    std::string names; // space-separated
};

// Docker's default /etc/hosts: localhost and the IPv6 names, the container's own
// address with its hostname (when it has one), then --add-host entries
// ("name:ip", host-gateway already resolved by the caller).
std::string make_hosts(const std::string& ip, const std::string& hostname, const std::string& domainname,
                       const std::vector<HostsEntry>& extra);

// Docker's resolv.conf: the host's file with localhost nameservers dropped
// (they mean nothing in another network namespace), Google's public servers if
// none are left; --dns, --dns-search and --dns-option replace their lines.
// With the host's network the host's file is kept as it is (but the overrides).
std::string make_resolv_conf(std::string_view host_resolv_conf, const std::vector<std::string>& dns,
                             const std::vector<std::string>& dns_search, const std::vector<std::string>& dns_options,
                             bool host_network);

} // namespace berth::containers
