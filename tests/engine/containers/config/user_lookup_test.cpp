#include "containers/config/user_lookup.h"

#include <gtest/gtest.h>

namespace berth::containers::config {
namespace {

constexpr const char* kPasswd = R"(root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin

# a comment
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
  nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
app:x:1000:1000::/home/app:/bin/sh
app:x:1001:1001::/home/app2:/bin/sh
nohome:x:1002:1002
)";

constexpr const char* kGroup = R"(root:x:0:
daemon:x:1:
wheel:x:10:app,root
audio:x:29:app
www-data:x:33:
users:x:100:
app:x:1000:
staff:x:50:nobody,app
)";

struct UserCase {
    const char* spec;
    uid_t uid;
    gid_t gid;
    std::vector<gid_t> supplementary;
    const char* home;
};

class ResolveUser : public testing::TestWithParam<UserCase> {};

TEST_P(ResolveUser, LikeRunc) {
    const auto& c = GetParam();
    auto user = resolve_exec_user(c.spec, kPasswd, kGroup);
    ASSERT_TRUE(user) << user.error().message();
    EXPECT_EQ(user->uid, c.uid);
    EXPECT_EQ(user->gid, c.gid);
    EXPECT_EQ(user->supplementary_gids, c.supplementary);
    EXPECT_EQ(user->home, c.home);
}

INSTANTIATE_TEST_SUITE_P(
    Specs, ResolveUser,
    testing::Values(UserCase{"", 0, 0, {10}, "/root"},                       // root, member of wheel
                    UserCase{"root", 0, 0, {10}, "/root"},                   //
                    UserCase{"0", 0, 0, {10}, "/root"},                      //
                    UserCase{"app", 1000, 1000, {10, 29, 50}, "/home/app"}, // memberships are supplementary
                    UserCase{"1000", 1000, 1000, {10, 29, 50}, "/home/app"}, // first entry wins
                    UserCase{"app:audio", 1000, 29, {}, "/home/app"},        // an explicit group: no supplementary
                    UserCase{"app:33", 1000, 33, {}, "/home/app"},           //
                    UserCase{"app:4242", 1000, 4242, {}, "/home/app"},       // numeric group not in the file
                    UserCase{"www-data", 33, 33, {}, "/var/www"},            //
                    UserCase{"nobody", 65534, 65534, {50}, "/nonexistent"},  // leading blanks are trimmed
                    UserCase{"4242", 4242, 0, {}, "/"},                      // numeric user not in passwd
                    UserCase{"4242:4243", 4242, 4243, {}, "/"},              //
                    UserCase{"4242:audio", 4242, 29, {}, "/"},               //
                    UserCase{"nohome", 1002, 1002, {}, "/"},                 // short line: no home
                    UserCase{"app:audio:extra", 1000, 29, {}, "/home/app"})); // past the second ':' is ignored

TEST(ResolveUser, UnknownNamesAreRuncsErrors) {
    auto user = resolve_exec_user("foo", kPasswd, kGroup);
    ASSERT_FALSE(user);
    EXPECT_EQ(user.error().message(), "unable to find user foo: no matching entries in passwd file");
    EXPECT_EQ(user.error().http_status(), 400);

    auto group = resolve_exec_user("app:nogroup", kPasswd, kGroup);
    ASSERT_FALSE(group);
    EXPECT_EQ(group.error().message(), "unable to find group nogroup: no matching entries in group file");
}

TEST(ResolveUser, WithoutFilesNumbersStillWork) {
    auto user = resolve_exec_user("1000:1000", "", "");
    ASSERT_TRUE(user);
    EXPECT_EQ(user->uid, 1000u);
    EXPECT_EQ(user->gid, 1000u);
    EXPECT_EQ(user->home, "/");
    auto root = resolve_exec_user("", "", "");
    ASSERT_TRUE(root);
    EXPECT_EQ(root->uid, 0u);
    EXPECT_FALSE(resolve_exec_user("app", "", ""));
}

TEST(ResolveUser, IdsOutOfRange) {
    for (const char* spec : {"-1", "2147483648", "0:-5"}) {
        auto user = resolve_exec_user(spec, kPasswd, kGroup);
        ASSERT_FALSE(user) << spec;
        EXPECT_EQ(user.error().message(), "uids and gids must be in range 0-2147483647");
    }
}

TEST(AdditionalGroups, NamesAndNumbers) {
    auto gids = resolve_additional_groups({"audio", "50", "4242", "wheel", "10"}, kGroup);
    ASSERT_TRUE(gids) << gids.error().message();
    EXPECT_EQ(*gids, (std::vector<gid_t>{29, 50, 4242, 10}));

    auto unknown = resolve_additional_groups({"video"}, kGroup);
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().message(), "Unable to find group video: no matching entries in group file");
}

TEST(ProcessUser, PrimaryThenMembershipsThenGroupAdd) {
    auto user = resolve_process_user("app", {"users", "7"}, kPasswd, kGroup);
    ASSERT_TRUE(user) << user.error().message();
    EXPECT_EQ(user->uid, 1000u);
    EXPECT_EQ(user->gid, 1000u);
    EXPECT_EQ(user->additional_gids, (std::vector<gid_t>{1000, 10, 29, 50, 100, 7}));
    EXPECT_EQ(user->home, "/home/app");

    auto bad = resolve_process_user("app", {"nope"}, kPasswd, kGroup);
    ASSERT_FALSE(bad);
}

} // namespace
} // namespace berth::containers::config
