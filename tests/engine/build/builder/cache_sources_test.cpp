// `cachefrom`: which step a source image's history holds (moby's classic
// ImageCache rules) over fake histories.
#include "build/builder/cache_sources.h"

#include <gtest/gtest.h>

namespace berth::build {
namespace {

// An entry whose "whole" is its line plus a creation time, as a config's is.
CacheHistoryEntry entry(std::string created_by, bool empty = false, std::string created = "t0") {
    return {created_by, empty, created + "|" + created_by + (empty ? "|empty" : "")};
}

// The base every fake build starts from: two layers, a config-only CMD.
CacheImage base() {
    return {"sha256:base",
            {entry("ADD file:rootfs in /"), entry("RUN apt-get update"), entry("CMD [\"sh\"]", true)},
            {"sha256:l1", "sha256:l2"}};
}

// The base plus `steps` (a created_by and, when it makes one, a layer).
CacheImage built(std::string id, std::vector<std::pair<std::string, std::string>> steps, std::string created = "t1") {
    CacheImage image = base();
    image.id = std::move(id);
    for (auto& [line, layer] : steps) {
        image.history.push_back(entry(line, layer.empty(), created));
        if (!layer.empty()) image.diff_ids.push_back(layer);
    }
    return image;
}

const std::vector<std::pair<std::string, std::string>> kAppSteps = {
    {"/bin/sh -c #(nop)  ENV A=1", ""},
    {"/bin/sh -c #(nop) COPY file:aaa in /app ", "sha256:copy"},
    {"|1 V=2 /bin/sh -c make", "sha256:make"},
    {"/bin/sh -c #(nop)  CMD [\"app\"]", ""},
};

TEST(CacheSources, FirstStepOnTheBase) {
    CacheImage source = built("sha256:app", kAppSteps);
    CacheImage parent = base();
    auto hit = match_in_history(source, &parent, "/bin/sh -c #(nop)  ENV A=1");
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->position, 3u);
    EXPECT_FALSE(hit->layer) << "a config-only entry restores without a layer";
    EXPECT_FALSE(hit->last);
}

TEST(CacheSources, LayerIsTheOneAfterTheParentsLayers) {
    CacheImage source = built("sha256:app", kAppSteps);
    // The parent as the builder restored it: the base plus the ENV entry.
    CacheImage parent = base();
    parent.history.push_back(source.history[3]);
    auto hit = match_in_history(source, &parent, "/bin/sh -c #(nop) COPY file:aaa in /app ");
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->layer, "sha256:copy");
    parent.history.push_back(source.history[4]);
    parent.diff_ids.push_back("sha256:copy");
    hit = match_in_history(source, &parent, "|1 V=2 /bin/sh -c make");
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->layer, "sha256:make");
    parent.history.push_back(source.history[5]);
    parent.diff_ids.push_back("sha256:make");
    hit = match_in_history(source, &parent, "/bin/sh -c #(nop)  CMD [\"app\"]");
    ASSERT_TRUE(hit);
    EXPECT_TRUE(hit->last) << "the source's last entry: the source is the step's image";
}

TEST(CacheSources, AChangedLineMisses) {
    CacheImage source = built("sha256:app", kAppSteps);
    CacheImage parent = base();
    parent.history.push_back(source.history[3]);
    EXPECT_FALSE(match_in_history(source, &parent, "/bin/sh -c #(nop) COPY file:bbb in /app "))
        << "another checksum: the copied file changed";
    EXPECT_FALSE(match_in_history(source, &parent, "/bin/sh -c #(nop) COPY file:aaa in /other "));
    parent.history.push_back(source.history[4]);
    parent.diff_ids.push_back("sha256:copy");
    EXPECT_FALSE(match_in_history(source, &parent, "|1 V=3 /bin/sh -c make")) << "another build arg";
}

TEST(CacheSources, TheParentMustBeAPrefixOfTheSource) {
    CacheImage source = built("sha256:app", kAppSteps);
    CacheImage other_base = base();
    other_base.history[1] = entry("RUN apt-get update", false, "t9"); // rebuilt: another time
    EXPECT_FALSE(match_in_history(source, &other_base, "/bin/sh -c #(nop)  ENV A=1"));
    CacheImage other_layers = base();
    other_layers.diff_ids[1] = "sha256:l2-rebuilt";
    EXPECT_FALSE(match_in_history(source, &other_layers, "/bin/sh -c #(nop)  ENV A=1"));
    // A step the build committed itself (a miss before) has its own entry.
    CacheImage missed = base();
    missed.history.push_back(entry("/bin/sh -c #(nop)  ENV A=1", true, "t2"));
    EXPECT_FALSE(match_in_history(source, &missed, "/bin/sh -c #(nop) COPY file:aaa in /app "));
    // A parent as long as the source, or longer, has nothing after it in the source.
    EXPECT_FALSE(match_in_history(base(), &source, "/bin/sh -c #(nop)  ENV A=1"));
    EXPECT_FALSE(match_in_history(source, &source, "/bin/sh -c #(nop)  ENV A=1"));
}

TEST(CacheSources, FromScratchMatchesTheFirstEntry) {
    CacheImage source{"sha256:s", {entry("/bin/sh -c #(nop) COPY file:x in / "), entry("CMD", true)}, {"sha256:x"}};
    auto hit = match_in_history(source, nullptr, "/bin/sh -c #(nop) COPY file:x in / ");
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->position, 0u);
    EXPECT_EQ(hit->layer, "sha256:x");
    EXPECT_FALSE(match_in_history(CacheImage{"sha256:empty", {}, {}}, nullptr, "anything"))
        << "an image without history offers nothing";
}

TEST(CacheSources, AHistoryNamingMoreLayersThanTheImageHasMisses) {
    CacheImage source = built("sha256:app", kAppSteps);
    source.diff_ids.pop_back(); // the make layer is missing
    CacheImage parent = base();
    parent.history.push_back(source.history[3]);
    parent.history.push_back(source.history[4]);
    parent.diff_ids.push_back("sha256:copy");
    EXPECT_FALSE(match_in_history(source, &parent, "|1 V=2 /bin/sh -c make"));
}

TEST(CacheSources, ARestoreNarrowsToItsSource) {
    CacheImage first = built("sha256:first", {{"/bin/sh -c #(nop)  ENV A=1", ""}, {"RUN one", "sha256:one"}}, "ta");
    CacheImage second = built("sha256:second", {{"/bin/sh -c #(nop)  ENV A=1", ""}, {"RUN two", "sha256:two"}}, "tb");
    CacheSources sources({first, second});
    CacheImage parent = base();
    auto hit = sources.find(&parent, "/bin/sh -c #(nop)  ENV A=1");
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->source->id, "sha256:first");
    ASSERT_EQ(sources.images().size(), 1u) << "restored from the first: the second is no longer asked";
    parent.history.push_back(hit->source->history[hit->position]);
    EXPECT_FALSE(sources.find(&parent, "RUN two"));
    EXPECT_TRUE(sources.find(&parent, "RUN one"));
}

// Two sources on the base; which holds the step, and whether the list narrows.
TEST(CacheSources, WhichSourceAndWhetherItNarrows) {
    using Steps = std::vector<std::pair<std::string, std::string>>;
    struct Case {
        const char* what;
        Steps first, second;
        std::string line, source;
        bool last;
        size_t sources_after;
    } cases[] = {
        {"the second source when the first does not hold the step", {{"RUN one", "sha256:one"}},
         {{"RUN two", "sha256:two"}, {"RUN three", "sha256:three"}}, "RUN two", "sha256:second", false, 1},
        {"a hit on a source's last entry does not narrow (as moby: only a restore does)", {{"RUN one", "sha256:one"}},
         {{"RUN one", "sha256:one"}, {"RUN more", "sha256:more"}}, "RUN one", "sha256:first", true, 2},
    };
    for (const auto& c : cases) {
        CacheSources sources({built("sha256:first", c.first), built("sha256:second", c.second)});
        CacheImage parent = base();
        auto hit = sources.find(&parent, c.line);
        ASSERT_TRUE(hit) << c.what;
        EXPECT_EQ(hit->source->id, c.source) << c.what;
        EXPECT_EQ(hit->last, c.last) << c.what;
        EXPECT_EQ(sources.images().size(), c.sources_after) << c.what;
    }
}

} // namespace
} // namespace berth::build
