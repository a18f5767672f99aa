#pragma once
// One message of a JSON progress stream (POST /images/create, POST
// /images/{name}/push, POST /build), typed. Field names follow Docker's
// jsonmessage.JSONMessage: id, status, progressDetail{current,total}, progress
// (the rendered bar, never read), error and errorDetail{code,message}.

#include "base/error.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace berth::api::types {

struct ProgressMessage {
    std::string id;     // "id": a layer's short digest, or the tag ("latest") for a whole-image line
    std::string status; // "status": "Pulling fs layer", "Downloading", "Extracting", "Pull complete", …
    int64_t current = 0; // "progressDetail.current": bytes done
    int64_t total = 0;   // "progressDetail.total": bytes expected, 0 when unknown
    std::string error;   // "errorDetail.message" (or the older "error"): the engine's words, verbatim

    bool is_error() const { return !error.empty(); }
    // A layer line (it has an id and is not an error); whole-image lines
    // ("Pulling from library/busybox", "Digest: …", "Status: …") have no
    // progress of their own.
    bool is_layer() const { return !id.empty() && !is_error(); }
    // The layer is done: pulled, pushed, or already present at the other end.
    bool is_layer_done() const;

    static Result<ProgressMessage> from_json(const nlohmann::json& json);
    nlohmann::json to_json() const;

    bool operator==(const ProgressMessage&) const = default;
};

} // namespace berth::api::types
