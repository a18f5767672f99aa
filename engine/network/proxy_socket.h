#pragma once
// What TcpProxy and UdpProxy both start from: the held socket's duplicate made
// non-blocking (the allocator does no I/O on its own copy), and an eventfd
// that becomes readable when the proxy stops.

#include "base/error.h"
#include "base/unique_fd.h"

namespace berth::network {

// Makes `socket` non-blocking; returns the proxy's stop event.
Result<UniqueFd> prepare_proxy_socket(const UniqueFd& socket);

// Makes the stop event readable: every thread of the proxy sees it and ends.
void signal_proxy_stop(const UniqueFd& stop);

} // namespace berth::network
