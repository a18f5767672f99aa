#include "volumes/volume_name.h"

#include <gtest/gtest.h>

namespace berth::volumes {
namespace {

TEST(VolumeName, DockersPattern) {
    for (const char* good : {"data", "a1", "my_vol.2-x", "0abc", "A-"}) EXPECT_TRUE(validate_volume_name(good)) << good;
    for (const char* bad : {"", "a", "_data", ".hidden", "-x", "a/b", "a b", "vol@1", "../x"})
        EXPECT_FALSE(validate_volume_name(bad)) << bad;
}

TEST(VolumeName, DockersWording) {
    auto refused = validate_volume_name("foo@");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().http_status(), 400);
    EXPECT_EQ(refused.error().message(),
              "create foo@: \"foo@\" includes invalid characters for a local volume name, only "
              "\"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path");
}

} // namespace
} // namespace berth::volumes
