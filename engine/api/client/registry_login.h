#pragma once
// What `docker login` and `docker logout` write in the docker CLI's config file
// ($DOCKER_CONFIG/config.json, else ~/.docker/config.json) once the engine's
// POST /auth has accepted the credentials, when no credential helper is
// configured (the CLI's "file store"):
// - `"auths"[key] = {"auth": base64("user:password")}`, key as registry_auth.h
//   files it (registry_config_key); with an identity token from /auth the CLI
//   keeps only the user name in "auth" ("user:") and the token as "identitytoken";
// - the file is replaced atomically (a temporary file beside it, renamed over
//   it; a symlinked config.json is written through to its target), mode 0600,
//   the directory made 0700 when missing; every other key of the file is kept
//   as it was (order too);
// - logout removes the registry's entry (and, as the CLI, the same host filed
//   as "https://host" or "http://host"), nothing else.
// When the config names a credential helper for the registry (`credHelpers`, or
// `credsStore`), both refuse: the credentials belong in that helper, and Berth
// does not run helpers' `store`/`erase` (only `get`, credential_helper.h), so
// writing plain text beside it would be a silent downgrade. A config file that
// is not a JSON object is refused too, never overwritten.

#include "base/error.h"

#include <string>

namespace berth::api {

// The registry `docker login SERVER` means: scheme and path dropped, and Docker
// Hub by any of its names ("", "docker.io", "index.docker.io",
// "https://index.docker.io/v1/", "registry-1.docker.io") as "docker.io".
std::string registry_of_server(const std::string& server);

struct RegistryLogin {
    std::string server; // as the user typed it; see registry_of_server
    std::string username;
    std::string password;
    std::string identity_token; // from POST /auth's IdentityToken; replaces the password when set
};

// The config file a login for `server` would be written to, or why it cannot
// be (a credential helper is configured for it, the file is not JSON).
Result<std::string> registry_login_file(const std::string& server);

// Writes the login into the config file (see above).
Result<> store_registry_login(const RegistryLogin& login);

// Removes `server`'s entry; false when there was none ("Not logged in").
Result<bool> remove_registry_login(const std::string& server);

} // namespace berth::api
