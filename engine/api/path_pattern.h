#pragma once
// Engine API path patterns: "/containers/{id}/json". A "{param}" matches one path
// segment, except "{name}", which may span several: image and plugin names hold
// slashes ("/images/docker.io/library/busybox/json"), as Docker's router allows.

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace berth::api {

using PathParams = std::map<std::string, std::string, std::less<>>;

// The parameters when `path` matches `pattern`, nullopt otherwise.
std::optional<PathParams> match_path(std::string_view pattern, std::string_view path);

} // namespace berth::api
