#pragma once
// berthd's userland proxy for the UDP datagrams of a published port that DNAT
// cannot carry (see userland_proxy.h for which: ::1, and IPv6 to a container
// without IPv6), as docker-proxy relays them for dockerd: each client address
// gets its own flow, a socket connected to the container, so the container's
// replies find their way back to that client; a flow idle for 90 s (docker-
// proxy's UDPConnTrackTimeout) is closed. Replies leave from the held socket,
// so the client sees them come from the address and port it sent to.
//
// One thread relays everything (datagrams are small and few here); it is
// joined by the destructor, never detached. At most kMaxUdpFlows flows at
// once: a new client beyond that takes the place of the longest idle one.

#include "base/error.h"
#include "base/unique_fd.h"
#include "network/userland_proxy.h"

#include <chrono>
#include <map>
#include <memory>
#include <netinet/in.h>
#include <string>
#include <thread>

namespace berth::network {

inline constexpr std::chrono::milliseconds kUdpFlowIdleTimeout = std::chrono::seconds(90);
inline constexpr std::size_t kMaxUdpFlows = 1024;

class UdpProxy final : public PortProxy {
  public:
    // Starts relaying what arrives on `socket` (a bound IPv6 datagram socket) to `upstream`.
    static Result<std::unique_ptr<UdpProxy>> start(UniqueFd socket, const sockaddr_storage& upstream,
                                                   std::chrono::milliseconds idle_timeout = kUdpFlowIdleTimeout);

    // Stops relaying, closes every flow, joins the thread.
    ~UdpProxy() override;
    UdpProxy(const UdpProxy&) = delete;
    UdpProxy& operator=(const UdpProxy&) = delete;

  private:
    struct Flow {
        UniqueFd upstream; // connected to the container
        sockaddr_in6 client{};
        std::chrono::steady_clock::time_point last_used;
    };

    UdpProxy(UniqueFd socket, UniqueFd stop, const sockaddr_storage& upstream, std::chrono::milliseconds idle_timeout);
    void run();
    // The datagrams waiting on the held socket, each to its client's flow.
    void from_clients();
    // The container's replies on one flow, back to its client.
    void to_client(Flow& flow);
    Flow* flow_for(const sockaddr_in6& client);
    void close_idle_flows();

    UniqueFd socket_;
    UniqueFd stop_; // an eventfd: readable once the proxy stops
    sockaddr_storage upstream_;
    std::chrono::milliseconds idle_timeout_;
    std::map<std::string, Flow> flows_; // by client address; the thread's alone
    std::thread thread_;
};

} // namespace berth::network
