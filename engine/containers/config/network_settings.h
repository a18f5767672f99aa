#pragma once
// The network side of a create request: HostConfig.NetworkMode, the conflicts
// dockerd's validateNetMode refuses, ExtraHosts, port specs, and
// NetworkingConfig.EndpointsConfig. Berth has the default bridge, none, host
// and container:<x> and user-defined bridge networks (one per container so
// far); published ports answer 501 until that work lands.

#include "api/version.h"
#include "base/error.h"
#include "containers/config/config_types.h"

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace berth::containers::config {

// "" and "default" -> "bridge"; "bridge", "none", "host", "container:<x>" as
// they are; `container:` alone: `Invalid network mode: invalid container format
// container:<name|id>`; any other name is a user-defined network, returned as
// it is (whether it exists is the network service's to say).
Result<std::string> normalize_network_mode(std::string_view mode);

// Docker's ValidateExtraHost: "name:ip" (IPv6 allowed, optionally in brackets)
// or "name:host-gateway"; `bad format for add-host: "x"`, `invalid IP address in add-host: "y"`.
Result<> validate_extra_host(std::string_view entry);

// "80", "80/tcp", "8000-8010/udp" (Docker's nat.ParsePortSpec for the key of
// PortBindings/ExposedPorts); `invalid port specification: "x"`.
Result<> validate_port_spec(std::string_view spec);

struct NetworkRequest {
    bool has_links = false;
    bool has_port_bindings = false;
};

// dockerd's validateNetMode (container: and host modes against hostname,
// links, dns, extra hosts, MAC address, published and exposed ports; host UTS
// against hostname and domainname). `network_mode` already normalized.
Result<> validate_network_conflicts(const ContainerConfig& config, const HostConfig& host_config,
                                    const NetworkRequest& request);

// NetworkingConfig.EndpointsConfig: "default" renamed to the mode's network,
// at most one endpoint before API 1.44, the deprecated Config.MacAddress moved
// into the endpoint (clearing it from `config`, with Docker's warning on 1.44+),
// static IPs and aliases refused on the default bridge as Docker does, other
// networks other than NetworkMode's 501. Returns the endpoints as inspect and the network code take them.
Result<nlohmann::json> normalize_endpoints(const nlohmann::json& endpoints_config, const std::string& network_mode,
                                           ContainerConfig& config, api::ApiVersion version,
                                           std::vector<std::string>& warnings);

} // namespace berth::containers::config
