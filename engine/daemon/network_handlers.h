#pragma once
// The /networks endpoints: create, list (filters), inspect, remove, prune.
// connect/disconnect at runtime answer 501 until containers hold several
// endpoints.

#include "api/server/router.h"
#include "network/network_controller.h"

#include <boost/asio/thread_pool.hpp>

namespace berth::daemon {

struct NetworkContext {
    network::NetworkController& networks;
    boost::asio::thread_pool& blocking_pool;
};

void add_network_routes(api::Router& router, NetworkContext& context);

} // namespace berth::daemon
