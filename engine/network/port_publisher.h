#pragma once
// Publishing a container's ports on the host: the host ports chosen and held
// (HostPortAllocator), net.ipv4.conf.<bridge>.route_localnet=1 (so 127.0.0.1
// can be DNATed out of the bridge), and the container's own nftables table
// `berth_p_<12 hex of its id>` with the rules of dnat_ruleset(). One table per
// container: unpublishing is dropping it, and nothing of another container's
// or anyone else's rules is touched.
//
// IPv6 (Docker 27+): a port with no host IP is published on [::] too where
// the host has IPv6; a container with an IPv6 address is reached by DNAT in
// the table's ip6 twin, and what DNAT cannot carry (::1, a container without
// IPv6) goes through a TcpProxy or UdpProxy on the held socket
// (userland_proxy.h, udp_proxy.h).
//
// Lifecycle: publish() as a step of the container's network setup (after its
// endpoint exists), unpublish() when it stops, dies or goes, restore() for a
// container still running when berthd starts again (the table survived, the
// sockets did not). Thread-safe.

#include "base/error.h"
#include "network/host_port_allocator.h"
#include "network/nat.h"
#include "network/port_mapping.h"
#include "network/udp_proxy.h"
#include "network/userland_proxy.h"

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace berth::network {

// Where a container's published ports lead.
struct PublishTarget {
    std::string owner;     // the container id: names the table and holds the sockets
    std::string bridge;    // the network's bridge ("berth0", "bt-...")
    Ipv4Address container; // the container's address on it
    Ipv4Network subnet;    // the bridge's subnet (hairpin from other containers)
    // On a network with IPv6: the container's IPv6 address and the bridge's IPv6 subnet.
    std::optional<Ipv6Address> container6 = std::nullopt;
    std::optional<Ipv6Network> subnet6 = std::nullopt;
};

// Whether this host can listen on IPv6 (moby's IsV6Listenable): without it no
// port is published on [::].
bool host_can_listen_on_ipv6();

struct PortPublisherOptions {
    std::string port_range_file = "/proc/sys/net/ipv4/ip_local_port_range";
    std::string interface_sysctls = "/proc/sys/net/ipv4/conf"; // <dir>/<bridge>/route_localnet
    bool ipv6 = host_can_listen_on_ipv6(); // publish on [::] too
};

class PortPublisher {
public:
    PortPublisher(std::unique_ptr<Firewall> firewall, PortPublisherOptions options = {});

    // The table of a container's published ports: "berth_p_" + 12 hex digits.
    static std::string table_for(const std::string& owner);

    // Chooses and holds the host ports, applies the rules; the ports as chosen.
    // Nothing is left behind on failure. No requests: nothing is done.
    Result<std::vector<PublishedPort>> publish(const PublishTarget& target, const std::vector<PortRequest>& requests);

    // Holds exactly these ports again and reapplies the rules (berthd restart).
    Result<> restore(const PublishTarget& target, const std::vector<PublishedPort>& ports);

    // Drops the table and closes the sockets; never fails for the caller (what
    // cannot be removed is logged).
    void unpublish(const std::string& owner);

    // Drops the tables these owners left (berthd died between applying a
    // table and saving the container's record). Only the owners named: other
    // daemons' containers on this host keep theirs.
    void remove_stale(const std::vector<std::string>& owners);

    const HostPortAllocator& allocator() const { return allocator_; }

private:
    // The requests as the allocator takes them: [::] beside 0.0.0.0 where it
    // reaches the container; NotImplemented for an IPv6 sctp port nothing carries.
    Result<std::vector<PortRequest>> with_ipv6(const PublishTarget& target, std::vector<PortRequest> requests) const;
    Result<> apply_rules(const PublishTarget& target, const std::vector<PublishedPort>& ports);
    // The rules, then the proxies of the IPv6 tcp and udp ports; on failure the caller unpublishes.
    Result<> forward(const PublishTarget& target, const std::vector<PublishedPort>& ports);
    Result<> start_proxies(const PublishTarget& target, const std::vector<PublishedPort>& ports);

    std::unique_ptr<Firewall> firewall_;
    PortPublisherOptions options_;
    HostPortAllocator allocator_;
    std::mutex mutex_; // guards proxies_
    std::map<std::string, std::vector<std::unique_ptr<PortProxy>>> proxies_;
};

} // namespace berth::network
