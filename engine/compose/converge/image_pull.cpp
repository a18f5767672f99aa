#include "compose/converge/image_pull.h"

#include "api/client/registry_auth.h"
#include "compose/converge/labels.h"
#include "compose/converge/log_stream.h"

#include <nlohmann/json.hpp>

namespace berth::compose::converge {
namespace {

// A layer's line, or nothing for the messages docker compose leaves out (the
// tag's "Pulling from", "Digest:", "Status:" have no layer id or no detail).
void layer_event(const nlohmann::json& message, Progress& progress) {
    std::string id = message.value("id", "");
    if (id.empty() || !message.contains("progressDetail"))
        return;
    progress.service_event(id, message.value("status", ""), message.value("progress", ""));
}

} // namespace

std::pair<std::string, std::string> split_tag(const std::string& image) {
    if (image.find('@') != std::string::npos)
        return {image, ""};
    auto slash = image.rfind('/');
    auto colon = image.rfind(':');
    if (colon == std::string::npos || (slash != std::string::npos && colon < slash))
        return {image, "latest"};
    return {image.substr(0, colon), image.substr(colon + 1)};
}

Result<> pull_image(api::EngineClient& client, const std::string& service, const std::string& image,
                    Progress& progress) {
    progress.service_event(service, "Pulling");
    auto [name, tag] = split_tag(image);
    client.set_header("X-Registry-Auth", api::registry_auth_header(image));
    std::string stream_error;
    auto take = [&](std::string_view line) {
        auto message = nlohmann::json::parse(line, nullptr, false);
        if (!message.is_object())
            return;
        if (message.contains("error"))
            stream_error = message.value("error", "");
        else
            layer_event(message, progress);
    };
    LineSplitter lines;
    auto pulled = client.stream("POST", "/images/create?fromImage=" + url_escape(name) + "&tag=" + url_escape(tag),
                                [&](std::string_view chunk) {
                                    lines.feed(chunk, take);
                                    return true;
                                });
    if (!pulled)
        return std::unexpected(pulled.error());
    lines.flush(take);
    if (!stream_error.empty())
        return fail(ErrorCategory::System, "{}", stream_error);
    progress.service_event(service, "Pulled");
    return {};
}

} // namespace berth::compose::converge
