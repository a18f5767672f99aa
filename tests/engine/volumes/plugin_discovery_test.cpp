#include "volumes/plugin_discovery.h"

#include "base/files.h"
#include "support/temp_dir.h"
#include "engine/volumes/fake_plugin.h"

#include <filesystem>
#include <gtest/gtest.h>

namespace berth::volumes {
namespace {

void write(const std::string& path, const std::string& text) {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    ASSERT_TRUE(write_file_atomically(path, text, 0644));
}

class PluginDiscoveryTest : public ::testing::Test {
protected:
    PluginDirs dirs() const { return {{sockets_.path()}, {specs_.path(), more_specs_.path()}}; }
    testing::TempDir sockets_, specs_, more_specs_;
};

TEST_F(PluginDiscoveryTest, NothingThereIsDockersNotFound) {
    auto found = find_plugin("nfs", dirs());
    ASSERT_FALSE(found);
    EXPECT_EQ(found.error().http_status(), 404);
    EXPECT_EQ(found.error().message(), "plugin \"nfs\" not found");
}

TEST_F(PluginDiscoveryTest, SocketBesideOrInItsOwnDirectory) {
    testing::FakePlugin beside(sockets_ / "a.sock", [](auto&, auto&) { return testing::FakeAnswer{}; });
    std::filesystem::create_directories(sockets_ / "b");
    testing::FakePlugin inside(sockets_ / "b/b.sock", [](auto&, auto&) { return testing::FakeAnswer{}; });
    auto a = find_plugin("a", dirs());
    ASSERT_TRUE(a) << a.error().message();
    EXPECT_FALSE(a->tcp);
    EXPECT_EQ(a->address, sockets_ / "a.sock");
    auto b = find_plugin("b", dirs());
    ASSERT_TRUE(b) << b.error().message();
    EXPECT_EQ(b->address, sockets_ / "b/b.sock");
}

TEST_F(PluginDiscoveryTest, AFileNamedLikeASocketIsNotOne) {
    write(sockets_ / "c.sock", "");
    EXPECT_FALSE(find_plugin("c", dirs()));
}

TEST_F(PluginDiscoveryTest, SocketComesBeforeSpec) {
    testing::FakePlugin plugin(sockets_ / "d.sock", [](auto&, auto&) { return testing::FakeAnswer{}; });
    write(specs_ / "d.spec", "tcp://127.0.0.1:1\n");
    auto found = find_plugin("d", dirs());
    ASSERT_TRUE(found);
    EXPECT_FALSE(found->tcp);
}

TEST_F(PluginDiscoveryTest, SpecFilesGiveUnixOrTcpAddresses) {
    write(specs_ / "e.spec", "  unix:///run/e/e.sock\n");
    write(more_specs_ / "f/f.spec", "tcp://127.0.0.1:8080");
    auto e = find_plugin("e", dirs());
    ASSERT_TRUE(e) << e.error().message();
    EXPECT_FALSE(e->tcp);
    EXPECT_EQ(e->address, "/run/e/e.sock");
    auto f = find_plugin("f", dirs());
    ASSERT_TRUE(f) << f.error().message();
    EXPECT_TRUE(f->tcp);
    EXPECT_EQ(f->address, "127.0.0.1:8080");
}

TEST_F(PluginDiscoveryTest, JsonSpecTakesAddrAndRefusesTls) {
    write(specs_ / "g.json", R"({"Name": "g", "Addr": "tcp://127.0.0.1:9000"})");
    auto g = find_plugin("g", dirs());
    ASSERT_TRUE(g) << g.error().message();
    EXPECT_EQ(g->address, "127.0.0.1:9000");
    write(specs_ / "h.json", R"({"Name": "h", "Addr": "tcp://127.0.0.1:9000", "TLSConfig": {"CAFile": "/ca.pem"}})");
    auto h = find_plugin("h", dirs());
    ASSERT_FALSE(h);
    EXPECT_EQ(h.error().http_status(), 501);
}

TEST_F(PluginDiscoveryTest, BadSpecsAndNamesAreRefused) {
    write(specs_ / "i.spec", "http://127.0.0.1:1");
    EXPECT_EQ(find_plugin("i", dirs()).error().http_status(), 400);
    write(specs_ / "j.spec", "/no/scheme");
    EXPECT_EQ(find_plugin("j", dirs()).error().http_status(), 400);
    write(specs_ / "k/k.spec", "unix:///x.sock");
    EXPECT_FALSE(find_plugin("../" + std::filesystem::path(specs_.path()).filename().string() + "/k", dirs()));
    EXPECT_FALSE(find_plugin("", dirs()));
}

TEST(PluginDirsTest, DockerDefaults) {
    auto dirs = PluginDirs::docker_defaults();
    EXPECT_EQ(dirs.socket_dirs, std::vector<std::string>{"/run/docker/plugins"});
    EXPECT_EQ(dirs.spec_dirs, (std::vector<std::string>{"/etc/docker/plugins", "/usr/lib/docker/plugins"}));
}

} // namespace
} // namespace berth::volumes
