#pragma once
// A docker credential helper (`credsStore` / `credHelpers` in the docker CLI's
// config.json) asked for a registry's credentials as the docker CLI asks it:
// `docker-credential-<name> get`, found on PATH, with the server address on
// stdin and {"ServerURL","Username","Secret"} on stdout. A helper that says
// "credentials not found in native keychain" is NotFound (anonymous, not a
// failure); one that cannot be run, fails, hangs past `timeout` or prints
// something else is an error that names it.

#include "base/error.h"

#include <chrono>
#include <string>

namespace berth::api {

struct HelperCredentials {
    std::string username; // "<token>" when `secret` is an identity token
    std::string secret;
};

Result<HelperCredentials> run_credential_helper(const std::string& helper, const std::string& server_address,
                                                std::chrono::milliseconds timeout = std::chrono::seconds(30));

} // namespace berth::api
