#pragma once
// A container's networks as its record keeps them. `Container::network` holds
// the namespace ("netns"), the published ports ("ports") and, under
// "attachments", one network::Attachment per network in interface order (eth0,
// eth1...). The first attachment's fields are also kept at the top level, as
// records had them when a container had one network, so readers of the main
// network (ports, /etc/hosts, inspect's top-level IPAddress) need not change.
//
// Which networks a container wants: HostConfig.NetworkMode first, then the
// other networks of `endpoints_config` (by name; a json object keeps its keys
// sorted, which is the order Docker's own sort of endpoints gives too).

#include "containers/container.h"
#include "network/network_service.h"

#include <optional>
#include <string>
#include <vector>

namespace berth::containers {

// Every attachment of a running container, records from before several
// networks (one attachment at the top level) included.
std::vector<network::Attachment> attachments_of(const Container& container);
// Replaces the attachments, keeping "netns" and "ports".
void set_attachments(Container& container, const std::vector<network::Attachment>& attachments);

// The first ethN no attachment uses.
std::string next_interface_name(const std::vector<network::Attachment>& attachments);

// NetworkMode (unless network_mode_detached), then the rest of
// endpoints_config's networks; empty for host, none and container:<id>.
std::vector<std::string> wanted_networks(const Container& container);

// EndpointsConfig.<network>: Aliases and IPAMConfig.IPv4Address as an
// AttachRequest's (the rest of the request is the caller's). Invalid for an
// address that does not parse.
Result<> apply_endpoint_settings(const nlohmann::json& settings, network::AttachRequest& request);

// The attachment on a network, by its id or name.
std::optional<network::Attachment> attachment_on(const std::vector<network::Attachment>& attachments,
                                                 const std::string& network_id, const std::string& network_name);

} // namespace berth::containers
