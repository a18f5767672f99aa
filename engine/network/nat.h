#pragma once
// Outbound NAT and forwarding for a bridge network, in one nftables table of our
// own (`ip berth`, and `ip6 berth` beside it for a network with IPv6), so removing the network is removing the table and nothing of
// the host's or docker.io's rules is touched. The rules match what dockerd puts
// in iptables for docker0:
//   -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
//   -A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
//   -A FORWARD -i docker0 -j ACCEPT
// The kernel is reached through the Firewall interface so the logic can be
// checked against a fake.

#include "base/error.h"
#include "network/ipv4.h"
#include "network/ipv6.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace berth::network {

struct NatRules {
    std::string table;  // nftables table name in the ip family ("berth")
    std::string bridge; // the bridge's interface name ("berth0")
    Ipv4Network subnet; // the network's subnet
    // A network with IPv6: the same table in the ip6 family too, with the
    // masquerade for this subnet and the same forward rules (isolation holds
    // for IPv6 as for IPv4).
    std::optional<Ipv6Network> subnet6;
    // `docker network create --internal`: no masquerade, nothing forwarded
    // between the bridge and any other interface (dockerd's isolation rules).
    bool internal = false;
    // Interfaces (nft wildcards like "bt-*") of the other networks: nothing is
    // forwarded from this bridge to them, as dockerd's DOCKER-ISOLATION chains do.
    std::vector<std::string> isolated_from;
};

// The nft script that (re)creates the table with exactly these rules in one
// transaction: the table is declared, deleted and declared again, so applying
// it twice leaves one copy and no stale rules.
std::string nat_ruleset(const NatRules& rules);

// Words: a `table` is one nftables table in the ip family, owned whole by us.
class Firewall {
public:
    virtual ~Firewall() = default;
    // Runs an nft script as one transaction.
    virtual Result<> apply(const std::string& script) = 0;
    // Removes the table (ip, and ip6 of the same name); one that does not exist is not an error.
    virtual Result<> remove_table(const std::string& table) = 0;
    // `nft list table ip <table>`; NotFound when it does not exist.
    virtual Result<std::string> list_table(const std::string& table) = 0;
    // The names of every table in the ip family (anyone's).
    virtual Result<std::vector<std::string>> list_tables() = 0;
    // `nft -a list chain <family table chain>` (each rule followed by "# handle
    // N"); NotFound when the table or chain does not exist (the default, for fakes).
    virtual Result<std::string> list_chain_with_handles(const std::string& chain);
};

// The kernel's nftables through libnftables.
std::unique_ptr<Firewall> make_nftables_firewall();

// Lets the host route between the bridge and its other interfaces
// (net.ipv4.ip_forward = 1, as dockerd sets it). `path` is for tests; a
// network with IPv6 also needs kIpv6Forwarding (net.ipv6.conf.all.forwarding,
// which dockerd sets for it too).
inline constexpr const char* kIpv6Forwarding = "/proc/sys/net/ipv6/conf/all/forwarding";
Result<> enable_ip_forwarding(const std::string& path = "/proc/sys/net/ipv4/ip_forward");

} // namespace berth::network
