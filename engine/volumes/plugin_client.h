#pragma once
// One call of Docker's legacy plugin protocol: HTTP/1.1 POST /Method with a
// JSON body and `Accept: application/vnd.docker.plugins.v1.2+json`, over the
// plugin's unix socket or TCP address. Blocking: called from worker threads.
//
// Errors, worded as dockerd's pkg/plugins client words them:
// - the plugin cannot be reached: Unavailable (the caller may retry);
// - a non-200 answer: "Method: <its Err>" (or its body when it has no Err);
// - a 200 answer with a non-empty Err: "<Err>" (dockerd's driver proxies).

#include "base/error.h"
#include "volumes/plugin_discovery.h"

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace berth::volumes {

inline constexpr const char* kPluginMediaType = "application/vnd.docker.plugins.v1.2+json";

Result<nlohmann::json> call_plugin(const PluginAddress& plugin, std::string_view method, const nlohmann::json& body,
                                   std::chrono::milliseconds timeout);

// The answer's meaning (the part of call_plugin that needs no socket).
Result<nlohmann::json> plugin_answer(std::string_view method, int status, const std::string& body);

} // namespace berth::volumes
