// VolumeService with a plugin driver: the verbs reach the plugin, its errors
// reach the user in dockerd's words, its records outlive the service.
#include "volumes/volume_service.h"

#include "support/temp_dir.h"
#include "engine/volumes/fake_plugin.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <set>

namespace berth::volumes {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

// The plugin's side: volumes as names, mounts as ids.
struct PluginState {
    std::mutex mutex;
    std::set<std::string> volumes;
    std::set<std::string> mount_ids;
    bool list_fails = false;
};

testing::FakeAnswer answer(PluginState& state, const std::string& method, const json& body) {
    std::lock_guard lock(state.mutex);
    std::string name = body.is_object() ? body.value("Name", "") : "";
    auto ok = [](json value) { return testing::FakeAnswer{200, value.dump()}; };
    if (method == "Plugin.Activate") return ok({{"Implements", {"VolumeDriver"}}});
    if (method == "VolumeDriver.Create") {
        if (body["Opts"].contains("fail")) return testing::FakeAnswer{500, R"({"Err": "no space"})"};
        state.volumes.insert(name);
        return ok({{"Err", ""}});
    }
    if (method == "VolumeDriver.List" && state.list_fails) return testing::FakeAnswer{500, R"({"Err": "backend down"})"};
    if (method == "VolumeDriver.List") {
        json list = json::array();
        for (const auto& v : state.volumes) list.push_back({{"Name", v}, {"Mountpoint", "/p/" + v}});
        return ok({{"Volumes", list}});
    }
    if (!state.volumes.contains(name)) return testing::FakeAnswer{500, R"({"Err": "no such volume"})"};
    if (method == "VolumeDriver.Remove") state.volumes.erase(name);
    if (method == "VolumeDriver.Mount") state.mount_ids.insert(body.value("ID", ""));
    if (method == "VolumeDriver.Unmount") state.mount_ids.erase(body.value("ID", ""));
    if (method == "VolumeDriver.Get")
        return ok({{"Volume", {{"Name", name}, {"Mountpoint", "/p/" + name}, {"Status", {{"health", "ok"}}}}}});
    return ok({{"Mountpoint", "/p/" + name}, {"Err", ""}});
}

class PluginVolumeServiceTest : public ::testing::Test {
protected:
    VolumeService service() { return VolumeService(std::move(*VolumeStore::open(dir_ / "volumes")), nullptr, &plugins_); }

    testing::TempDir dir_;
    PluginState state_;
    testing::FakePlugin plugin_{dir_ / "tp.sock", [this](const std::string& method, const json& body) {
                                    return answer(state_, method, body);
                                }};
    VolumePlugins plugins_{PluginDirs::single(dir_.path()), 0ms};
};

TEST_F(PluginVolumeServiceTest, CreateInspectListRemoveGoThroughThePlugin) {
    auto volumes = service();
    auto made = volumes.create({.name = "pv", .driver = "tp", .options = {{"size", "1"}}, .labels = std::nullopt});
    ASSERT_TRUE(made) << made.error().message();
    EXPECT_EQ(made->driver, "tp");
    EXPECT_TRUE(state_.volumes.contains("pv"));

    auto seen = volumes.inspect("pv");
    ASSERT_TRUE(seen) << seen.error().message();
    auto shown = to_api_json(*seen);
    EXPECT_EQ(shown["Driver"], "tp");
    EXPECT_EQ(shown["Mountpoint"], "/p/pv");
    EXPECT_EQ(shown["Status"], (json{{"health", "ok"}}));

    state_.volumes.insert("theirs"); // made by someone else: listed as the plugin lists it
    auto listed = volumes.list(*api::Filters::parse(""));
    ASSERT_TRUE(listed);
    ASSERT_EQ(listed->size(), 2u);
    EXPECT_EQ((*listed)[0].name, "pv");
    EXPECT_EQ((*listed)[0].mountpoint, "/p/pv");
    EXPECT_EQ((*listed)[1].name, "theirs");
    EXPECT_EQ((*listed)[1].driver, "tp");

    ASSERT_TRUE(volumes.remove("pv", false));
    EXPECT_FALSE(state_.volumes.contains("pv"));
    EXPECT_FALSE(volumes.inspect("pv"));
}

TEST_F(PluginVolumeServiceTest, AListFailureIsAWarningAndTheRecordsStayListed) {
    auto volumes = service();
    ASSERT_TRUE(volumes.create({.name = "pv", .driver = "tp", .options = {}, .labels = std::nullopt}));
    state_.list_fails = true;
    std::vector<std::string> warnings;
    auto listed = volumes.list(*api::Filters::parse(""), &warnings);
    ASSERT_TRUE(listed) << listed.error().message();
    ASSERT_EQ(listed->size(), 1u);
    EXPECT_EQ((*listed)[0].name, "pv");
    EXPECT_EQ(warnings, std::vector<std::string>{"list tp: VolumeDriver.List: backend down"});
}

TEST_F(PluginVolumeServiceTest, PluginErrorsInDockerdsWords) {
    auto volumes = service();
    auto refused = volumes.create({.name = "bad", .driver = "tp", .options = {{"fail", "1"}}, .labels = std::nullopt});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().message(), "create bad: VolumeDriver.Create: no space");
    EXPECT_FALSE(volumes.inspect("bad")); // nothing recorded

    ASSERT_TRUE(volumes.create({.name = "pv", .driver = "tp", .options = {}, .labels = std::nullopt}));
    state_.volumes.erase("pv"); // the plugin lost it
    auto removal = volumes.remove("pv", false);
    ASSERT_FALSE(removal);
    EXPECT_EQ(removal.error().message(), "remove pv: VolumeDriver.Remove: no such volume");
    EXPECT_TRUE(volumes.remove("pv", true)); // -f forgets it all the same
    EXPECT_FALSE(volumes.inspect("pv"));

    auto absent = volumes.create({.name = "x", .driver = "nosuch", .options = {}, .labels = std::nullopt});
    ASSERT_FALSE(absent);
    EXPECT_EQ(absent.error().message(), "create x: error looking up volume plugin nosuch: plugin \"nosuch\" not found");
    EXPECT_EQ(absent.error().http_status(), 404);
}

TEST_F(PluginVolumeServiceTest, ContainersMountEachUseAndFindTheDriverByName) {
    auto volumes = service();
    ASSERT_TRUE(volumes.create({.name = "pv", .driver = "tp", .options = {}, .labels = std::nullopt}));
    // -v pv:/data names no driver: the existing plugin volume is taken.
    auto held = volumes.acquire("c1", {.name = "pv", .driver = "", .options = {}, .labels = std::nullopt});
    ASSERT_TRUE(held) << held.error().message();
    EXPECT_EQ(held->driver, "tp");
    EXPECT_FALSE(volumes.acquire("c1", {.name = "pv", .driver = "local", .options = {}, .labels = std::nullopt}));
    ASSERT_TRUE(volumes.acquire("c2", {.name = "pv", .driver = "tp", .options = {}, .labels = std::nullopt}));

    auto path = volumes.mount("pv", "c1", nullptr, {});
    ASSERT_TRUE(path) << path.error().message();
    EXPECT_EQ(*path, "/p/pv");
    ASSERT_TRUE(volumes.mount("pv", "c2", nullptr, {}));
    EXPECT_EQ(state_.mount_ids, (std::set<std::string>{"c1", "c2"}));
    EXPECT_EQ(volumes.remove("pv", true).error().http_status(), 409);
    volumes.unmount("pv", "c1");
    EXPECT_EQ(state_.mount_ids, (std::set<std::string>{"c2"}));
    volumes.unmount("pv", "c2");
    EXPECT_TRUE(state_.mount_ids.empty());

    // c1 kept running across a berthd restart: counted, not mounted a second time in the plugin.
    ASSERT_TRUE(volumes.mount("pv", "c1", nullptr, {}));
    auto other = service();
    ASSERT_TRUE(other.acquire("c1", {.name = "pv", .driver = "", .options = {}, .labels = std::nullopt}));
    auto remounted = other.remount("pv", "c1", {});
    ASSERT_TRUE(remounted) << remounted.error().message();
    EXPECT_EQ(*remounted, "/p/pv");
    EXPECT_EQ(std::ranges::count(plugin_.methods(), std::string("VolumeDriver.Mount")), 3);
    other.unmount("pv", "c1");
    EXPECT_TRUE(state_.mount_ids.empty());
    other.release("c1", "pv", false);
    volumes.release("c1", "pv", true);
    volumes.release("c2", "pv", true);
    EXPECT_TRUE(state_.volumes.contains("pv")); // a named volume stays

    // A new service (berthd restarted) still knows pv is the plugin's.
    auto again = service();
    auto known = again.inspect("pv");
    ASSERT_TRUE(known) << known.error().message();
    EXPECT_EQ(known->driver, "tp");
    ASSERT_TRUE(again.remove("pv", false));
    EXPECT_FALSE(state_.volumes.contains("pv"));
}

} // namespace
} // namespace berth::volumes
