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

// The names of a container's own lines, as moby's updateHostsFile writes them:
// the FQDN (hostname, plus "." domainname when there is one) and, when the FQDN
// has a dot, the bare hostname after it ("web.example.com web").
std::string own_host_names(const std::string& hostname, const std::string& domainname);

// moby's etchosts.Add: the records appended, one "address<TAB>names" line each;
// the rest of the file (a user's edits included) stays as it is.
std::string hosts_with(std::string_view hosts, const std::vector<HostsEntry>& records);

// moby's etchosts.Delete: for each record, the first line whose address and
// names (split on blanks, joined with one space) are the record's goes; empty
// lines go too; comments and every other line (a user's edits) stay.
std::string hosts_without(std::string_view hosts, std::vector<HostsEntry> records);

// Docker's resolv.conf: the host's file with localhost nameservers dropped
// (they mean nothing in another network namespace), Google's public servers if
// none are left; --dns, --dns-search and --dns-option replace their lines.
// With the host's network the host's file is kept as it is (but the overrides).
std::string make_resolv_conf(std::string_view host_resolv_conf, const std::vector<std::string>& dns,
                             const std::vector<std::string>& dns_search, const std::vector<std::string>& dns_options,
                             bool host_network);

} // namespace berth::containers
