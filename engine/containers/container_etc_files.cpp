// A container's /etc/hostname, /etc/hosts and /etc/resolv.conf: written at
// each start, then kept true while it runs, as moby does. The files are
// bind-mounted into the container, so a running container's are rewritten in
// place (truncate + write on the same inode): a file renamed over them would
// leave the mount on the old inode and the container would never see it.
//
// /etc/hosts follows moby's etchosts: built at start (defaults, --add-host,
// then one "address<TAB>names" line per network), then on a connect the new
// network's line is appended and on a disconnect exactly its line goes, so
// whatever else is in the file (a user's edits) stays. /etc/resolv.conf is
// remade from the same inputs as at start (127.0.0.11 once a user-defined
// network is attached), unless the user changed it since berthd wrote it:
// then it is left alone, as moby's resolv.conf.hash check does.
#include "containers/container_service.h"
#include "containers/network_attachments.h"

#include "base/digest.h"
#include "base/files.h"
#include "base/log.h"
#include "containers/etc_files.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace berth::containers {

using nlohmann::json;

namespace {

std::string host_hostname() {
    char name[256] = {};
    ::gethostname(name, sizeof(name) - 1);
    return name;
}

std::vector<std::string> strings_of(const json& value) {
    std::vector<std::string> out;
    if (value.is_array())
        for (const auto& item : value)
            if (item.is_string()) out.push_back(item.get<std::string>());
    return out;
}

// The file keeps its inode (the container sees it through a bind mount): the
// new text is written over the old from offset 0, then the file is cut to its
// length, so a full disk or a crash never leaves it empty and a reader never
// finds it empty mid-rewrite.
Result<> rewrite_in_place(const std::string& path, std::string_view content) {
    UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
    if (!fd) return fail_errno("rewriting {}", path);
    off_t offset = 0;
    for (std::string_view rest = content; !rest.empty();) {
        ssize_t n = ::pwrite(fd.get(), rest.data(), rest.size(), offset);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return fail_errno("rewriting {}", path);
        rest.remove_prefix(static_cast<size_t>(n));
        offset += n;
    }
    if (::ftruncate(fd.get(), offset) != 0) return fail_errno("rewriting {}", path);
    return {};
}

std::string hash_path(const Container& c) { return c.resolv_conf_path + ".hash"; }

// The container's own lines: one per network address, with its hostname.
std::vector<HostsEntry> own_hosts_records(const std::vector<network::Attachment>& attachments,
                                          const std::string& names) {
    std::vector<HostsEntry> out;
    for (const auto& a : attachments)
        if (a.endpoint.address.value != 0 && !names.empty())
            out.push_back({a.endpoint.address.to_string(), names});
    return out;
}

std::vector<HostsEntry> records_missing_from(const std::vector<HostsEntry>& records,
                                             const std::vector<HostsEntry>& others) {
    std::vector<HostsEntry> out;
    for (const auto& r : records)
        if (!std::ranges::any_of(others, [&](const auto& o) { return o.address == r.address && o.names == r.names; }))
            out.push_back(r);
    return out;
}

} // namespace

std::string ContainerService::etc_hostname(const Container& c, bool host_uts) const {
    return host_uts ? host_hostname() : c.config.value("Hostname", c.id.substr(0, 12));
}

std::string ContainerService::resolv_conf_of(const Container& c, bool host_network) const {
    std::vector<std::string> dns = strings_of(c.host_config.value("Dns", json::array()));
    std::vector<std::string> dns_options = strings_of(c.host_config.value("DnsOptions", json::array()));
    // On a user-defined network the embedded server answers (and forwards the
    // rest), as Docker's resolv.conf says: nameserver 127.0.0.11, ndots:0.
    if (std::ranges::any_of(attachments_of(c), [](const auto& a) { return a.network_name != "bridge"; })) {
        dns = {"127.0.0.11"};
        if (dns_options.empty()) dns_options = {"ndots:0"};
    }
    return make_resolv_conf(read_file("/etc/resolv.conf").value_or(""), dns,
                            strings_of(c.host_config.value("DnsSearch", json::array())), dns_options, host_network);
}

Result<> ContainerService::write_etc_files(const Container& c, const std::string& hostname, bool host_network) {
    std::vector<HostsEntry> extra;
    for (const auto& entry : c.host_config.value("ExtraHosts", json::array())) {
        std::string text = entry.is_string() ? entry.get<std::string>() : "";
        // "name=ip" (moby 25's form, which IPv6 addresses need) or "name:ip".
        auto separator = text.find('=');
        if (separator == std::string::npos) separator = text.find(':');
        if (separator == std::string::npos) continue;
        std::string address = text.substr(separator + 1);
        if (address == "host-gateway") address = c.network.value("gateway", "127.0.0.1");
        extra.push_back({address, text.substr(0, separator)});
    }
    std::string hosts;
    if (host_network) {
        hosts = hosts_with(read_file("/etc/hosts").value_or(""), extra);
    } else {
        std::string domainname = c.config.value("Domainname", "");
        std::string names = hostname.empty() ? "" : own_host_names(hostname, domainname);
        hosts = hosts_with(make_hosts("", hostname, domainname, extra), own_hosts_records(attachments_of(c), names));
    }
    std::string resolv = resolv_conf_of(c, host_network);
    for (const auto& [path, content] :
         {std::pair{c.hostname_path, hostname + "\n"}, std::pair{c.hosts_path, hosts},
          std::pair{c.resolv_conf_path, resolv}, std::pair{hash_path(c), digest_of(resolv)}}) {
        if (auto written = write_file_atomically(path, content, 0644, Durability::Replaced); !written) return written;
    }
    return {};
}

void ContainerService::refresh_etc_files(const Container& c, const std::vector<network::Attachment>& before) {
    std::string hostname = etc_hostname(c, c.host_config.value("UTSMode", "") == "host");
    std::string names = hostname.empty() ? "" : own_host_names(hostname, c.config.value("Domainname", ""));
    auto old_records = own_hosts_records(before, names);
    auto new_records = own_hosts_records(attachments_of(c), names);
    auto gone = records_missing_from(old_records, new_records);
    auto added = records_missing_from(new_records, old_records);
    if (!gone.empty() || !added.empty()) {
        auto current = read_file(c.hosts_path);
        if (!current) {
            log::warn("container {}: {}", c.id, current.error().message());
        } else if (auto written = rewrite_in_place(c.hosts_path, hosts_with(hosts_without(*current, gone), added));
                   !written) {
            log::warn("container {}: {}", c.id, written.error().message());
        }
    }

    // Left alone when the user changed it (moby's resolv.conf.hash); a record
    // without a hash (an older berthd's) counts as berthd's own.
    auto current = read_file(c.resolv_conf_path);
    if (!current) return;
    auto saved_hash = read_file(hash_path(c));
    if (saved_hash && *saved_hash != digest_of(*current)) return;
    std::string resolv = resolv_conf_of(c, false);
    if (resolv == *current) return;
    if (auto written = rewrite_in_place(c.resolv_conf_path, resolv); !written) {
        log::warn("container {}: {}", c.id, written.error().message());
        return;
    }
    if (auto hashed = write_file_atomically(hash_path(c), digest_of(resolv), 0644, Durability::Replaced); !hashed)
        log::warn("container {}: {}", c.id, hashed.error().message());
}

} // namespace berth::containers
