#include "containers/network_attachments.h"

#include <algorithm>
#include <format>

namespace berth::containers {

using nlohmann::json;

namespace {

// The top-level keys an attachment's JSON has (Attachment::to_json).
constexpr const char* kAttachmentKeys[] = {"ip",           "prefix_length", "gateway",      "mac",       "host_veth",
                                           "endpoint_id", "network_id",    "network_name", "aliases", "interface",
                                           "owner"};

std::string network_mode(const Container& c) {
    auto found = c.host_config.find("NetworkMode");
    std::string mode = found != c.host_config.end() && found->is_string() ? found->get<std::string>() : "";
    return mode.empty() || mode == "default" ? "bridge" : mode;
}

// MacAddress and IPAMConfig.LinkLocalIPs (checked at create: see config/network_settings).
Result<> apply_endpoint_options(const json& settings, network::EndpointOptions& options) {
    if (std::string mac = settings.value("MacAddress", ""); !mac.empty()) {
        options.mac = network::parse_mac(mac);
        if (!options.mac) return fail(ErrorCategory::Invalid, "invalid MAC address {}", mac);
    }
    auto ipam = settings.find("IPAMConfig");
    if (ipam == settings.end() || !ipam->is_object()) return {};
    auto link_local = ipam->find("LinkLocalIPs");
    if (link_local == ipam->end() || !link_local->is_array()) return {};
    for (const auto& entry : *link_local) {
        std::string text = entry.is_string() ? entry.get<std::string>() : entry.dump();
        if (network::looks_like_ipv6(text)) {
            auto address = network::Ipv6Address::parse(text);
            if (!address) return fail(ErrorCategory::Invalid, "invalid link-local IP address: {}", text);
            options.link_local6.push_back(*address);
        } else {
            auto address = network::Ipv4Address::parse(text);
            if (!address) return fail(ErrorCategory::Invalid, "invalid link-local IP address: {}", text);
            options.link_local4.push_back(*address);
        }
    }
    return {};
}

} // namespace

std::vector<network::Attachment> attachments_of(const Container& c) {
    std::vector<network::Attachment> out;
    if (auto list = c.network.find("attachments"); list != c.network.end() && list->is_array()) {
        for (const auto& saved : *list) {
            if (!saved.is_object()) continue;
            network::Attachment a = network::Attachment::from_json(saved);
            if (a.endpoint.id.empty()) a.endpoint.id = c.id;
            out.push_back(std::move(a));
        }
        return out;
    }
    if (c.network.contains("host_veth")) {
        network::Attachment a = network::Attachment::from_json(c.network);
        // Records from before the network service: the container's id owns the address.
        if (a.endpoint.id.empty()) a.endpoint.id = c.id;
        out.push_back(std::move(a));
    }
    return out;
}

void set_attachments(Container& c, const std::vector<network::Attachment>& attachments) {
    if (!c.network.is_object()) c.network = json::object();
    for (const char* key : kAttachmentKeys) c.network.erase(key);
    json list = json::array();
    for (const auto& a : attachments) {
        json saved = a.to_json();
        saved.erase("netns");
        list.push_back(std::move(saved));
    }
    if (!attachments.empty()) {
        json first = attachments.front().to_json();
        for (auto it = first.begin(); it != first.end(); ++it)
            if (it.key() != "netns") c.network[it.key()] = it.value();
    }
    c.network["attachments"] = std::move(list);
}

std::string next_interface_name(const std::vector<network::Attachment>& attachments) {
    for (int index = 0;; ++index) {
        std::string name = std::format("eth{}", index);
        if (std::ranges::none_of(attachments, [&](const auto& a) { return a.endpoint.container_interface == name; }))
            return name;
    }
}

std::vector<std::string> wanted_networks(const Container& c) {
    std::string mode = network_mode(c);
    if (mode == "host" || mode == "none" || mode.starts_with("container:")) return {};
    std::vector<std::string> out;
    if (!c.network_mode_detached) out.push_back(mode);
    if (c.endpoints_config.is_object())
        for (auto it = c.endpoints_config.begin(); it != c.endpoints_config.end(); ++it)
            if (!std::ranges::contains(out, it.key())) out.push_back(it.key());
    return out;
}

Result<> apply_endpoint_settings(const json& settings, network::AttachRequest& request) {
    if (!settings.is_object()) return {};
    if (auto aliases = settings.find("Aliases"); aliases != settings.end() && aliases->is_array())
        for (const auto& alias : *aliases)
            if (alias.is_string() && !std::ranges::contains(request.aliases, alias.get<std::string>()))
                request.aliases.push_back(alias.get<std::string>());
    auto ipam = settings.find("IPAMConfig");
    std::string ip = ipam != settings.end() && ipam->is_object() ? ipam->value("IPv4Address", "") : "";
    if (!ip.empty()) {
        auto address = network::Ipv4Address::parse(ip);
        if (!address) return fail(ErrorCategory::Invalid, "invalid IPv4 address {}", ip);
        request.address = *address;
    }
    std::string ip6 = ipam != settings.end() && ipam->is_object() ? ipam->value("IPv6Address", "") : "";
    if (!ip6.empty()) {
        auto address6 = network::Ipv6Address::parse(ip6);
        if (!address6) return fail(ErrorCategory::Invalid, "invalid IPv6 address {}", ip6);
        request.address6 = *address6;
    }
    return apply_endpoint_options(settings, request.options);
}

std::optional<network::Attachment> attachment_on(const std::vector<network::Attachment>& attachments,
                                                 const std::string& network_id, const std::string& network_name) {
    for (const auto& a : attachments)
        if ((!network_id.empty() && a.network_id == network_id) || a.network_name == network_name) return a;
    return std::nullopt;
}

} // namespace berth::containers
