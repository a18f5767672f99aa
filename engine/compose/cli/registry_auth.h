#pragma once
// The X-Registry-Auth header the docker CLI sends for a push, from its own
// config file ($DOCKER_CONFIG/config.json, else ~/.docker/config.json): the
// "auths" entry of the image's registry (its host[:port]; Docker Hub's key is
// "https://index.docker.io/v1/"), its base64 "auth" turned into
// {"username","password","serveraddress"}, then base64url JSON. No entry (or no
// file) is anonymous, "{}". Credential helpers (credsStore) are not run.

#include <string>

namespace berth::compose::cli {

// The registry part of a reference: "127.0.0.1:5000" for "127.0.0.1:5000/app:1",
// "docker.io" for "busybox" (docker's reference normalisation).
std::string registry_of(const std::string& image);

std::string registry_auth_header(const std::string& image);

} // namespace berth::compose::cli
