#include "compose/port_syntax.h"

#include "compose/yaml_values.h"

#include <charconv>
#include <string>

namespace berth::compose {
namespace {

struct PortRange {
    int first = 0;
    int last = 0;
    int size() const { return last - first + 1; }
};

Result<PortRange> parse_range(std::string_view text, std::string_view spec) {
    auto number = [&](std::string_view part) -> Result<int> {
        int value = 0;
        auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
        if (ec != std::errc{} || end != part.data() + part.size() || value < 0 || value > 65535)
            return fail(ErrorCategory::Invalid, "invalid containerPort: {}", spec);
        return value;
    };
    auto dash = text.find('-');
    auto first = number(text.substr(0, dash));
    if (!first)
        return std::unexpected(first.error());
    if (dash == std::string_view::npos)
        return PortRange{*first, *first};
    auto last = number(text.substr(dash + 1));
    if (!last)
        return std::unexpected(last.error());
    if (*last < *first)
        return fail(ErrorCategory::Invalid, "invalid range specified for port: {}", spec);
    return PortRange{*first, *last};
}

ConfigValue port_entry(std::string_view host_ip, int target, std::string published, std::string_view protocol) {
    ConfigValue entry = ConfigValue::map();
    entry.set("mode", ConfigValue::string("ingress"));
    if (!host_ip.empty())
        entry.set("host_ip", ConfigValue::string(std::string(host_ip)));
    entry.set("target", ConfigValue::integer(target));
    if (!published.empty())
        entry.set("published", ConfigValue::string(std::move(published)));
    entry.set("protocol", ConfigValue::string(std::string(protocol)));
    return entry;
}

// "ip:published:target" with the IP possibly IPv6 ("[::1]:80:80" or "::1:80:80").
void split_host_parts(std::string_view rest, std::string_view& host_ip, std::string_view& published,
                      std::string_view& target) {
    auto last = rest.rfind(':');
    if (last == std::string_view::npos) {
        target = rest;
        return;
    }
    target = rest.substr(last + 1);
    std::string_view before = rest.substr(0, last);
    auto second = before.rfind(':');
    if (second == std::string_view::npos) {
        published = before;
        return;
    }
    published = before.substr(second + 1);
    host_ip = before.substr(0, second);
    if (host_ip.size() >= 2 && host_ip.front() == '[' && host_ip.back() == ']')
        host_ip = host_ip.substr(1, host_ip.size() - 2);
}

ConfigValue normalize_long_port(const YAML::Node& node) {
    ConfigValue entry = ConfigValue::map();
    std::string target = scalar_text(node["target"]);
    entry.set("mode", ConfigValue::string(node["mode"] ? scalar_text(node["mode"]) : "ingress"));
    if (node["host_ip"])
        entry.set("host_ip", ConfigValue::string(scalar_text(node["host_ip"])));
    int target_number = 0;
    std::from_chars(target.data(), target.data() + target.size(), target_number);
    entry.set("target", ConfigValue::integer(target_number));
    if (node["published"] && !scalar_text(node["published"]).empty())
        entry.set("published", ConfigValue::string(scalar_text(node["published"])));
    entry.set("protocol", ConfigValue::string(node["protocol"] ? scalar_text(node["protocol"]) : "tcp"));
    if (node["name"])
        entry.set("name", ConfigValue::string(scalar_text(node["name"])));
    if (node["app_protocol"])
        entry.set("app_protocol", ConfigValue::string(scalar_text(node["app_protocol"])));
    return entry;
}

} // namespace

Result<void> expand_short_port(std::string_view spec, ConfigValue& out) {
    std::string_view rest = spec;
    std::string_view protocol = "tcp";
    if (auto slash = rest.rfind('/'); slash != std::string_view::npos) {
        protocol = rest.substr(slash + 1);
        rest = rest.substr(0, slash);
    }
    std::string_view host_ip, published, target;
    split_host_parts(rest, host_ip, published, target);
    auto targets = parse_range(target, spec);
    if (!targets)
        return std::unexpected(targets.error());
    if (published.empty()) {
        for (int port = targets->first; port <= targets->last; ++port)
            out.push_back(port_entry(host_ip, port, {}, protocol));
        return {};
    }
    auto published_range = parse_range(published, spec);
    if (!published_range)
        return fail(ErrorCategory::Invalid, "invalid hostPort: {}", published);
    if (targets->size() == 1) {
        // One container port published on a range of host ports: one entry, the range kept.
        out.push_back(port_entry(host_ip, targets->first, std::string(published), protocol));
        return {};
    }
    if (published_range->size() != targets->size())
        return fail(ErrorCategory::Invalid, "invalid ranges specified for container and host Ports: {} and {}",
                    target, published);
    for (int i = 0; i < targets->size(); ++i)
        out.push_back(port_entry(host_ip, targets->first + i, std::to_string(published_range->first + i), protocol));
    return {};
}

Result<ConfigValue> normalize_ports(const YAML::Node& ports) {
    ConfigValue out = ConfigValue::list();
    for (const auto& item : ports) {
        if (is_map(item)) {
            out.push_back(normalize_long_port(item));
            continue;
        }
        if (auto expanded = expand_short_port(scalar_text(item), out); !expanded)
            return std::unexpected(expanded.error());
    }
    return out;
}

} // namespace berth::compose
