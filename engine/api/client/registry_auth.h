#pragma once
// The X-Registry-Auth header the docker CLI sends for a pull or a push, from
// its own config file ($DOCKER_CONFIG/config.json, else ~/.docker/config.json),
// looked up as the docker CLI does:
// - the registry's key is its host[:port]; Docker Hub's is "https://index.docker.io/v1/";
// - a credential helper for that key (`credHelpers`, else `credsStore`) is asked
//   (credential_helper.h);
// - otherwise the "auths" entry of that key, or else of an entry whose
//   hostname (scheme and path dropped) is the key: its base64 "auth" (or
//   "username"/"password"), "identitytoken" and "registrytoken".
// The header is base64url JSON of {"username","password","serveraddress",...};
// no credentials (no file, no entry, a helper that fails) is anonymous, "{}".
// Like the docker CLI, a lookup that fails does not stop the pull: it is
// logged (warn) and the request goes anonymously. Used by `berth compose push`
// and by the app's pull and push.

#include <nlohmann/json_fwd.hpp>
#include <string>

namespace berth::api {

// The registry part of a reference: "127.0.0.1:5000" for "127.0.0.1:5000/app:1",
// "docker.io" for "busybox" and "index.docker.io/x" (docker's normalisation).
std::string registry_of(const std::string& image);

// The key the docker CLI files a registry's credentials under.
std::string registry_config_key(const std::string& registry);

// The docker CLI's credentials.ConvertToHostname: "https://host:5000/v1/" is
// "host:5000" (an older CLI filed entries under such URLs).
std::string registry_key_hostname(std::string key);

// The credential helper the parsed config.json names for `key`: `credHelpers[key]`,
// else `credsStore`, else "" (none: the "auths" entries are the store).
std::string credential_helper_for(const nlohmann::json& config, const std::string& key);

// The docker CLI's config directory: $DOCKER_CONFIG, else ~/.docker.
std::string docker_config_dir();

struct RegistryCredentials {
    std::string username;
    std::string password;
    std::string identity_token;
    std::string registry_token;
    std::string server_address;

    bool empty() const {
        return username.empty() && password.empty() && identity_token.empty() && registry_token.empty();
    }
};

// The credentials for `image`'s registry (empty when anonymous).
RegistryCredentials registry_credentials(const std::string& image);
// The same for a registry ("docker.io", "127.0.0.1:5000").
RegistryCredentials credentials_of_registry(const std::string& registry);

// base64url JSON of `credentials` as the docker CLI encodes an AuthConfig
// (empty fields left out; no credentials is "{}").
std::string encode_registry_auth(const RegistryCredentials& credentials);

// encode_registry_auth(registry_credentials(image)).
std::string registry_auth_header(const std::string& image);

} // namespace berth::api
