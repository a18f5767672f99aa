#include "compose/converge/engine_calls.h"

#include "compose/converge/labels.h"

#include <algorithm>

namespace berth::compose::converge {

Result<nlohmann::json> call(api::EngineClient& client, std::string_view method, const std::string& target,
                            const nlohmann::json& body) {
    auto response = client.request(method, target, body.is_null() ? std::string() : body.dump());
    if (!response)
        return std::unexpected(response.error());
    // 304: already started/stopped, which is what the caller wanted (docker compose ignores it too).
    if (response->status == 304)
        return nlohmann::json(nullptr);
    if (response->status < 200 || response->status > 299)
        return std::unexpected(api::error_from_response(*response));
    if (response->body.empty())
        return nlohmann::json(nullptr);
    auto parsed = nlohmann::json::parse(response->body, nullptr, false);
    return parsed.is_discarded() ? nlohmann::json(nullptr) : parsed;
}

Result<nlohmann::json> project_container_summaries(api::EngineClient& client, const std::string& project, bool all) {
    return client.get_json("/containers/json?" + std::string(all ? "all=1&" : "") + project_filter_query(project));
}

Result<std::vector<ObservedContainer>> project_containers(api::EngineClient& client, const std::string& project) {
    auto list = project_container_summaries(client, project, true);
    if (!list)
        return std::unexpected(list.error());
    std::vector<ObservedContainer> out;
    for (const auto& summary : *list)
        out.push_back(observed_from_summary(summary));
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    return out;
}

} // namespace berth::compose::converge
