#pragma once
// Every endpoint of the Engine API (from its swagger, by tag). berthd answers the
// ones it has not built yet with 501 and says so, and unknown paths with 404.

#include <optional>
#include <string_view>

namespace berth::api {

struct KnownEndpoint {
    std::string_view method; // "GET", "POST", ...
    std::string_view pattern; // "/containers/{id}/json"
    std::string_view area;    // the swagger tag: "Container", "Image", ...
};

// The endpoint that `method path` (unversioned, no query) would be, if any.
std::optional<KnownEndpoint> find_known_endpoint(std::string_view method, std::string_view path);

} // namespace berth::api
