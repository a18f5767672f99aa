#include "api/client/registry_login.h"

#include "api/client/registry_auth.h"
#include "base/base64.h"
#include "base/files.h"

#include <cerrno>
#include <filesystem>
#include <nlohmann/json.hpp>

namespace berth::api {
namespace {

namespace fs = std::filesystem;

// The file the CLI writes: config.json, or what it links to (the CLI follows
// one symlink too, so a config kept elsewhere stays a link).
std::string config_path() {
    fs::path path = fs::path(docker_config_dir()) / "config.json";
    std::error_code error;
    if (fs::is_symlink(path, error)) {
        fs::path target = fs::read_symlink(path, error);
        if (!error) return (target.is_absolute() ? target : path.parent_path() / target).string();
    }
    return path.string();
}

// The config as written (key order kept), an empty object when there is no file.
Result<nlohmann::ordered_json> load_config(const std::string& path) {
    auto text = read_file(path);
    if (!text) {
        if (text.error().errnum() == ENOENT) return nlohmann::ordered_json::object();
        return std::unexpected(std::move(text.error()).wrap("reading the docker config"));
    }
    auto config = nlohmann::ordered_json::parse(*text, nullptr, false);
    if (config.is_discarded() || !config.is_object())
        return fail(ErrorCategory::Invalid, "the docker config {} is not a JSON object; it was left as it is", path);
    if (auto auths = config.find("auths"); auths != config.end() && !auths->is_object())
        return fail(ErrorCategory::Invalid, "\"auths\" in the docker config {} is not an object; it was left as it is",
                    path);
    return config;
}

// Refuses when a credential helper holds `key`'s credentials.
Result<> refuse_helper(const nlohmann::ordered_json& config, const std::string& path, const std::string& key) {
    const std::string helper = credential_helper_for(nlohmann::json::parse(config.dump()), key);
    if (helper.empty()) return {};
    return fail(ErrorCategory::NotImplemented,
                "the docker config {} keeps the credentials of {} in the credential helper docker-credential-{}, "
                "and Berth does not write to credential helpers; log in with the docker CLI instead (docker login)",
                path, key, helper);
}

Result<> save_config(const std::string& path, const nlohmann::ordered_json& config) {
    const fs::path directory = fs::path(path).parent_path();
    std::error_code error;
    if (!fs::exists(directory, error)) {
        if (!fs::create_directories(directory, error) && error)
            return fail(ErrorCategory::System, "creating {}: {}", directory.string(), error.message());
        fs::permissions(directory, fs::perms::owner_all, error);
    }
    // The CLI's json.MarshalIndent(config, "", "\t").
    auto written = write_file_atomically(path, config.dump(1, '\t') + "\n", 0600);
    if (!written) return std::unexpected(std::move(written.error()).wrap("writing the docker config"));
    return {};
}

} // namespace

std::string registry_of_server(const std::string& server) {
    const auto first = server.find_first_not_of(" \t");
    const auto last = server.find_last_not_of(" \t");
    const std::string host =
        first == std::string::npos ? std::string() : registry_key_hostname(server.substr(first, last - first + 1));
    if (host.empty() || host == "docker.io" || host == "index.docker.io" || host == "registry-1.docker.io")
        return "docker.io";
    return host;
}

Result<std::string> registry_login_file(const std::string& server) {
    const std::string path = config_path();
    auto config = load_config(path);
    if (!config) return std::unexpected(config.error());
    if (auto refused = refuse_helper(*config, path, registry_config_key(registry_of_server(server))); !refused)
        return std::unexpected(refused.error());
    return path;
}

Result<> store_registry_login(const RegistryLogin& login) {
    const std::string path = config_path();
    const std::string key = registry_config_key(registry_of_server(login.server));
    auto config = load_config(path);
    if (!config) return std::unexpected(config.error());
    if (auto refused = refuse_helper(*config, path, key); !refused) return refused;
    // The CLI's file store: "auth" is base64(user:password), the password
    // cleared when an identity token stands in for it.
    const bool token = !login.identity_token.empty();
    nlohmann::ordered_json entry = {{"auth", base64_encode(login.username + ":" + (token ? "" : login.password))}};
    if (token) entry["identitytoken"] = login.identity_token;
    (*config)["auths"][key] = std::move(entry);
    return save_config(path, *config);
}

Result<bool> remove_registry_login(const std::string& server) {
    const std::string path = config_path();
    const std::string key = registry_config_key(registry_of_server(server));
    auto config = load_config(path);
    if (!config) return std::unexpected(config.error());
    if (auto refused = refuse_helper(*config, path, key); !refused) return std::unexpected(refused.error());
    auto auths = config->find("auths");
    if (auths == config->end()) return false;
    // `docker logout HOST` also erases the entries an older CLI filed under a URL.
    size_t removed = auths->erase(key);
    if (key != registry_config_key("docker.io"))
        removed += auths->erase("https://" + key) + auths->erase("http://" + key);
    if (removed == 0) return false;
    if (auto saved = save_config(path, *config); !saved) return std::unexpected(saved.error());
    return true;
}

} // namespace berth::api
