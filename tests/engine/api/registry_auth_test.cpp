// X-Registry-Auth from the docker CLI's config (api/client/registry_auth.h), as
// the docker CLI looks it up: a temporary DOCKER_CONFIG, and fake
// docker-credential-* helpers (shell scripts) first on PATH.
#include "api/client/credential_helper.h"
#include "api/client/registry_auth.h"
#include "base/base64.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

namespace berth::api {
namespace {

namespace fs = std::filesystem;

class RegistryAuthTest : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
        directory_ = fs::temp_directory_path() / ("registry-auth-test-" + std::to_string(getpid()) + "-" + test->name());
        fs::create_directories(directory_ / "bin");
        setenv("DOCKER_CONFIG", directory_.c_str(), 1);
        const char* path = std::getenv("PATH");
        setenv("PATH", ((directory_ / "bin").string() + ":" + (path ? path : "/usr/bin:/bin")).c_str(), 1);
    }
    void TearDown() override {
        unsetenv("DOCKER_CONFIG");
        fs::remove_all(directory_);
    }

    void writeConfig(const std::string& json) { std::ofstream(directory_ / "config.json") << json; }

    // A helper that answers `body` (a shell snippet; $url is what it read on stdin).
    void writeHelper(const std::string& name, const std::string& body) {
        fs::path file = directory_ / "bin" / ("docker-credential-" + name);
        std::ofstream(file) << "#!/bin/sh\n[ \"$1\" = get ] || exit 3\nurl=$(cat)\n" << body << "\n";
        fs::permissions(file, fs::perms::owner_all);
    }

    // The header decoded back into its JSON.
    static nlohmann::json header(const std::string& image) {
        auto decoded = base64_decode(registry_auth_header(image));
        EXPECT_TRUE(decoded);
        return nlohmann::json::parse(decoded.value_or("null"));
    }

    fs::path directory_;
};

TEST(RegistryOf, DockersNormalisation) {
    EXPECT_EQ(registry_of("busybox"), "docker.io");
    EXPECT_EQ(registry_of("library/busybox:1"), "docker.io");
    EXPECT_EQ(registry_of("index.docker.io/library/busybox"), "docker.io");
    EXPECT_EQ(registry_of("localhost/app"), "localhost");
    EXPECT_EQ(registry_of("127.0.0.1:5000/a/b:1"), "127.0.0.1:5000");
    EXPECT_EQ(registry_config_key("docker.io"), "https://index.docker.io/v1/");
    EXPECT_EQ(registry_config_key("127.0.0.1:5000"), "127.0.0.1:5000");
}

TEST_F(RegistryAuthTest, AuthsEntryOfTheRegistry) {
    writeConfig(R"({"auths": {"127.0.0.1:5000": {"auth": ")" + base64_encode("tester:sec:ret") + R"("}}})");
    auto auth = header("127.0.0.1:5000/app:1");
    EXPECT_EQ(auth, nlohmann::json({{"username", "tester"}, {"password", "sec:ret"}, {"serveraddress", "127.0.0.1:5000"}}));
    EXPECT_EQ(header("other:1/app"), nlohmann::json::object());
    EXPECT_EQ(header("busybox"), nlohmann::json::object());
}

TEST_F(RegistryAuthTest, HeaderIsUrlSafeBase64) {
    // Three "~" in a row encode to "fn5+" and three "?" to "Pz8/" in the standard
    // alphabet (nine in a row hold an aligned three): the header carries "-" and "_" instead.
    writeConfig(R"({"auths": {"r.example:5000": {"username": "~~~~~~~~~", "password": "?????????"}}})");
    std::string encoded = registry_auth_header("r.example:5000/app");
    EXPECT_EQ(encoded.find_first_of("+/"), std::string::npos) << encoded;
    EXPECT_NE(encoded.find_first_of("-_"), std::string::npos) << encoded;
    EXPECT_EQ(header("r.example:5000/app").value("username", ""), "~~~~~~~~~");
}

TEST_F(RegistryAuthTest, DockerHubAndLegacyKeys) {
    writeConfig(R"({"auths": {
        "https://index.docker.io/v1/": {"auth": ")" + base64_encode("hubuser:hubpass") + R"("},
        "https://legacy.example:5000/v1/": {"username": "old", "password": "pw", "identitytoken": "tok"}}})");
    EXPECT_EQ(header("busybox").value("username", ""), "hubuser");
    EXPECT_EQ(header("docker.io/library/busybox").value("serveraddress", ""), "https://index.docker.io/v1/");
    auto legacy = header("legacy.example:5000/app");
    EXPECT_EQ(legacy.value("username", ""), "old");
    EXPECT_EQ(legacy.value("identitytoken", ""), "tok");
    EXPECT_EQ(legacy.value("serveraddress", ""), "https://legacy.example:5000/v1/");
}

TEST_F(RegistryAuthTest, NoFileOrABrokenOneIsAnonymous) {
    EXPECT_EQ(header("127.0.0.1:5000/app"), nlohmann::json::object());
    writeConfig("{not json");
    EXPECT_EQ(header("127.0.0.1:5000/app"), nlohmann::json::object());
    writeConfig(R"({"auths": {"127.0.0.1:5000": {"auth": "bm9jb2xvbg=="}}})"); // "nocolon"
    EXPECT_EQ(header("127.0.0.1:5000/app"), nlohmann::json::object());
}

TEST_F(RegistryAuthTest, CredHelperForTheRegistryIsAskedWithItsKey) {
    writeHelper("fake", R"(printf '{"ServerURL":"%s","Username":"u-%s","Secret":"s3cret"}' "$url" "$url")");
    writeConfig(R"({"auths": {"127.0.0.1:5000": {}}, "credHelpers": {"127.0.0.1:5000": "fake"}})");
    auto auth = header("127.0.0.1:5000/app");
    EXPECT_EQ(auth, nlohmann::json({{"username", "u-127.0.0.1:5000"}, {"password", "s3cret"},
                                    {"serveraddress", "127.0.0.1:5000"}}));
    EXPECT_EQ(header("other.example/app"), nlohmann::json::object()); // no helper, no entry
}

TEST_F(RegistryAuthTest, CredsStoreForEveryRegistryButTheCredHelpersOnes) {
    writeHelper("store", R"(printf '{"ServerURL":"%s","Username":"<token>","Secret":"refresh-%s"}' "$url" "$url")");
    writeHelper("special", R"(printf '{"ServerURL":"%s","Username":"sp","Secret":"x"}' "$url")");
    writeConfig(R"({"credsStore": "store", "credHelpers": {"special.example": "special"}})");
    auto hub = header("busybox");
    EXPECT_EQ(hub, nlohmann::json({{"identitytoken", "refresh-https://index.docker.io/v1/"},
                                   {"serveraddress", "https://index.docker.io/v1/"}}));
    EXPECT_EQ(header("special.example/app").value("username", ""), "sp");
}

TEST_F(RegistryAuthTest, HelperThatHasNothingOrFailsIsAnonymous) {
    writeHelper("empty", "echo 'credentials not found in native keychain'; exit 1");
    auto missing = run_credential_helper("empty", "127.0.0.1:5000");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().category(), ErrorCategory::NotFound);
    writeConfig(R"({"credsStore": "empty"})");
    EXPECT_EQ(header("127.0.0.1:5000/app"), nlohmann::json::object());

    writeHelper("broken", "echo 'the keyring is locked'; exit 1");
    auto broken = run_credential_helper("broken", "127.0.0.1:5000");
    ASSERT_FALSE(broken);
    EXPECT_EQ(broken.error().message(), "error getting credentials from docker-credential-broken: the keyring is locked");
    writeHelper("garbage", "echo 'not json'");
    auto garbage = run_credential_helper("garbage", "x");
    ASSERT_FALSE(garbage);
    EXPECT_EQ(garbage.error().message(), "error getting credentials from docker-credential-garbage: its answer is not a credential");
    writeConfig(R"({"credsStore": "broken"})");
    EXPECT_EQ(header("127.0.0.1:5000/app"), nlohmann::json::object());
}

TEST_F(RegistryAuthTest, HelperNotInstalledIsNamed) {
    auto absent = run_credential_helper("berth-absent-helper", "x");
    ASSERT_FALSE(absent);
    EXPECT_NE(absent.error().message().find("exec: \"docker-credential-berth-absent-helper\""), std::string::npos)
        << absent.error().message();
    writeConfig(R"({"credsStore": "berth-absent-helper", "auths": {"127.0.0.1:5000": {"auth": ")" +
                base64_encode("a:b") + R"("}}})");
    EXPECT_EQ(header("127.0.0.1:5000/app"), nlohmann::json::object()); // the helper wins, as in the docker CLI
}

TEST_F(RegistryAuthTest, HelperThatHangsIsStopped) {
    writeHelper("hang", "exec sleep 30");
    auto hung = run_credential_helper("hang", "x", std::chrono::milliseconds(300));
    ASSERT_FALSE(hung);
    EXPECT_NE(hung.error().message().find("no answer in time"), std::string::npos) << hung.error().message();
    // Its answer given and its stdout closed, it goes on: killed at the deadline,
    // its answer not taken (nor shown: it holds the secret).
    writeHelper("lingers", R"(echo '{"Username":"u","Secret":"s"}'; exec >&-; exec sleep 30)");
    auto lingered = run_credential_helper("lingers", "x", std::chrono::seconds(1));
    ASSERT_FALSE(lingered);
    // (On a machine too loaded to start the shell in a second, its answer comes too late instead.)
    const std::string& why = lingered.error().message();
    EXPECT_TRUE(why.ends_with(": it did not exit in time") || why.ends_with(": no answer in time")) << why;
}

} // namespace
} // namespace berth::api
