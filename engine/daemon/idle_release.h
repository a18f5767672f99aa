#pragma once
// berthd gives memory back once it is idle (issue 15). Image work and container
// starts map in code of berthd and its libraries (with the kernel's
// fault-around, 64 KiB or a whole large folio around each page touched) and
// leave freed heap behind; an idle daemon needs little of either. When a check
// finds that no API request has arrived since the one before, and some had
// arrived before that, `release` runs once (berthd: monitor::release_idle_pages,
// which trims the heap and drops the pages of its read-only file mappings; the
// page cache keeps them, the next request maps back what it runs).
//
// A request that lasts (a push, a followed log) does not count as activity
// after its start: releasing during it costs a few minor faults, while waiting
// for every stream to end would mean never releasing beside a GUI that keeps
// `/events` open all day.

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>

namespace berth::daemon {

class IdleRelease {
public:
    // `activity`: a count that grows with each request (Router::requests()).
    // The first check after start() counts as after activity: what starting
    // up mapped in is released too.
    // Checks every `period` on `io` (until io stops; the timer goes with the object).
    IdleRelease(boost::asio::io_context& io, std::chrono::milliseconds period, std::function<uint64_t()> activity,
                std::function<void()> release);
    void start();

private:
    void schedule();
    void check();

    boost::asio::steady_timer timer_; // one wait at a time: check() never runs on two threads at once
    const std::chrono::milliseconds period_;
    const std::function<uint64_t()> activity_;
    const std::function<void()> release_;
    uint64_t seen_ = 0;
    bool active_since_release_ = true;
};

} // namespace berth::daemon
