#include "network/endpoint.h"

#include "network/netlink.h"

#include <nlohmann/json.hpp>

namespace berth::network {

Result<> add_link_local_addresses(Netlink& inside, int index, const EndpointOptions& options) {
    for (const auto& address : options.link_local4)
        if (auto added = inside.add_address(index, Ipv4Network{address, 16}); !added)
            return std::unexpected(std::move(added.error()).wrap("adding link-local address {}", address.to_string()));
    for (const auto& address : options.link_local6)
        if (auto added = inside.add_address(index, Ipv6Network{address, 64}); !added)
            return std::unexpected(std::move(added.error()).wrap("adding link-local address {}", address.to_string()));
    return {};
}

std::string endpoint_to_json(const Endpoint& e) {
    nlohmann::json document = {
        {"id", e.id},
        {"netns_path", e.netns_path},
        {"address", e.address.to_string()},
        {"prefix_length", e.prefix_length},
        {"gateway", e.gateway.to_string()},
        {"mac", e.mac},
        {"host_veth", e.host_veth},
        {"container_interface", e.container_interface},
        {"mtu", e.mtu},
    };
    if (e.ipv6) document["ipv6"] = e.ipv6->to_string();
    if (e.gateway6) document["gateway6"] = e.gateway6->to_string();
    return document.dump();
}

Result<Endpoint> endpoint_from_json(std::string_view text) {
    auto document = nlohmann::json::parse(text, nullptr, false);
    if (document.is_discarded() || !document.is_object())
        return fail(ErrorCategory::Invalid, "endpoint: not a JSON object");
    auto string_field = [&](const char* name) -> Result<std::string> {
        auto found = document.find(name);
        if (found == document.end() || !found->is_string())
            return fail(ErrorCategory::Invalid, "endpoint: missing \"{}\"", name);
        return found->get<std::string>();
    };
    auto number_field = [&](const char* name) -> Result<int64_t> {
        auto found = document.find(name);
        if (found == document.end() || !found->is_number_integer())
            return fail(ErrorCategory::Invalid, "endpoint: missing \"{}\"", name);
        return found->get<int64_t>();
    };
    Endpoint e;
    for (auto [name, target] : {std::pair{"id", &e.id}, std::pair{"netns_path", &e.netns_path},
                                std::pair{"mac", &e.mac}, std::pair{"host_veth", &e.host_veth},
                                std::pair{"container_interface", &e.container_interface}}) {
        auto value = string_field(name);
        if (!value) return std::unexpected(value.error());
        *target = std::move(*value);
    }
    for (auto [name, target] : {std::pair{"address", &e.address}, std::pair{"gateway", &e.gateway}}) {
        auto value = string_field(name);
        if (!value) return std::unexpected(value.error());
        auto parsed = Ipv4Address::parse(*value);
        if (!parsed) return std::unexpected(std::move(parsed.error()).wrap("endpoint {}", name));
        *target = *parsed;
    }
    auto prefix = number_field("prefix_length");
    if (!prefix) return std::unexpected(prefix.error());
    if (*prefix < 0 || *prefix > 32) return fail(ErrorCategory::Invalid, "endpoint: bad prefix_length {}", *prefix);
    e.prefix_length = static_cast<int>(*prefix);
    auto mtu = number_field("mtu");
    if (!mtu) return std::unexpected(mtu.error());
    if (*mtu < 68 || *mtu > 65535) return fail(ErrorCategory::Invalid, "endpoint: bad mtu {}", *mtu);
    e.mtu = static_cast<unsigned>(*mtu);
    if (auto ipv6 = string_field("ipv6")) {
        auto parsed = Ipv6Network::parse(*ipv6);
        if (!parsed) return std::unexpected(std::move(parsed.error()).wrap("endpoint ipv6"));
        e.ipv6 = *parsed;
    }
    if (auto gateway6 = string_field("gateway6")) {
        auto parsed = Ipv6Address::parse(*gateway6);
        if (!parsed) return std::unexpected(std::move(parsed.error()).wrap("endpoint gateway6"));
        e.gateway6 = *parsed;
    }
    return e;
}

} // namespace berth::network
