#include "daemon/events.h"

#include "base/clock.h"

namespace berth::daemon {

nlohmann::json Event::to_json() const {
    nlohmann::json json = {
        {"Type", type},
        {"Action", action},
        {"Actor", {{"ID", actor_id}, {"Attributes", attributes}}},
        {"scope", scope},
        {"time", time_ns / 1'000'000'000},
        {"timeNano", time_ns},
    };
    if (type == "container" || type == "image") {
        json["status"] = action;
        json["id"] = actor_id;
        if (auto image = attributes.find("image"); image != attributes.end()) json["from"] = image->second;
    }
    return json;
}

Subscription::~Subscription() { bus_.unsubscribe(this); }

std::vector<Event> Subscription::take() {
    std::lock_guard lock(mutex_);
    return std::exchange(pending_, {});
}

void Subscription::deliver(const Event& event) {
    {
        std::lock_guard lock(mutex_);
        pending_.push_back(event);
    }
    wake_();
}

void EventBus::publish(Event event) {
    std::lock_guard lock(mutex_);
    // Strictly increasing times keep `since`/`until` replays exact.
    event.time_ns = std::max(now_ns(), last_time_ns_ + 1);
    last_time_ns_ = event.time_ns;
    history_.push_back(event);
    if (history_.size() > kHistorySize) history_.pop_front();
    for (Subscription* subscriber : subscribers_) subscriber->deliver(event);
}

std::unique_ptr<Subscription> EventBus::subscribe(std::optional<int64_t> since_ns, std::function<void()> wake) {
    std::unique_ptr<Subscription> subscription(new Subscription(*this, std::move(wake)));
    std::lock_guard lock(mutex_);
    if (since_ns) {
        for (const Event& event : history_)
            if (event.time_ns >= *since_ns) subscription->pending_.push_back(event);
    }
    subscribers_.insert(subscription.get());
    return subscription;
}

size_t EventBus::subscriber_count() const {
    std::lock_guard lock(mutex_);
    return subscribers_.size();
}

void EventBus::unsubscribe(Subscription* subscription) {
    std::lock_guard lock(mutex_);
    subscribers_.erase(subscription);
}

} // namespace berth::daemon
