// RUN --mount values: what berthd's builder takes (tmpfs, cache), their
// defaults, and the clear errors for what it does not.
#include "build/builder/run_mounts.h"

#include <gtest/gtest.h>

namespace berth::build {
namespace {

TEST(RunMount, CacheDefaultsToItsTargetAsId) {
    auto mount = parse_run_mount("type=cache,target=/root/.cache", "/app");
    ASSERT_TRUE(mount) << mount.error().message;
    EXPECT_EQ(mount->type, RunMount::Type::Cache);
    EXPECT_EQ(mount->target, "/root/.cache");
    EXPECT_EQ(mount->id, "/root/.cache");
    EXPECT_EQ(mount->mode, 0755u);
    EXPECT_EQ(mount->uid, 0u);
    EXPECT_EQ(mount->spec, "type=cache,target=/root/.cache");
}

TEST(RunMount, CacheOptions) {
    auto mount = parse_run_mount("type=cache,id=go,dst=cache/../gocache/,mode=0700,uid=1000,gid=100,sharing=locked", "/src");
    ASSERT_TRUE(mount) << mount.error().message;
    EXPECT_EQ(mount->target, "/src/gocache") << "relative to WORKDIR, cleaned";
    EXPECT_EQ(mount->id, "go");
    EXPECT_EQ(mount->mode, 0700u);
    EXPECT_EQ(mount->uid, 1000u);
    EXPECT_EQ(mount->gid, 100u);
    EXPECT_EQ(mount->sharing, RunMount::Sharing::Locked);
    EXPECT_EQ(parse_run_mount("type=cache,target=/c,sharing=private", "")->sharing, RunMount::Sharing::Private);
    EXPECT_EQ(parse_run_mount("type=cache,target=/c", "")->sharing, RunMount::Sharing::Shared);
    EXPECT_FALSE(parse_run_mount("type=cache,target=/c,sharing=exclusive", ""));
}

TEST(RunMount, Tmpfs) {
    auto mount = parse_run_mount("type=tmpfs,destination=/scratch,size=1048576", "");
    ASSERT_TRUE(mount) << mount.error().message;
    EXPECT_EQ(mount->type, RunMount::Type::Tmpfs);
    EXPECT_EQ(mount->target, "/scratch");
    EXPECT_EQ(mount->size, 1048576u);
}

TEST(RunMount, WhatIsNotBuiltSaysSo) {
    for (const char* value : {"target=/x", "type=bind,target=/x", "type=secret,id=s", "type=ssh",
                              "type=cache,target=/x,from=builder"}) {
        auto mount = parse_run_mount(value, "");
        ASSERT_FALSE(mount) << value;
        EXPECT_TRUE(mount.error().unsupported) << value;
        EXPECT_NE(mount.error().message.find("not supported by berthd's builder"), std::string::npos) << value;
    }
}

TEST(RunMount, BadValues) {
    for (const char* value : {"type=cache", "type=cache,target=/x,mode=999", "type=cache,target=/x,uid=me",
                              "type=cache,target=/x,sharing=sometimes", "type=nfs,target=/x", "type=cache,target=/x,colour=red"}) {
        auto mount = parse_run_mount(value, "");
        ASSERT_FALSE(mount) << value;
        EXPECT_FALSE(mount.error().unsupported) << value;
    }
}

} // namespace
} // namespace berth::build
