#include "api/server/peer_access.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

namespace berth::api {
namespace {

TEST(AccessPolicy, AdmitsRootPrimaryAndSupplementaryGroupMembers) {
    AccessPolicy policy(4242);
    EXPECT_TRUE(policy.admit({.pid = 1, .uid = 0, .gid = 0, .groups = {}}));
    EXPECT_TRUE(policy.admit({.pid = 1, .uid = 1000, .gid = 4242, .groups = {}}));
    EXPECT_TRUE(policy.admit({.pid = 1, .uid = 1000, .gid = 1000, .groups = {27, 4242}}));
}

TEST(AccessPolicy, RefusesOthersSayingWhoAndWhy) {
    AccessPolicy policy(4242);
    auto refused = policy.admit({.pid = 7, .uid = 1000, .gid = 1000, .groups = {27}});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().http_status(), 403);
    EXPECT_NE(refused.error().message().find("uid 1000"), std::string::npos);
    EXPECT_NE(refused.error().message().find("gid 4242"), std::string::npos);
}

TEST(PeerCredentials, ReadsTheKernelsWordAboutThePeer) {
    int pair[2];
    ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, pair), 0);
    auto peer = read_peer_credentials(pair[0]);
    close(pair[0]);
    close(pair[1]);
    ASSERT_TRUE(peer) << peer.error().message();
    EXPECT_EQ(peer->pid, getpid());
    EXPECT_EQ(peer->uid, getuid());
    EXPECT_EQ(peer->gid, getgid());
    std::vector<gid_t> groups(static_cast<size_t>(getgroups(0, nullptr)));
    getgroups(static_cast<int>(groups.size()), groups.data());
    EXPECT_EQ(peer->groups.size(), groups.size());
}

} // namespace
} // namespace berth::api
