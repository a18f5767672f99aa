#include "api/client/registry_auth.h"

#include "api/client/credential_helper.h"
#include "base/base64.h"
#include "base/log.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

namespace berth::api {
namespace {

constexpr std::string_view kDockerHubKey = "https://index.docker.io/v1/";

// base64url as Go's base64.URLEncoding (padded), what the daemon's decoder reads.
std::string url_safe(std::string text) {
    for (auto& c : text)
        c = c == '+' ? '-' : c == '/' ? '_' : c;
    return text;
}

nlohmann::json load_config() {
    std::ifstream file(std::filesystem::path(docker_config_dir()) / "config.json");
    auto config = file ? nlohmann::json::parse(file, nullptr, false) : nlohmann::json();
    return config.is_object() ? config : nlohmann::json::object();
}

std::string string_field(const nlohmann::json& object, const char* name) {
    auto field = object.find(name);
    return field != object.end() && field->is_string() ? field->get<std::string>() : std::string();
}

// The "auths" entry filed under `key`, or under a key whose hostname is `key`
// (an older CLI's "https://host/v1/"), with the key it is filed under.
std::pair<const nlohmann::json*, std::string> auths_entry(const nlohmann::json& config,
                                                          const std::string& key) {
    auto auths = config.find("auths");
    if (auths == config.end() || !auths->is_object()) return {nullptr, ""};
    if (auto exact = auths->find(key); exact != auths->end())
        return {exact->is_object() ? &*exact : nullptr, key};
    for (auto entry = auths->begin(); entry != auths->end(); ++entry)
        if (entry->is_object() && registry_key_hostname(entry.key()) == key) return {&*entry, entry.key()};
    return {nullptr, ""};
}

RegistryCredentials from_auths_entry(const nlohmann::json& entry, const std::string& server_address) {
    RegistryCredentials credentials{string_field(entry, "username"), string_field(entry, "password"),
                                    string_field(entry, "identitytoken"), string_field(entry, "registrytoken"),
                                    server_address};
    if (std::string auth = string_field(entry, "auth"); !auth.empty()) {
        auto decoded = base64_decode(auth);
        auto colon = decoded ? decoded->find(':') : std::string::npos;
        if (colon == std::string::npos) {
            log::warn("docker config: the auth entry for {} is not base64 of user:password; pulling anonymously",
                      server_address);
            return {};
        }
        credentials.username = decoded->substr(0, colon);
        credentials.password = decoded->substr(colon + 1);
    }
    return credentials;
}

RegistryCredentials from_helper(const std::string& helper, const std::string& key) {
    auto answer = run_credential_helper(helper, key);
    if (!answer) {
        if (answer.error().category() != ErrorCategory::NotFound)
            log::warn("{}; pulling and pushing {} anonymously", answer.error().message(), key);
        return {};
    }
    RegistryCredentials credentials;
    credentials.server_address = key;
    // The helpers' convention for an identity (OAuth refresh) token.
    if (answer->username == "<token>") credentials.identity_token = answer->secret;
    else {
        credentials.username = answer->username;
        credentials.password = answer->secret;
    }
    return credentials;
}

} // namespace

std::string registry_of(const std::string& image) {
    auto slash = image.find('/');
    if (slash == std::string::npos) return "docker.io";
    std::string first = image.substr(0, slash);
    bool is_host = first.find_first_of(".:") != std::string::npos || first == "localhost";
    if (!is_host || first == "index.docker.io") return "docker.io";
    return first;
}

std::string registry_config_key(const std::string& registry) {
    return registry == "docker.io" ? std::string(kDockerHubKey) : registry;
}

std::string credential_helper_for(const nlohmann::json& config, const std::string& key) {
    if (auto helpers = config.find("credHelpers"); helpers != config.end() && helpers->is_object())
        if (auto helper = helpers->find(key); helper != helpers->end() && helper->is_string())
            return helper->get<std::string>();
    return string_field(config, "credsStore");
}

std::string registry_key_hostname(std::string key) {
    for (std::string_view scheme : {"http://", "https://"})
        if (key.starts_with(scheme)) key.erase(0, scheme.size());
    return key.substr(0, key.find('/'));
}

std::string docker_config_dir() {
    if (const char* directory = std::getenv("DOCKER_CONFIG"); directory && *directory) return directory;
    const char* home = std::getenv("HOME");
    return (std::filesystem::path(home ? home : "/") / ".docker").string();
}

RegistryCredentials registry_credentials(const std::string& image) {
    return credentials_of_registry(registry_of(image));
}

RegistryCredentials credentials_of_registry(const std::string& registry) {
    const std::string key = registry_config_key(registry);
    const nlohmann::json config = load_config();
    if (std::string helper = credential_helper_for(config, key); !helper.empty()) return from_helper(helper, key);
    auto [entry, filed_under] = auths_entry(config, key);
    return entry ? from_auths_entry(*entry, filed_under) : RegistryCredentials{};
}

std::string encode_registry_auth(const RegistryCredentials& credentials) {
    nlohmann::json auth = nlohmann::json::object();
    if (!credentials.empty()) {
        auto put = [&](const char* name, const std::string& value) {
            if (!value.empty()) auth[name] = value;
        };
        put("username", credentials.username);
        put("password", credentials.password);
        put("serveraddress", credentials.server_address);
        put("identitytoken", credentials.identity_token);
        put("registrytoken", credentials.registry_token);
    }
    return url_safe(base64_encode(auth.dump()));
}

std::string registry_auth_header(const std::string& image) {
    return encode_registry_auth(registry_credentials(image));
}

} // namespace berth::api
