#include "containers/etc_files.h"

#include <algorithm>
#include <sstream>

namespace berth::containers {
namespace {

std::string first_word(const std::string& line) {
    std::istringstream words(line);
    std::string word;
    words >> word;
    return word;
}

bool is_localhost(const std::string& address) {
    return address.starts_with("127.") || address == "::1" || address.starts_with("0:0:0:0:0:0:0:1");
}

} // namespace

std::string make_hosts(const std::string& ip, const std::string& hostname, const std::string& domainname,
                       const std::vector<HostsEntry>& extra) {
    std::string out = "127.0.0.1\tlocalhost\n"
                      "::1\tlocalhost ip6-localhost ip6-loopback\n"
                      "fe00::0\tip6-localnet\n"
                      "ff00::0\tip6-mcastprefix\n"
                      "ff02::1\tip6-allnodes\n"
                      "ff02::2\tip6-allrouters\n";
    for (const auto& entry : extra) out += entry.address + "\t" + entry.names + "\n";
    if (!ip.empty() && !hostname.empty()) out += ip + "\t" + own_host_names(hostname, domainname) + "\n";
    return out;
}

std::string own_host_names(const std::string& hostname, const std::string& domainname) {
    std::string fqdn = domainname.empty() ? hostname : hostname + "." + domainname;
    auto dot = fqdn.find('.');
    return dot == std::string::npos ? fqdn : fqdn + " " + fqdn.substr(0, dot);
}

std::string hosts_with(std::string_view hosts, const std::vector<HostsEntry>& records) {
    std::string out(hosts);
    if (!out.empty() && !out.ends_with('\n')) out += '\n';
    for (const auto& record : records) out += record.address + "\t" + record.names + "\n";
    return out;
}

std::string hosts_without(std::string_view hosts, std::vector<HostsEntry> records) {
    std::string out;
    std::istringstream lines{std::string(hosts)};
    for (std::string line; std::getline(lines, line);) {
        if (line.empty()) continue;
        if (!line.starts_with('#')) {
            std::istringstream words(line);
            std::string address, word, names;
            words >> address;
            while (words >> word) names += (names.empty() ? "" : " ") + word;
            auto match = std::ranges::find_if(records, [&](const HostsEntry& r) {
                return !names.empty() && r.address == address && r.names == names;
            });
            if (match != records.end()) {
                records.erase(match);
                continue;
            }
        }
        out += line + "\n";
    }
    return out;
}

std::string make_resolv_conf(std::string_view host_resolv_conf, const std::vector<std::string>& dns,
                             const std::vector<std::string>& dns_search, const std::vector<std::string>& dns_options,
                             bool host_network) {
    std::vector<std::string> nameservers, others;
    std::string search_line, options_line;
    std::istringstream lines{std::string(host_resolv_conf)};
    for (std::string line; std::getline(lines, line);) {
        std::string keyword = first_word(line);
        if (keyword == "nameserver") {
            std::istringstream words(line);
            std::string ignored, address;
            words >> ignored >> address;
            if (host_network || !is_localhost(address)) nameservers.push_back(address);
        } else if (keyword == "search" || keyword == "domain") {
            search_line = line;
        } else if (keyword == "options") {
            options_line = line;
        } else if (!keyword.empty() && !keyword.starts_with('#') && !keyword.starts_with(';')) {
            others.push_back(line);
        }
    }
    if (!dns.empty()) nameservers = dns;
    if (nameservers.empty() && !host_network) nameservers = {"8.8.8.8", "8.8.4.4"};
    auto join = [](const std::string& keyword, const std::vector<std::string>& words) {
        std::string line = keyword;
        for (const auto& word : words) line += " " + word;
        return line;
    };
    if (!dns_search.empty()) search_line = dns_search == std::vector<std::string>{"."} ? "" : join("search", dns_search);
    if (!dns_options.empty()) options_line = join("options", dns_options);

    std::string out;
    if (!search_line.empty()) out += search_line + "\n";
    for (const auto& server : nameservers) out += "nameserver " + server + "\n";
    if (!options_line.empty()) out += options_line + "\n";
    for (const auto& line : others) out += line + "\n";
    return out;
}

} // namespace berth::containers
