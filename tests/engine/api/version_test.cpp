#include "api/version.h"

#include <gtest/gtest.h>

namespace berth::api {
namespace {

TEST(ApiVersion, ParsesAndCompares) {
    EXPECT_EQ(parse_api_version("1.45").value(), (ApiVersion{1, 45}));
    EXPECT_LT(parse_api_version("1.9").value(), parse_api_version("1.24").value());
    for (const char* bad : {"", "1", "1.", ".4", "a.b", "1.4x", "-1.2"}) EXPECT_FALSE(parse_api_version(bad)) << bad;
}

TEST(ApiVersion, RangeErrorsUseDockersWording) {
    EXPECT_TRUE(check_api_version({1, 45}));
    EXPECT_TRUE(check_api_version({1, 24}));
    auto too_new = check_api_version({1, 99});
    ASSERT_FALSE(too_new);
    EXPECT_EQ(too_new.error().message(), "client version 1.99 is too new. Maximum supported API version is 1.45");
    auto too_old = check_api_version({1, 12});
    ASSERT_FALSE(too_old);
    EXPECT_EQ(too_old.error().message(), "client version 1.12 is too old. Minimum supported API version is 1.24, "
                                         "please upgrade your client to a newer version");
    EXPECT_EQ(too_old.error().http_status(), 400);
}

} // namespace
} // namespace berth::api
