#include "runtime/capabilities.h"

#include <gtest/gtest.h>

namespace berth::runtime {
namespace {

const CapabilitySet kAvailable = {"CAP_CHOWN", "CAP_KILL", "CAP_NET_ADMIN", "CAP_SYS_ADMIN", "CAP_SETUID"};

CapabilitySet tweak(std::vector<std::string> adds, std::vector<std::string> drops, bool privileged = false) {
    auto caps = tweak_capabilities(default_capabilities(), adds, drops, privileged, kAvailable);
    EXPECT_TRUE(caps) << (caps ? "" : caps.error().message());
    return caps.value_or(CapabilitySet{});
}

TEST(Capabilities, DockersDefaultSet) {
    EXPECT_EQ(default_capabilities().size(), 14u);
    EXPECT_TRUE(default_capabilities().contains("CAP_NET_BIND_SERVICE"));
    EXPECT_FALSE(default_capabilities().contains("CAP_SYS_ADMIN"));
    EXPECT_EQ(tweak({}, {}), default_capabilities());
}

TEST(Capabilities, NamesAreNormalised) {
    EXPECT_EQ(normalize_capability("net_admin").value(), "CAP_NET_ADMIN");
    EXPECT_EQ(normalize_capability("CAP_sys_admin").value(), "CAP_SYS_ADMIN");
    EXPECT_EQ(normalize_capability("all").value(), "ALL");
    auto unknown = normalize_capability("foo");
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().message(), "unknown capability: \"CAP_FOO\"");
}

TEST(Capabilities, AddAndDrop) {
    auto caps = tweak({"net_admin"}, {"CAP_CHOWN", "kill"});
    EXPECT_TRUE(caps.contains("CAP_NET_ADMIN"));
    EXPECT_FALSE(caps.contains("CAP_CHOWN"));
    EXPECT_FALSE(caps.contains("CAP_KILL"));
    EXPECT_EQ(caps.size(), 13u);
}

TEST(Capabilities, AllOnEitherSide) {
    EXPECT_EQ(tweak({"ALL"}, {"CAP_SYS_ADMIN"}), (CapabilitySet{"CAP_CHOWN", "CAP_KILL", "CAP_NET_ADMIN", "CAP_SETUID"}));
    EXPECT_EQ(tweak({"chown"}, {"all"}), (CapabilitySet{"CAP_CHOWN"}));
    EXPECT_EQ(tweak({}, {"ALL"}), CapabilitySet{});
    EXPECT_EQ(tweak({}, {}, true), kAvailable) << "privileged gets what the bounding set has";
}

TEST(Capabilities, UnknownNamesAreRefused) {
    auto caps = tweak_capabilities(default_capabilities(), {"CAP_WHATEVER"}, {}, false, kAvailable);
    ASSERT_FALSE(caps);
    EXPECT_EQ(caps.error().http_status(), 400);
}

TEST(Capabilities, Masks) {
    EXPECT_EQ(capability_mask({"CAP_CHOWN"}), 1u);
    EXPECT_EQ(capability_mask({"CAP_CHOWN", "CAP_KILL"}), 1u | (1u << 5));
    EXPECT_EQ(capability_mask({"CAP_CHECKPOINT_RESTORE"}), uint64_t{1} << 40);
}

} // namespace
} // namespace berth::runtime
