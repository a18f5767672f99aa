#include "network/proxy_socket.h"

#include "base/log.h"

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>
#include <sys/eventfd.h>

namespace berth::network {

Result<UniqueFd> prepare_proxy_socket(const UniqueFd& socket) {
    int flags = ::fcntl(socket.get(), F_GETFL);
    if (flags < 0 || ::fcntl(socket.get(), F_SETFL, flags | O_NONBLOCK) < 0)
        return fail_errno("making the proxy's socket non-blocking");
    UniqueFd stop(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
    if (!stop) return fail_errno("making the proxy's stop event");
    return stop;
}

void signal_proxy_stop(const UniqueFd& stop) {
    uint64_t one = 1;
    if (::write(stop.get(), &one, sizeof(one)) != sizeof(one)) log::warn("stopping a port proxy: {}", errno);
}

} // namespace berth::network
