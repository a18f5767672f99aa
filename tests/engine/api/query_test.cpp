#include "api/server/query.h"

#include <gtest/gtest.h>

namespace berth::api {
namespace {

TEST(Query, DecodesKeysAndValues) {
    auto query = Query::parse("all=1&filters=%7B%22type%22%3A%5B%22daemon%22%5D%7D&name=a+b&empty=");
    ASSERT_TRUE(query);
    EXPECT_EQ(query->get("filters").value(), R"({"type":["daemon"]})");
    EXPECT_EQ(query->get("name").value(), "a b");
    EXPECT_EQ(query->get("empty").value(), "");
    EXPECT_FALSE(query->get("missing"));
}

TEST(Query, FirstValueWinsLikeGo) {
    EXPECT_EQ(Query::parse("t=a&t=b")->get("t").value(), "a");
    EXPECT_EQ(Query::parse("t=a&x=1&t=b")->all("t"), (std::vector<std::string>{"a", "b"}));
    EXPECT_TRUE(Query::parse("x=1")->all("t").empty());
}

TEST(Query, FlagsReadLikeDocker) {
    auto query = Query::parse("a=1&b=true&c=0&d=false&e=&f=False&g=yes");
    ASSERT_TRUE(query);
    EXPECT_TRUE(query->flag("a"));
    EXPECT_TRUE(query->flag("b"));
    EXPECT_FALSE(query->flag("c"));
    EXPECT_FALSE(query->flag("d"));
    EXPECT_FALSE(query->flag("e"));
    EXPECT_FALSE(query->flag("f"));
    EXPECT_TRUE(query->flag("g"));
    EXPECT_FALSE(query->flag("absent"));
}

TEST(Query, RejectsBrokenPercentEncoding) {
    for (const char* bad : {"a=%", "a=%4", "a=%zz", "%g1=x"}) {
        auto query = Query::parse(bad);
        ASSERT_FALSE(query) << bad;
        EXPECT_EQ(query.error().http_status(), 400);
    }
}

} // namespace
} // namespace berth::api
