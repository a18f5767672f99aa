// RUN --mount values: what berthd's builder takes (tmpfs, cache, bind), their
// defaults, and the clear errors for what it does not.
#include "build/builder/run_mounts.h"
#include "build/dockerfile/shell_lexer.h"

#include <gtest/gtest.h>

namespace berth::build {
namespace {

// The builder's expander: BuildKit's word expansion with a stage's variables.
MountExpander expander_of(std::vector<std::string> variables) {
    return [env = dockerfile::env_from_list(std::move(variables))](const std::string& word) {
        return dockerfile::ShellLexer().process_word(word, env);
    };
}

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
    for (const char* value : {"type=secret,id=s", "type=ssh", "type=cache,target=/x,from=builder",
                              "type=cache,target=/x,source=y"}) {
        auto mount = parse_run_mount(value, "");
        ASSERT_FALSE(mount) << value;
        EXPECT_TRUE(mount.error().unsupported) << value;
        EXPECT_NE(mount.error().message.find("not supported by berthd's builder"), std::string::npos) << value;
    }
}

TEST(RunMount, BindDefaultsToTheRootOfTheContextReadOnly) {
    for (const char* value : {"type=bind,target=/src", "target=/src"}) { // bind is BuildKit's default type
        auto mount = parse_run_mount(value, "/app");
        ASSERT_TRUE(mount) << value << ": " << mount.error().message;
        EXPECT_EQ(mount->type, RunMount::Type::Bind) << value;
        EXPECT_EQ(mount->target, "/src");
        EXPECT_EQ(mount->source, ".");
        EXPECT_EQ(mount->from, "");
        EXPECT_FALSE(mount->readwrite) << "a bind is read-only unless rw";
    }
}

TEST(RunMount, BindOptions) {
    auto mount = parse_run_mount("type=bind,src=./conf/../etc/app.conf,dst=app.conf,from=Builder,rw", "/srv");
    ASSERT_TRUE(mount) << mount.error().message;
    EXPECT_EQ(mount->source, "etc/app.conf") << "cleaned, relative to the root";
    EXPECT_EQ(mount->target, "/srv/app.conf") << "relative to WORKDIR";
    EXPECT_EQ(mount->from, "Builder");
    EXPECT_TRUE(mount->readwrite);
    EXPECT_EQ(parse_run_mount("type=bind,source=/abs/x,target=/t", "")->source, "abs/x") << "absolute: from the root";
    EXPECT_EQ(parse_run_mount("type=bind,source=a/..,target=/t", "")->source, ".") << "`..` that stays inside";
    EXPECT_EQ(parse_run_mount("type=bind,source=/../etc,target=/t", "")->source, "etc") << "as COPY: `/..` is `/`";
    EXPECT_EQ(parse_run_mount("type=bind,source=/,target=/t", "")->source, ".");
    EXPECT_TRUE(parse_run_mount("type=bind,target=/t,readwrite=true", "")->readwrite);
    EXPECT_FALSE(parse_run_mount("type=bind,target=/t,rw=false", "")->readwrite);
    EXPECT_FALSE(parse_run_mount("type=bind,target=/t,rw,ro", "")->readwrite) << "the last one says";
    EXPECT_TRUE(parse_run_mount("type=cache,target=/c,ro", "")) << "cache stays writable";
}

TEST(RunMount, BindSourceOutsideTheRootIsRefused) {
    for (const char* value : {"type=bind,source=../x,target=/t", "type=bind,source=..,target=/t",
                              "type=bind,source=a/../../x,target=/t",
                              "type=bind,target=/t,src=./../../etc/passwd"}) {
        auto mount = parse_run_mount(value, "/app");
        ASSERT_FALSE(mount) << value;
        EXPECT_FALSE(mount.error().unsupported) << value;
        EXPECT_NE(mount.error().message.find("outside the build context"), std::string::npos) << mount.error().message;
    }
}

TEST(RunMount, BadValues) {
    for (const char* value : {"type=cache", "type=cache,target=/x,mode=999", "type=cache,target=/x,uid=me",
                              "type=cache,target=/x,sharing=sometimes", "type=nfs,target=/x", "type=cache,target=/x,colour=red",
                              "type=bind", "type=bind,target=/x,rw=maybe"}) {
        auto mount = parse_run_mount(value, "");
        ASSERT_FALSE(mount) << value;
        EXPECT_FALSE(mount.error().unsupported) << value;
    }
}

TEST(RunMount, ValuesExpandWithTheStageVariables) {
    auto expand = expander_of({"DIR=/deps", "ID=go", "T=cache", "U=1000", "SRC=conf", "SIZE=4096", "RO=false"});
    auto cache = parse_run_mount("type=$T,target=$DIR/cache,id=${ID}-mod,uid=$U,sharing=locked", "/", expand);
    ASSERT_TRUE(cache) << cache.error().message;
    EXPECT_EQ(cache->type, RunMount::Type::Cache);
    EXPECT_EQ(cache->target, "/deps/cache");
    EXPECT_EQ(cache->id, "go-mod");
    EXPECT_EQ(cache->uid, 1000u);
    EXPECT_EQ(cache->spec, "type=$T,target=$DIR/cache,id=${ID}-mod,uid=$U,sharing=locked") << "the history keeps the words";
    auto bind = parse_run_mount("source=$SRC,target=${DIR:-/x},ro=$RO", "/", expand);
    ASSERT_TRUE(bind) << bind.error().message;
    EXPECT_EQ(bind->source, "conf");
    EXPECT_EQ(bind->target, "/deps");
    EXPECT_TRUE(bind->readwrite) << "ro=$RO with RO=false";
    auto tmpfs = parse_run_mount("type=tmpfs,target=/t,size=$SIZE", "/", expand);
    ASSERT_TRUE(tmpfs) << tmpfs.error().message;
    EXPECT_EQ(tmpfs->size, 4096u);
    EXPECT_EQ(parse_run_mount("target=sub$UNSET", "/w", expand)->target, "/w/sub") << "unset: empty, as BuildKit";
    auto bad = parse_run_mount("type=cache,target=${DIR:?no dir given}", "/", expander_of({}));
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message.find("no dir given"), std::string::npos) << bad.error().message;
    EXPECT_EQ(parse_run_mount("type=cache,target=$DIR", "/")->target, "/$DIR") << "no expander: as written";
}

TEST(RunMount, FromRefusesVariablesAsBuildKit) {
    auto expand = expander_of({"STAGE=builder"});
    for (const char* value : {"type=bind,from=$STAGE,target=/in", "from=${STAGE},target=/in", "FROM=a$STAGE,target=/in",
                              "type=cache,from=$STAGE,target=/c"}) {
        auto mount = parse_run_mount(value, "/", expand);
        ASSERT_FALSE(mount) << value;
        EXPECT_FALSE(mount.error().unsupported) << value;
        EXPECT_EQ(mount.error().message, "'from' doesn't support variable expansion, define alias stage instead");
        auto from = run_mount_from(value);
        ASSERT_FALSE(from) << value;
        EXPECT_EQ(from.error().message, mount.error().message);
    }
    EXPECT_EQ(parse_run_mount("from=stage$,target=/in", "/", expand)->from, "stage$") << "a `$` at the end is no variable";
    EXPECT_EQ(run_mount_from("type=bind,From=Gen,target=/in"), "Gen") << "keys in any case, as BuildKit";
    EXPECT_EQ(run_mount_from("type=cache,target=/c"), "");
}

} // namespace
} // namespace berth::build
