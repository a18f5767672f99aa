#include "base/base64.h"

#include <gtest/gtest.h>

namespace berth {
namespace {

TEST(Base64, EncodesWithPadding) {
    EXPECT_EQ(base64_encode(""), "");
    EXPECT_EQ(base64_encode("f"), "Zg==");
    EXPECT_EQ(base64_encode("fo"), "Zm8=");
    EXPECT_EQ(base64_encode("foo"), "Zm9v");
    EXPECT_EQ(base64_encode("tester:secret"), "dGVzdGVyOnNlY3JldA==");
}

TEST(Base64, DecodesBothAlphabetsPaddedOrNot) {
    EXPECT_EQ(base64_decode("Zm9vYg==").value(), "foob");
    EXPECT_EQ(base64_decode("Zm9vYg").value(), "foob");
    EXPECT_EQ(base64_decode("Zm9vYmE").value(), "fooba");
    // 0xfb 0xff: "+/8" in the standard alphabet, "-_8" in the URL-safe one.
    EXPECT_EQ(base64_decode("+/8=").value(), "\xfb\xff");
    EXPECT_EQ(base64_decode("-_8").value(), "\xfb\xff");
    std::string all;
    for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
    EXPECT_EQ(base64_decode(base64_encode(all)).value(), all);
}

TEST(Base64, RejectsWhatIsNotBase64) {
    EXPECT_FALSE(base64_decode("Zm9v!"));
    EXPECT_FALSE(base64_decode("Z"));
    EXPECT_FALSE(base64_decode("{\"a\":1}"));
}

} // namespace
} // namespace berth
