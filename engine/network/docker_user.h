#pragma once
// Living beside dockerd. With iptables on, dockerd sets the `ip filter` FORWARD
// policy to DROP (and br_netfilter sends bridged frames through it too). An
// accept in berthd's own table cannot override that: a packet dropped by any
// base chain is dropped. Docker's answer for its users is the DOCKER-USER chain,
// jumped to first from FORWARD and never flushed by dockerd; berthd puts its
// bridges' accepts there, each tagged with a comment naming the bridge:
//   iifname "<bridge>" accept comment "berth:<bridge>"
//   oifname "<bridge>" accept comment "berth:<bridge>"
// Isolation between berthd's networks stays in berthd's own tables (their
// drops still win). The same goes for ip6tables' `ip6 filter DOCKER-USER`
// (dockerd drops IPv6 forwarding there too). Nothing is done in a chain that
// does not exist (no dockerd, ip6tables off, or iptables-legacy, whose rules
// libnftables cannot see).

#include "base/error.h"
#include "network/nat.h"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::network {

// The comment that marks a rule as bridge `bridge`'s.
std::string docker_user_comment(const std::string& bridge);

// dockerd's chains of both families, as iptables-nft and ip6tables-nft make them.
inline constexpr std::string_view kDockerUserChains[] = {"ip filter DOCKER-USER", "ip6 filter DOCKER-USER"};

// Pure: the nft script inserting the two accepts at the top of DOCKER-USER.
std::string docker_user_accepts(const std::string& bridge, std::string_view chain = kDockerUserChains[0]);

// Pure: the handles of `bridge`'s rules in `nft -a list chain ip filter
// DOCKER-USER` output (all of berthd's, whatever the bridge, when `bridge` is
// empty).
std::vector<uint64_t> docker_user_handles(const std::string& listing, const std::string& bridge);

// Pure: the bridges that have rules of ours in that listing.
std::vector<std::string> docker_user_bridges(const std::string& listing);

// Makes sure each DOCKER-USER that exists has exactly `bridge`'s two accepts
// (left alone when they are there already). Returns whether one exists.
Result<bool> open_docker_user(Firewall& firewall, const std::string& bridge);

// Removes `bridge`'s rules from both DOCKER-USER chains, if any.
Result<> close_docker_user(Firewall& firewall, const std::string& bridge);

// Removes berthd's rules for bridges that no longer exist (`exists` says), as
// a crash or a killed berthd leaves them; other daemons' live bridges keep theirs.
Result<> prune_docker_user(Firewall& firewall, const std::function<bool(const std::string&)>& exists);

} // namespace berth::network
