#pragma once
// The event bus behind GET /events. Every part of the engine publishes what it does
// (container start, image pull, daemon reload, ...) here; subscribers receive what
// was published after they subscribed, plus, on request, the recent past: the bus
// keeps the last kHistorySize events, as dockerd keeps the last 256, for `since`.

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace berth::daemon {

struct Event {
    std::string type;   // "container", "image", "volume", "network", "daemon", ...
    std::string action; // "create", "start", "reload", "health_status: healthy", ...
    std::string actor_id;
    std::map<std::string, std::string> attributes;
    std::string scope = "local";
    int64_t time_ns = 0; // set by the bus when published

    // The Engine API's shape, with the pre-1.22 fields (status, id, from) that
    // the docker CLI still reads for containers and images.
    nlohmann::json to_json() const;
};

class EventBus;

// A subscriber's queue. Publishers append and call `wake`, from any thread; the
// subscriber drains with take(). Unsubscribes when destroyed.
class Subscription {
public:
    ~Subscription();
    Subscription(const Subscription&) = delete;
    Subscription& operator=(const Subscription&) = delete;

    std::vector<Event> take();

private:
    friend class EventBus;
    Subscription(EventBus& bus, std::function<void()> wake) : bus_(bus), wake_(std::move(wake)) {}
    void deliver(const Event& event);

    EventBus& bus_;
    std::function<void()> wake_;
    std::mutex mutex_;
    std::vector<Event> pending_;
};

class EventBus {
public:
    static constexpr size_t kHistorySize = 256;

    // Stamps the event's time (kept increasing) and hands it to every subscriber.
    void publish(Event event);

    // A subscription whose queue starts with the kept events at or after `since_ns`
    // (none when absent), so nothing published in between is lost or repeated.
    std::unique_ptr<Subscription> subscribe(std::optional<int64_t> since_ns, std::function<void()> wake);

    size_t subscriber_count() const;

private:
    friend class Subscription;
    void unsubscribe(Subscription* subscription);

    mutable std::mutex mutex_;
    std::deque<Event> history_;
    std::set<Subscription*> subscribers_;
    int64_t last_time_ns_ = 0;
};

} // namespace berth::daemon
