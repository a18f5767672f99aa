// What `docker login` / `docker logout` write in the docker CLI's config
// (api/client/registry_login.h), in a temporary DOCKER_CONFIG, read back as
// pulls read it (registry_credentials).
#include "api/client/registry_auth.h"
#include "api/client/registry_login.h"
#include "base/base64.h"
#include "support/temp_dir.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sstream>
#include <sys/stat.h>

namespace berth::api {
namespace {

namespace fs = std::filesystem;

class RegistryLoginTest : public ::testing::Test {
protected:
    void SetUp() override { setenv("DOCKER_CONFIG", (directory_ / "docker").c_str(), 1); }
    void TearDown() override { unsetenv("DOCKER_CONFIG"); }

    std::string configPath() const { return directory_ / "docker/config.json"; }
    void writeConfig(const std::string& text) {
        fs::create_directories(directory_ / "docker");
        std::ofstream(configPath()) << text;
    }
    std::string configText() const {
        std::ifstream file(configPath());
        std::stringstream text;
        text << file.rdbuf();
        return text.str();
    }
    nlohmann::ordered_json config() const { return nlohmann::ordered_json::parse(configText()); }

    testing::TempDir directory_{"registry-login-test"};
};

TEST(RegistryOfServer, WhatDockerLoginMeans) {
    EXPECT_EQ(registry_of_server(""), "docker.io");
    EXPECT_EQ(registry_of_server("docker.io"), "docker.io");
    EXPECT_EQ(registry_of_server("https://index.docker.io/v1/"), "docker.io");
    EXPECT_EQ(registry_of_server("registry-1.docker.io"), "docker.io");
    EXPECT_EQ(registry_of_server(" 127.0.0.1:5000 "), "127.0.0.1:5000");
    EXPECT_EQ(registry_of_server("https://registry.example.com/v2/"), "registry.example.com");
}

TEST_F(RegistryLoginTest, WritesTheEntryAPullReads) {
    ASSERT_TRUE(store_registry_login({"127.0.0.1:5000", "tester", "sec:ret", ""}));
    EXPECT_EQ(config()["auths"]["127.0.0.1:5000"], nlohmann::ordered_json({{"auth", base64_encode("tester:sec:ret")}}));
    auto read = registry_credentials("127.0.0.1:5000/app:1");
    EXPECT_EQ(read.username, "tester");
    EXPECT_EQ(read.password, "sec:ret");
    // Docker Hub under the CLI's key.
    ASSERT_TRUE(store_registry_login({"docker.io", "hubuser", "pw", ""}));
    EXPECT_TRUE(config()["auths"].contains("https://index.docker.io/v1/"));
    EXPECT_EQ(registry_credentials("busybox").username, "hubuser");
}

TEST_F(RegistryLoginTest, FileIs0600AndDirectory0700) {
    ASSERT_TRUE(store_registry_login({"r.example", "u", "p", ""}));
    struct stat st{};
    ASSERT_EQ(::stat(configPath().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0600u);
    ASSERT_EQ(::stat((directory_ / "docker").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0700u);
    // A file that was 0644 comes out 0600: it now holds a password.
    ::chmod(configPath().c_str(), 0644);
    ASSERT_TRUE(store_registry_login({"r.example", "u", "p2", ""}));
    ASSERT_EQ(::stat(configPath().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0600u);
}

TEST_F(RegistryLoginTest, KeepsEveryOtherKeyInItsOrder) {
    writeConfig(R"({"psFormat": "table {{.ID}}", "auths": {"other.example": {"auth": "b3RoZXI6cHc="}},
                    "proxies": {"default": {"httpProxy": "http://proxy:3128"}}, "currentContext": "x"})");
    ASSERT_TRUE(store_registry_login({"127.0.0.1:5000", "tester", "pw", ""}));
    auto written = config();
    std::vector<std::string> keys;
    for (auto it = written.begin(); it != written.end(); ++it) keys.push_back(it.key());
    EXPECT_EQ(keys, (std::vector<std::string>{"psFormat", "auths", "proxies", "currentContext"}));
    EXPECT_EQ(written["psFormat"], "table {{.ID}}");
    EXPECT_EQ(written["proxies"]["default"]["httpProxy"], "http://proxy:3128");
    EXPECT_EQ(written["auths"]["other.example"]["auth"], "b3RoZXI6cHc=");
    EXPECT_EQ(written["auths"].size(), 2u);
}

TEST_F(RegistryLoginTest, ReplacesAtomically) {
    writeConfig(R"({"auths": {}})");
    struct stat before{}, after{};
    ASSERT_EQ(::stat(configPath().c_str(), &before), 0);
    ASSERT_TRUE(store_registry_login({"r.example", "u", "p", ""}));
    ASSERT_EQ(::stat(configPath().c_str(), &after), 0);
    // A new file renamed over the old one, never the old one rewritten in place,
    // and nothing left beside it.
    EXPECT_NE(after.st_ino, before.st_ino);
    EXPECT_EQ(std::distance(fs::directory_iterator(directory_ / "docker"), fs::directory_iterator()), 1);
}

TEST_F(RegistryLoginTest, IdentityTokenReplacesThePassword) {
    ASSERT_TRUE(store_registry_login({"r.example", "tester", "pw", "refresh-token"}));
    EXPECT_EQ(config()["auths"]["r.example"],
              nlohmann::ordered_json({{"auth", base64_encode("tester:")}, {"identitytoken", "refresh-token"}}));
    auto read = registry_credentials("r.example/app");
    EXPECT_EQ(read.username, "tester");
    EXPECT_EQ(read.password, "");
    EXPECT_EQ(read.identity_token, "refresh-token");
}

TEST_F(RegistryLoginTest, LogoutRemovesOnlyThatRegistry) {
    writeConfig(R"({"auths": {"r.example": {"auth": "dTpw"}, "https://r.example": {"auth": "dTpw"},
                              "other.example": {"auth": "bzpw"}}, "credHelpers": {"gcr.io": "gcloud"}})");
    auto removed = remove_registry_login("r.example");
    ASSERT_TRUE(removed) << removed.error().message();
    EXPECT_TRUE(*removed);
    EXPECT_EQ(config()["auths"], nlohmann::ordered_json({{"other.example", {{"auth", "bzpw"}}}}));
    EXPECT_EQ(config()["credHelpers"]["gcr.io"], "gcloud");
    // Again: not logged in, nothing written.
    auto again = remove_registry_login("r.example");
    ASSERT_TRUE(again);
    EXPECT_FALSE(*again);
    // No config at all: not logged in either.
    fs::remove(configPath());
    EXPECT_EQ(remove_registry_login("r.example").value_or(true), false);
    EXPECT_FALSE(fs::exists(configPath()));
}

TEST_F(RegistryLoginTest, RefusesWhenACredentialHelperHoldsTheRegistry) {
    const std::string original = R"({"auths": {}, "credsStore": "desktop"})";
    writeConfig(original);
    auto stored = store_registry_login({"r.example", "u", "p", ""});
    ASSERT_FALSE(stored);
    EXPECT_NE(stored.error().message().find("docker-credential-desktop"), std::string::npos)
        << stored.error().message();
    EXPECT_NE(stored.error().message().find("does not write to credential helpers"), std::string::npos);
    EXPECT_FALSE(registry_login_file("r.example"));
    EXPECT_FALSE(remove_registry_login("r.example"));
    EXPECT_EQ(configText(), original); // untouched
    // A helper for another registry only: this one is written as plain text.
    writeConfig(R"({"credHelpers": {"gcr.io": "gcloud"}})");
    EXPECT_TRUE(store_registry_login({"r.example", "u", "p", ""}));
    auto refused = store_registry_login({"gcr.io", "u", "p", ""});
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message().find("docker-credential-gcloud"), std::string::npos);
}

TEST_F(RegistryLoginTest, NeverOverwritesAConfigItCannotRead) {
    writeConfig("{not json");
    auto stored = store_registry_login({"r.example", "u", "p", ""});
    ASSERT_FALSE(stored);
    EXPECT_NE(stored.error().message().find("is not a JSON object"), std::string::npos);
    EXPECT_EQ(configText(), "{not json");
}

TEST_F(RegistryLoginTest, WritesThroughASymlinkedConfig) {
    fs::create_directories(directory_ / "docker");
    fs::create_directories(directory_ / "dotfiles");
    std::ofstream(directory_ / "dotfiles/config.json") << R"({"detachKeys": "ctrl-e,e"})";
    fs::create_symlink("../dotfiles/config.json", configPath());
    ASSERT_TRUE(store_registry_login({"r.example", "u", "p", ""}));
    EXPECT_TRUE(fs::is_symlink(configPath()));
    EXPECT_EQ(config()["detachKeys"], "ctrl-e,e");
    EXPECT_TRUE(config()["auths"].contains("r.example"));
}

} // namespace
} // namespace berth::api
