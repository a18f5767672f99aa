// How containers look from the API: inspect, list (docker ps) and top.
#include "containers/container_service.h"
#include "containers/network_attachments.h"

#include "base/clock.h"
#include "base/files.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <regex>
#include <sstream>
#include <sys/wait.h>

namespace berth::containers {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Docker's units.HumanDuration, as `docker ps` prints it.
std::string human_duration(int64_t seconds) {
    if (seconds < 1) return "Less than a second";
    if (seconds == 1) return "1 second";
    if (seconds < 60) return std::format("{} seconds", seconds);
    int64_t minutes = seconds / 60;
    if (minutes == 1) return "About a minute";
    if (minutes < 60) return std::format("{} minutes", minutes);
    int64_t hours = seconds / 3600;
    if (hours == 1) return "About an hour";
    if (hours < 48) return std::format("{} hours", hours);
    if (hours < 24 * 7 * 2) return std::format("{} days", hours / 24);
    if (hours < 24 * 30 * 2) return std::format("{} weeks", hours / 24 / 7);
    if (hours < 24 * 365 * 2) return std::format("{} months", hours / 24 / 30);
    return std::format("{} years", hours / 24 / 365);
}

int64_t seconds_since(const std::string& rfc3339) {
    auto parsed = parse_api_timestamp(rfc3339);
    if (!parsed) return 0;
    return (now_ns() - *parsed) / 1'000'000'000;
}

std::string status_text(const Container& c) {
    const ContainerState& s = c.state;
    std::string health;
    if (!s.health_status.empty() && s.running())
        health = s.health_status == "starting" ? " (health: starting)" : " (" + s.health_status + ")";
    if (s.status == "running") return "Up " + human_duration(seconds_since(s.started_at)) + health;
    if (s.status == "paused") return "Up " + human_duration(seconds_since(s.started_at)) + " (Paused)";
    if (s.status == "restarting")
        return std::format("Restarting ({}) {} ago", s.exit_code, human_duration(seconds_since(s.finished_at)));
    if (s.status == "exited")
        return std::format("Exited ({}) {} ago", s.exit_code, human_duration(seconds_since(s.finished_at)));
    if (s.status == "removing") return "Removal In Progress";
    if (s.status == "dead") return "Dead";
    return "Created";
}

// NetworkSettings.Ports of a container connected to a bridge network: its
// exposed ports, null unless published, as Docker shows them; {} otherwise.
json settings_ports(const Container& c, bool connected) {
    if (!connected || !c.network.contains("host_veth")) return json::object();
    auto published = network::published_ports_from_json(c.network.value("ports", json()));
    return network::network_settings_ports(c.exposed_ports(), published.value_or(std::vector<network::PublishedPort>{}));
}

// The list's Ports: [{"IP", "PrivatePort", "PublicPort", "Type"}].
json list_ports(const Container& c) {
    if (!c.state.running() || !c.network.contains("host_veth")) return json::array();
    auto published = network::published_ports_from_json(c.network.value("ports", json()));
    return network::list_ports(c.exposed_ports(), published.value_or(std::vector<network::PublishedPort>{}));
}

// One entry of NetworkSettings.Networks: the attachment while connected, what
// was asked for (--ip, --alias) otherwise.
json endpoint_json(const Container& c, const std::string& name, const network::Attachment* attached) {
    json endpoint{{"IPAMConfig", nullptr}, {"Links", nullptr},          {"Aliases", nullptr},
                  {"MacAddress", ""},      {"NetworkID", ""},           {"EndpointID", ""},
                  {"Gateway", ""},         {"IPAddress", ""},           {"IPPrefixLen", 0},
                  {"IPv6Gateway", ""},     {"GlobalIPv6Address", ""},   {"GlobalIPv6PrefixLen", 0},
                  {"DriverOpts", nullptr}, {"DNSNames", nullptr}};
    if (attached) {
        endpoint["MacAddress"] = attached->endpoint.mac;
        endpoint["EndpointID"] = attached->endpoint_id;
        endpoint["Gateway"] = attached->endpoint.gateway.to_string();
        endpoint["IPAddress"] = attached->endpoint.address.to_string();
        endpoint["IPPrefixLen"] = attached->endpoint.prefix_length;
        endpoint["NetworkID"] = attached->network_id;
        if (const auto& ipv6 = attached->endpoint.ipv6) {
            endpoint["GlobalIPv6Address"] = ipv6->address.to_string();
            endpoint["GlobalIPv6PrefixLen"] = ipv6->prefix_length;
        }
        if (const auto& gateway6 = attached->endpoint.gateway6) endpoint["IPv6Gateway"] = gateway6->to_string();
        if (!attached->aliases.empty()) endpoint["Aliases"] = attached->aliases;
        if (name != "bridge") {
            // Docker's DNSNames: the name, the aliases and the short id a container answers to.
            json names = json::array({c.name});
            for (const auto& alias : attached->aliases) names.push_back(alias);
            names.push_back(c.id.substr(0, 12));
            endpoint["DNSNames"] = names;
        }
    }
    // What was asked for (--ip) shows while stopped too, as in Docker.
    if (auto asked = c.endpoints_config.find(name); asked != c.endpoints_config.end() && asked->is_object()) {
        if (auto ipam = asked->find("IPAMConfig"); ipam != asked->end() && ipam->is_object()) endpoint["IPAMConfig"] = *ipam;
        if (auto options = asked->find("DriverOpts"); options != asked->end() && options->is_object())
            endpoint["DriverOpts"] = *options;
        if (!attached) {
            if (auto aliases = asked->find("Aliases"); aliases != asked->end() && aliases->is_array())
                endpoint["Aliases"] = *aliases;
            if (auto mac = asked->find("MacAddress"); mac != asked->end() && mac->is_string())
                endpoint["MacAddress"] = *mac;
        }
    }
    return endpoint;
}

json network_settings(const Container& c) {
    json networks = json::object();
    std::string mode = c.host_config.value("NetworkMode", "bridge");
    if (mode.empty() || mode == "default") mode = "bridge";
    bool connected = c.state.running() && !c.network.empty();
    std::vector<network::Attachment> attachments = connected ? attachments_of(c) : std::vector<network::Attachment>{};
    if (connected && !attachments.empty()) {
        for (const auto& a : attachments) networks[a.network_name] = endpoint_json(c, a.network_name, &a);
    } else if (mode == "host" || mode == "none") {
        networks[mode] = endpoint_json(c, mode, nullptr);
    } else {
        for (const std::string& name : wanted_networks(c)) networks[name] = endpoint_json(c, name, nullptr);
    }
    // The top-level fields are the default bridge's, as in Docker.
    json endpoint = networks.contains("bridge") ? networks["bridge"] : endpoint_json(c, "", nullptr);
    json settings{{"Bridge", ""},
                  {"SandboxID", connected ? c.id : ""},
                  {"SandboxKey", connected ? c.network.value("netns", "") : ""},
                  {"Ports", settings_ports(c, connected)},
                  {"HairpinMode", false},
                  {"LinkLocalIPv6Address", ""},
                  {"LinkLocalIPv6PrefixLen", 0},
                  {"SecondaryIPAddresses", nullptr},
                  {"SecondaryIPv6Addresses", nullptr},
                  {"EndpointID", endpoint["EndpointID"]},
                  {"Gateway", endpoint["Gateway"]},
                  {"GlobalIPv6Address", endpoint["GlobalIPv6Address"]},
                  {"GlobalIPv6PrefixLen", endpoint["GlobalIPv6PrefixLen"]},
                  {"IPAddress", endpoint["IPAddress"]},
                  {"IPPrefixLen", endpoint["IPPrefixLen"]},
                  {"IPv6Gateway", endpoint["IPv6Gateway"]},
                  {"MacAddress", endpoint["MacAddress"]},
                  {"Networks", networks}};
    return settings;
}

json mounts_json(const Container& c) {
    json mounts = json::array();
    for (const auto& bind : c.host_config.value("Binds", json::array())) {
        if (!bind.is_string()) continue;
        std::string text = bind.get<std::string>();
        auto first = text.find(':');
        if (!text.starts_with('/') || first == std::string::npos) continue; // a volume: in mount_points
        auto second = text.find(':', first + 1);
        std::string options = second == std::string::npos ? "" : text.substr(second + 1);
        mounts.push_back({{"Type", "bind"},
                          {"Source", text.substr(0, first)},
                          {"Destination", text.substr(first + 1, second == std::string::npos ? second : second - first - 1)},
                          {"Mode", options},
                          {"RW", options.find("ro") == std::string::npos},
                          {"Propagation", "rprivate"}});
    }
    for (const auto& mount : c.host_config.value("Mounts", json::array())) {
        if (mount.value("Type", "") == "volume") continue; // in mount_points
        mounts.push_back({{"Type", mount.value("Type", "")},
                          {"Source", mount.value("Source", "")},
                          {"Destination", mount.value("Target", "")},
                          {"Mode", ""},
                          {"RW", !mount.value("ReadOnly", false)},
                          {"Propagation", mount.value("Type", "") == "bind" ? "rprivate" : ""}});
    }
    for (json point : c.mount_points) {
        point.erase("CopyData");
        point.erase("Mounted");
        mounts.push_back(std::move(point));
    }
    return mounts;
}

} // namespace

json ContainerService::inspect_json(const Container& c, bool size) const {
    const ContainerState& s = c.state;
    json state{{"Status", s.status},
               {"Running", s.running()},
               {"Paused", s.status == "paused"},
               {"Restarting", s.status == "restarting"},
               {"OOMKilled", s.oom_killed},
               {"Dead", s.status == "dead"},
               {"Pid", s.running() ? s.pid : 0},
               {"ExitCode", s.exit_code},
               {"Error", s.error},
               {"StartedAt", s.started_at},
               {"FinishedAt", s.finished_at}};
    if (!s.health_status.empty())
        state["Health"] = {{"Status", s.health_status}, {"FailingStreak", s.failing_streak}, {"Log", s.health_log}};
    std::string dir = store_.directory(c.id);
    json out{{"Id", c.id},
             {"Created", c.created},
             {"Path", c.path},
             {"Args", c.args},
             {"State", state},
             {"Image", c.image_id},
             {"ResolvConfPath", c.resolv_conf_path},
             {"HostnamePath", c.hostname_path},
             {"HostsPath", c.hosts_path},
             {"LogPath", c.log_path},
             {"Name", "/" + c.name},
             {"RestartCount", c.restart_count},
             {"Driver", snapshotter_.name()},
             {"Platform", "linux"},
             {"MountLabel", ""},
             {"ProcessLabel", ""},
             {"AppArmorProfile", ""},
             {"ExecIDs", nullptr},
             {"HostConfig", c.host_config},
             {"GraphDriver",
              {{"Name", snapshotter_.name()},
               {"Data", snapshotter_.copies_whole_tree() // vfs: dockerd shows no paths
                            ? json(nullptr)
                            : json{{"MergedDir", dir + "/rootfs"},
                                   {"UpperDir", snapshotter_.changes(dir)},
                                   {"WorkDir", dir + "/rw/work"}}}}},
             {"Mounts", mounts_json(c)},
             {"Config", c.config},
             {"NetworkSettings", network_settings(c)}};
    if (size) {
        int64_t rw = writable_size(c);
        out["SizeRw"] = rw;
        out["SizeRootFs"] = root_fs_size(c, rw);
    }
    return out;
}

Result<json> ContainerService::inspect(const std::string& reference, bool size) const {
    auto container = store_.find(reference);
    if (!container) return std::unexpected(container.error());
    return inspect_json(*container, size);
}

// As dockerd's list: the name the container was made with while it still
// names the container's image, else the image's ID (retagged or deleted).
std::string ContainerService::image_shown(const Container& c) const {
    std::string name = c.config.value("Image", "");
    if (name == c.image_id) return name;
    auto id = images_.resolve(name);
    return id && *id == c.image_id ? name : c.image_id;
}

json ContainerService::list_entry(const Container& c, bool size) const {
    std::string command = c.path;
    for (const auto& arg : c.args) command += " " + arg;
    std::string mode = c.host_config.value("NetworkMode", "bridge");
    json settings = network_settings(c);
    json entry{{"Id", c.id},
               {"Names", json::array({"/" + c.name})},
               {"Image", image_shown(c)},
               {"ImageID", c.image_id},
               {"Command", command},
               {"Created", parse_api_timestamp(c.created).value_or(0) / 1'000'000'000},
               {"Ports", list_ports(c)},
               {"Labels", c.config.value("Labels", json::object())},
               {"State", c.state.status},
               {"Status", status_text(c)},
               {"HostConfig", {{"NetworkMode", mode.empty() ? "bridge" : mode}}},
               {"NetworkSettings", {{"Networks", settings["Networks"]}}},
               {"Mounts", mounts_json(c)}};
    if (entry["Labels"].is_null()) entry["Labels"] = json::object();
    if (size) {
        int64_t rw = writable_size(c);
        entry["SizeRw"] = rw;
        entry["SizeRootFs"] = root_fs_size(c, rw);
    }
    return entry;
}

Result<json> ContainerService::list(bool all, int limit, bool size, const api::Filters& filters) const {
    if (auto allowed = filters.allow_only({"ancestor", "before", "expose", "exited", "health", "id", "isolation",
                                           "is-task", "label", "name", "network", "publish", "since", "status",
                                           "volume"});
        !allowed)
        return std::unexpected(allowed.error());
    for (const auto& status : filters.values("status")) {
        static const std::set<std::string> kStatuses = {"created", "restarting", "running", "removing",
                                                        "paused",  "exited",     "dead"};
        if (!kStatuses.contains(status))
            return fail(ErrorCategory::Invalid, "invalid filter 'status={}'", status);
    }
    auto containers = store_.list();
    // Newest first, as Docker lists them.
    std::ranges::sort(containers, [](const Container& a, const Container& b) { return a.created > b.created; });
    auto created_of = [&](const std::string& reference) -> Result<std::string> {
        auto found = store_.find(reference);
        if (!found) return std::unexpected(found.error());
        return found->created;
    };
    std::optional<std::string> before, since;
    if (filters.has("before")) {
        auto created = created_of(filters.values("before").front());
        if (!created) return std::unexpected(created.error());
        before = *created;
    }
    if (filters.has("since")) {
        auto created = created_of(filters.values("since").front());
        if (!created) return std::unexpected(created.error());
        since = *created;
    }
    // With status, exited, before or since filters, stopped containers are listed too.
    if (filters.has("status") || filters.has("exited") || before || since) all = true;

    json out = json::array();
    for (const auto& c : containers) {
        if (!all && !c.state.running()) continue;
        if (!filters.accepts("status", c.state.status)) continue;
        if (filters.has("id")) {
            bool any = std::ranges::any_of(filters.values("id"), [&](const std::string& id) { return c.id.starts_with(id); });
            if (!any) continue;
        }
        if (filters.has("name")) {
            bool any = std::ranges::any_of(filters.values("name"), [&](const std::string& pattern) {
                try {
                    std::string p = pattern.starts_with('/') ? pattern.substr(1) : pattern;
                    return std::regex_search(c.name, std::regex(p));
                } catch (const std::regex_error&) {
                    return false;
                }
            });
            if (!any) continue;
        }
        if (filters.has("label")) {
            json labels = c.config.value("Labels", json::object());
            if (labels.is_null()) labels = json::object();
            bool every = std::ranges::all_of(filters.values("label"), [&](const std::string& wanted) {
                auto eq = wanted.find('=');
                std::string key = wanted.substr(0, eq);
                if (!labels.contains(key)) return false;
                return eq == std::string::npos || labels[key] == wanted.substr(eq + 1);
            });
            if (!every) continue;
        }
        if (filters.has("exited")) {
            if (c.state.status != "exited") continue;
            if (!filters.accepts("exited", std::to_string(c.state.exit_code))) continue;
        }
        if (filters.has("ancestor")) {
            bool any = std::ranges::any_of(filters.values("ancestor"), [&](const std::string& image) {
                auto id = images_.resolve(image);
                return (id && *id == c.image_id) || c.config.value("Image", "") == image;
            });
            if (!any) continue;
        }
        if (filters.has("network")) {
            std::string mode = c.host_config.value("NetworkMode", "bridge");
            if (mode.empty() || mode == "default") mode = "bridge";
            if (!filters.accepts("network", mode)) continue;
        }
        if (filters.has("health")) {
            std::string health = c.state.health_status.empty() ? "none" : c.state.health_status;
            if (!filters.accepts("health", health)) continue;
        }
        if (before && c.created >= *before) continue;
        if (since && c.created <= *since) continue;
        out.push_back(list_entry(c, size));
        if (limit > 0 && static_cast<int>(out.size()) >= limit) break;
    }
    return out;
}

// Docker runs ps on the host and keeps the rows of the container's processes.
Result<json> ContainerService::top(const std::string& reference, const std::string& ps_args) const {
    auto container = store_.find(reference);
    if (!container) return std::unexpected(container.error());
    if (!container->state.running())
        return fail(ErrorCategory::Conflict, "Container {} is not running", container->id);
    if (!cgroups_) return fail(ErrorCategory::NotImplemented, "top needs cgroups, which this host lacks");
    auto pids = cgroups_->processes(container->id);
    if (!pids) return std::unexpected(pids.error());
    std::string args = ps_args.empty() ? "-ef" : ps_args;
    for (char ch : args)
        if (!std::isalnum(static_cast<unsigned char>(ch)) && std::string_view(" -,=_").find(ch) == std::string_view::npos)
            return fail(ErrorCategory::Invalid, "invalid ps arguments: {}", args);
    FILE* ps = ::popen(("ps " + args + " 2>&1").c_str(), "r");
    if (!ps) return fail_errno("running ps");
    std::string output;
    char buffer[4096];
    while (size_t n = std::fread(buffer, 1, sizeof(buffer), ps)) output.append(buffer, n);
    int status = ::pclose(ps);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return fail(ErrorCategory::System, "Error running top: ps: {}", output);
    std::istringstream lines(output);
    std::string header;
    std::getline(lines, header);
    std::vector<std::string> titles;
    {
        std::istringstream words(header);
        for (std::string word; words >> word;) titles.push_back(word);
    }
    auto pid_column = std::ranges::find(titles, "PID");
    if (pid_column == titles.end())
        return fail(ErrorCategory::Invalid, "Couldn't find PID field in ps output");
    size_t pid_index = static_cast<size_t>(pid_column - titles.begin());
    json processes = json::array();
    for (std::string line; std::getline(lines, line);) {
        std::istringstream words(line);
        std::vector<std::string> fields;
        for (std::string word; fields.size() + 1 < titles.size() && words >> word;) fields.push_back(word);
        std::string rest;
        std::getline(words, rest);
        if (auto start = rest.find_first_not_of(' '); start != std::string::npos) fields.push_back(rest.substr(start));
        if (fields.size() <= pid_index) continue;
        pid_t pid = std::atoi(fields[pid_index].c_str());
        if (std::ranges::contains(*pids, pid)) processes.push_back(fields);
    }
    return json{{"Titles", titles}, {"Processes", processes}};
}

} // namespace berth::containers
