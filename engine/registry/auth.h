#pragma once
// Registry authentication as the distribution spec and Docker do it: the
// registry's 401 carries a WWW-Authenticate challenge; "Basic" wants the
// credentials on every request, "Bearer" a token fetched from the challenge's
// realm (anonymously, or with the credentials as Basic auth) for a scope like
// "repository:library/busybox:pull". Credentials come from the docker CLI's
// X-Registry-Auth header (base64url JSON) or from POST /auth's body.

#include "base/error.h"

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace berth::registry {

struct Credentials {
    std::string username;
    std::string password;
    std::string identity_token; // an OAuth refresh token from an earlier login
    std::string registry_token; // a bearer token to use as it is

    bool empty() const { return username.empty() && password.empty() && identity_token.empty() && registry_token.empty(); }
};

// {"username", "password", "identitytoken", "registrytoken"} (AuthConfig's JSON).
Credentials credentials_from_json(const nlohmann::json& auth_config);

// The X-Registry-Auth header: empty or "{}" is no credentials; anything that is not
// base64 of a JSON object is Invalid.
Result<Credentials> decode_registry_auth(std::string_view header);

struct Challenge {
    std::string scheme;                        // lower case: "basic", "bearer"
    std::map<std::string, std::string> params; // realm, service, scope (names lower case)
};

// Parses a WWW-Authenticate value (one or more challenges, quoted or token values).
std::vector<Challenge> parse_challenges(std::string_view header);

// The "Authorization" header value for Basic credentials.
std::string basic_authorization(const Credentials& credentials);

} // namespace berth::registry
