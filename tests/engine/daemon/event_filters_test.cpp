#include "daemon/event_filters.h"

#include <gtest/gtest.h>

namespace berth::daemon {
namespace {

EventFilter filter(std::string_view json) { return EventFilter::from(api::Filters::parse(json).value()).value(); }

const Event kContainerStart{.type = "container", .action = "start", .actor_id = "c0ffee",
                            .attributes = {{"name", "web"}, {"image", "busybox"}, {"tier", "front"}}};
const Event kHealth{.type = "container", .action = "health_status: healthy", .actor_id = "c0ffee",
                    .attributes = {{"name", "web"}}};
const Event kReload{.type = "daemon", .action = "reload", .actor_id = "engine-1", .attributes = {{"name", "vm"}}};

TEST(EventFilter, EmptyMatchesEverything) {
    EXPECT_TRUE(filter("{}").matches(kContainerStart));
    EXPECT_TRUE(filter("{}").matches(kReload));
}

TEST(EventFilter, TypeAndAction) {
    EXPECT_TRUE(filter(R"({"type":["daemon"]})").matches(kReload));
    EXPECT_FALSE(filter(R"({"type":["container"]})").matches(kReload));
    EXPECT_TRUE(filter(R"({"event":["reload","stop"]})").matches(kReload));
    EXPECT_FALSE(filter(R"({"event":["stop"]})").matches(kContainerStart));
    EXPECT_TRUE(filter(R"({"event":["health_status"]})").matches(kHealth));
}

TEST(EventFilter, ObjectsByIdOrName) {
    EXPECT_TRUE(filter(R"({"container":["web"]})").matches(kContainerStart));
    EXPECT_TRUE(filter(R"({"container":["c0ffee"]})").matches(kContainerStart));
    EXPECT_FALSE(filter(R"({"container":["db"]})").matches(kContainerStart));
    EXPECT_FALSE(filter(R"({"container":["web"]})").matches(kReload));
    EXPECT_TRUE(filter(R"({"daemon":["engine-1"]})").matches(kReload));
    EXPECT_TRUE(filter(R"({"image":["busybox"]})").matches(kContainerStart));
}

TEST(EventFilter, LabelsByKeyOrKeyValue) {
    EXPECT_TRUE(filter(R"({"label":["tier"]})").matches(kContainerStart));
    EXPECT_TRUE(filter(R"({"label":["tier=front"]})").matches(kContainerStart));
    EXPECT_FALSE(filter(R"({"label":["tier=back"]})").matches(kContainerStart));
}

TEST(EventFilter, AllKeysMustMatch) {
    EXPECT_FALSE(filter(R"({"type":["container"],"event":["reload"]})").matches(kContainerStart));
    EXPECT_TRUE(filter(R"({"type":["container"],"event":["start"],"scope":["local"]})").matches(kContainerStart));
}

TEST(EventFilter, UnknownKeysAreRefused) {
    auto refused = EventFilter::from(api::Filters::parse(R"({"colour":["red"]})").value());
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().message(), "invalid filter 'colour'");
}

} // namespace
} // namespace berth::daemon
