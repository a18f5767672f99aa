#include "daemon/idle_release.h"

namespace berth::daemon {

IdleRelease::IdleRelease(boost::asio::io_context& io, std::chrono::milliseconds period,
                         std::function<uint64_t()> activity, std::function<void()> release)
    : timer_(io), period_(period), activity_(std::move(activity)), release_(std::move(release)) {}

void IdleRelease::start() {
    seen_ = activity_();
    active_since_release_ = true;
    schedule();
}

void IdleRelease::schedule() {
    timer_.expires_after(period_);
    timer_.async_wait([this](boost::system::error_code ec) {
        if (ec) return; // cancelled: the object is going
        check();
        schedule();
    });
}

void IdleRelease::check() {
    uint64_t now = activity_();
    if (now != seen_) {
        seen_ = now;
        active_since_release_ = true;
        return;
    }
    if (!active_since_release_) return;
    active_since_release_ = false;
    release_();
}

} // namespace berth::daemon
