#include "volumes/local_options.h"

#include <gtest/gtest.h>
#include <sys/mount.h>

namespace berth::volumes {
namespace {

TEST(LocalOptions, NoneIsAPlainDirectory) {
    auto plan = plan_local_mount({});
    ASSERT_TRUE(plan);
    EXPECT_FALSE(*plan);
}

TEST(LocalOptions, TmpfsWithSize) {
    auto plan = plan_local_mount({{"type", "tmpfs"}, {"device", "tmpfs"}, {"o", "size=100m,uid=1000,noexec"}});
    ASSERT_TRUE(plan) << plan.error().message();
    ASSERT_TRUE(*plan);
    EXPECT_EQ((*plan)->type, "tmpfs");
    EXPECT_EQ((*plan)->device, "tmpfs");
    EXPECT_EQ((*plan)->data, "size=100m,uid=1000");
    EXPECT_EQ((*plan)->flags, static_cast<unsigned long>(MS_NOEXEC));
}

TEST(LocalOptions, BindOfAHostDirectory) {
    auto plan = plan_local_mount({{"type", "none"}, {"device", "/srv/data"}, {"o", "bind,ro"}});
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_EQ((*plan)->flags, static_cast<unsigned long>(MS_BIND | MS_RDONLY));
    EXPECT_EQ((*plan)->data, "");
    EXPECT_FALSE(plan_local_mount({{"type", "none"}, {"device", "relative"}, {"o", "bind"}}));
}

TEST(LocalOptions, RefusedWithDockersWords) {
    EXPECT_EQ(plan_local_mount({{"colour", "red"}}).error().message(), "invalid option: \"colour\"");
    EXPECT_EQ(plan_local_mount({{"device", "tmpfs"}}).error().message(), "missing required option: \"type\"");
    EXPECT_EQ(plan_local_mount({{"type", "tmpfs"}}).error().message(), "missing required option: \"device\"");
    EXPECT_EQ(plan_local_mount({{"type", "tmpfs"}}).error().http_status(), 400);
}

} // namespace
} // namespace berth::volumes
