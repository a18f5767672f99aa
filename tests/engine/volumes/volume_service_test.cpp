#include "volumes/volume_service.h"

#include "base/files.h"
#include "support/temp_dir.h"

#include <filesystem>
#include <gtest/gtest.h>

namespace berth::volumes {
namespace {

struct Recorded {
    std::string action, name;
    std::map<std::string, std::string> attributes;
};

class VolumeServiceTest : public ::testing::Test {
protected:
    VolumeServiceTest()
        : service_(std::move(*VolumeStore::open(dir_ / "volumes")),
                   [this](const std::string& action, const std::string& name,
                          const std::map<std::string, std::string>& attributes) {
                       events_.push_back({action, name, attributes});
                   }) {}

    static api::Filters filters(std::string_view text) { return *api::Filters::parse(text); }
    std::vector<std::string> names(std::string_view filter_text = "") {
        std::vector<std::string> out;
        auto listed = service_.list(filters(filter_text));
        if (!listed) return {"error: " + listed.error().message()};
        for (const auto& volume : *listed) out.push_back(volume.name);
        return out;
    }

    testing::TempDir dir_;
    std::vector<Recorded> events_;
    VolumeService service_;
};

TEST_F(VolumeServiceTest, CreateIsIdempotentAndAnnounced) {
    auto first = service_.create({.name = "data", .driver = "", .options = {}, .labels = std::nullopt});
    ASSERT_TRUE(first) << first.error().message();
    EXPECT_EQ(first->driver, "local");
    ASSERT_TRUE(service_.create({.name = "data", .driver = "local", .options = {}, .labels = std::nullopt}));
    ASSERT_EQ(events_.size(), 1u);
    EXPECT_EQ(events_[0].action, "create");
    EXPECT_EQ(events_[0].attributes.at("driver"), "local");

    auto json = to_api_json(*first);
    EXPECT_EQ(json["Scope"], "local");
    EXPECT_TRUE(json["Labels"].is_null());
    EXPECT_TRUE(json["Options"].is_null());
    EXPECT_FALSE(json.contains("UsageData"));
}

TEST_F(VolumeServiceTest, UnknownDriverAndBadOptionsRefused) {
    auto plugin = service_.create({.name = "v1", .driver = "nfs-plugin", .options = {}, .labels = std::nullopt});
    ASSERT_FALSE(plugin);
    EXPECT_EQ(plugin.error().http_status(), 404);
    EXPECT_EQ(plugin.error().message(),
              "create v1: error looking up volume plugin nfs-plugin: plugin \"nfs-plugin\" not found");
    auto option = service_.create({.name = "v2", .driver = "local", .options = {{"bogus", "1"}}, .labels = std::nullopt});
    ASSERT_FALSE(option);
    EXPECT_EQ(option.error().message(), "create v2: invalid option: \"bogus\"");
    EXPECT_TRUE(names().empty());
}

TEST_F(VolumeServiceTest, AVolumeInUseIsNeverRemoved) {
    ASSERT_TRUE(service_.acquire("c1", {.name = "data", .driver = "", .options = {}, .labels = std::nullopt}));
    ASSERT_TRUE(service_.acquire("c2", {.name = "data", .driver = "", .options = {}, .labels = std::nullopt}));
    auto refused = service_.remove("data", false);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().http_status(), 409);
    EXPECT_EQ(refused.error().message(), "remove data: volume is in use - [c1 c2]");
    EXPECT_FALSE(service_.remove("data", true)); // force does not override use, as in Docker
    service_.release("c1", "data", true);        // named: rm -v leaves it
    service_.release("c2", "data", true);
    EXPECT_EQ(names(), std::vector<std::string>{"data"});
    ASSERT_TRUE(service_.remove("data", false));
    EXPECT_EQ(service_.remove("data", false).error().message(), "get data: no such volume");
    EXPECT_TRUE(service_.remove("data", true));
}

TEST_F(VolumeServiceTest, AnonymousVolumesGoWithRmV) {
    auto anonymous = service_.acquire("c1", {});
    ASSERT_TRUE(anonymous);
    EXPECT_EQ(anonymous->name.size(), 64u);
    EXPECT_TRUE(anonymous->anonymous());
    service_.release("c1", anonymous->name, false); // plain docker rm: kept
    EXPECT_EQ(names().size(), 1u);
    ASSERT_TRUE(service_.acquire("c2", {.name = anonymous->name, .driver = "", .options = {}, .labels = std::nullopt}));
    ASSERT_TRUE(service_.acquire("c3", {.name = anonymous->name, .driver = "", .options = {}, .labels = std::nullopt}));
    service_.release("c2", anonymous->name, true); // c3 still uses it
    EXPECT_EQ(names().size(), 1u);
    service_.release("c3", anonymous->name, true);
    EXPECT_TRUE(names().empty());
}

TEST_F(VolumeServiceTest, PruneTakesUnusedAnonymousOnlyUnlessAll) {
    ASSERT_TRUE(service_.create({.name = "named", .driver = "", .options = {}, .labels = std::nullopt}));
    auto unnamed = service_.create({.name = "", .driver = "", .options = {}, .labels = std::nullopt});
    ASSERT_TRUE(unnamed);
    EXPECT_FALSE(unnamed->anonymous()); // docker volume create without a name
    auto anonymous = service_.acquire("gone", {});
    ASSERT_TRUE(anonymous);
    service_.release("gone", anonymous->name, false);
    auto used = service_.acquire("c1", {});
    ASSERT_TRUE(used);
    ASSERT_TRUE(write_file_atomically(std::string(used->mountpoint) + "/f", "12345"));
    auto report = service_.prune(filters(""));
    ASSERT_TRUE(report) << report.error().message();
    EXPECT_EQ((*report)["VolumesDeleted"], nlohmann::json::array({anonymous->name}));
    EXPECT_EQ(names().size(), 3u); // the named ones and the one c1 uses

    auto labelled = service_.prune(filters(R"({"all":["true"],"label":["keep"]})"));
    ASSERT_TRUE(labelled);
    EXPECT_TRUE((*labelled)["VolumesDeleted"].is_null());
    auto all = service_.prune(filters(R"({"all":["true"]})"));
    ASSERT_TRUE(all);
    EXPECT_EQ((*all)["VolumesDeleted"].size(), 2u);
    EXPECT_EQ(names(), std::vector<std::string>{used->name});
    EXPECT_FALSE(service_.prune(filters(R"({"dangling":["true"]})")));
}

TEST_F(VolumeServiceTest, ListFilters) {
    ASSERT_TRUE(service_.create({.name = "web-data", .driver = "", .options = {},
                                 .labels = std::map<std::string, std::string>{{"app", "web"}}}));
    ASSERT_TRUE(service_.create({.name = "db-data", .driver = "", .options = {}, .labels = std::nullopt}));
    ASSERT_TRUE(service_.acquire("c1", {.name = "db-data", .driver = "", .options = {}, .labels = std::nullopt}));
    EXPECT_EQ(names(R"({"dangling":["true"]})"), std::vector<std::string>{"web-data"});
    EXPECT_EQ(names(R"({"dangling":["false"]})"), std::vector<std::string>{"db-data"});
    EXPECT_EQ(names(R"({"label":["app=web"]})"), std::vector<std::string>{"web-data"});
    EXPECT_EQ(names(R"({"name":["db"]})"), std::vector<std::string>{"db-data"});
    EXPECT_EQ(names(R"({"driver":["local"]})").size(), 2u);
    EXPECT_FALSE(service_.list(filters(R"({"colour":["red"]})")));

    auto usage = service_.usage();
    ASSERT_EQ(usage.size(), 2u);
    EXPECT_EQ(usage[0].first.name, "db-data");
    EXPECT_EQ(usage[0].second.ref_count, 1);
    EXPECT_EQ(to_api_json(usage[0].first, usage[0].second)["UsageData"]["RefCount"], 1);
}

TEST_F(VolumeServiceTest, MountCopiesIntoANewVolumeOnce) {
    ASSERT_TRUE(service_.acquire("c1", {.name = "data", .driver = "", .options = {}, .labels = std::nullopt}));
    int fills = 0;
    auto populate = [&](const std::string& dir) {
        ++fills;
        return write_file_atomically(dir + "/seed", "s");
    };
    auto path = service_.mount("data", "c1", populate, {{"destination", "/data"}});
    ASSERT_TRUE(path) << path.error().message();
    EXPECT_EQ(read_file(*path + "/seed").value_or(""), "s");
    service_.unmount("data", "c1");
    ASSERT_TRUE(service_.mount("data", "c1", populate, {}));
    EXPECT_EQ(fills, 1);
    service_.unmount("data", "c1");
    EXPECT_EQ(events_.back().action, "unmount");
    EXPECT_EQ(events_.back().attributes.at("container"), "c1");
}

} // namespace
} // namespace berth::volumes
