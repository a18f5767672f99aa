#include "daemon/events.h"

#include <atomic>
#include <gtest/gtest.h>
#include <thread>

namespace berth::daemon {
namespace {

Event daemon_event(std::string action) {
    return Event{.type = "daemon", .action = std::move(action), .actor_id = "engine", .attributes = {{"name", "vm"}}};
}

TEST(EventBus, SubscribersSeeWhatIsPublishedAfterThem) {
    EventBus bus;
    bus.publish(daemon_event("before"));
    int wakes = 0;
    auto subscription = bus.subscribe(std::nullopt, [&] { ++wakes; });
    bus.publish(daemon_event("after"));
    auto events = subscription->take();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].action, "after");
    EXPECT_EQ(wakes, 1);
    EXPECT_TRUE(subscription->take().empty());
}

TEST(EventBus, SinceReplaysKeptHistoryWithoutGapsOrRepeats) {
    EventBus bus;
    bus.publish(daemon_event("one"));
    auto probe = bus.subscribe(std::nullopt, [] {});
    bus.publish(daemon_event("two"));
    int64_t two_time = probe->take().at(0).time_ns;
    bus.publish(daemon_event("three"));
    auto subscription = bus.subscribe(two_time, [] {});
    bus.publish(daemon_event("four"));
    auto events = subscription->take();
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[0].action, "two");
    EXPECT_EQ(events[1].action, "three");
    EXPECT_EQ(events[2].action, "four");
    EXPECT_LT(events[0].time_ns, events[1].time_ns);
}

TEST(EventBus, HistoryIsBounded) {
    EventBus bus;
    for (size_t i = 0; i < EventBus::kHistorySize + 10; ++i) bus.publish(daemon_event(std::to_string(i)));
    auto subscription = bus.subscribe(0, [] {});
    auto events = subscription->take();
    ASSERT_EQ(events.size(), EventBus::kHistorySize);
    EXPECT_EQ(events.front().action, "10");
}

TEST(EventBus, UnsubscribesOnDestruction) {
    EventBus bus;
    {
        auto subscription = bus.subscribe(std::nullopt, [] {});
        EXPECT_EQ(bus.subscriber_count(), 1u);
    }
    EXPECT_EQ(bus.subscriber_count(), 0u);
    bus.publish(daemon_event("nobody listens"));
}

TEST(EventBus, ConcurrentPublishersLoseNothing) {
    EventBus bus;
    std::atomic<int> wakes = 0;
    auto subscription = bus.subscribe(std::nullopt, [&] { ++wakes; });
    std::vector<std::jthread> publishers;
    for (int t = 0; t < 4; ++t)
        publishers.emplace_back([&] {
            for (int i = 0; i < 250; ++i) bus.publish(daemon_event("x"));
        });
    publishers.clear();
    EXPECT_EQ(subscription->take().size(), 1000u);
    EXPECT_EQ(wakes, 1000);
}

TEST(Event, JsonHasDockersShape) {
    Event event{.type = "container", .action = "start", .actor_id = "abc", .attributes = {{"image", "busybox"}}};
    event.time_ns = 1'700'000'000'123'456'789;
    auto json = event.to_json();
    EXPECT_EQ(json["Type"], "container");
    EXPECT_EQ(json["Action"], "start");
    EXPECT_EQ(json["Actor"]["ID"], "abc");
    EXPECT_EQ(json["Actor"]["Attributes"]["image"], "busybox");
    EXPECT_EQ(json["scope"], "local");
    EXPECT_EQ(json["time"], 1'700'000'000);
    EXPECT_EQ(json["timeNano"], 1'700'000'000'123'456'789);
    EXPECT_EQ(json["status"], "start");
    EXPECT_EQ(json["from"], "busybox");
    EXPECT_FALSE(daemon_event("reload").to_json().contains("status"));
}

} // namespace
} // namespace berth::daemon
