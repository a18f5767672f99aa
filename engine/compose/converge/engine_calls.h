#pragma once
// The few Engine API calls converge makes, over the blocking client: JSON in,
// JSON (or nothing) out, the daemon's message as the error. Paths carry no API
// version, so any Docker engine answers with its own.

#include "api/client/client.h"
#include "compose/converge/plan.h"

#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace berth::compose::converge {

// `method target` with a JSON body; the answer's JSON (null when it has none).
Result<nlohmann::json> call(api::EngineClient& client, std::string_view method, const std::string& target,
                            const nlohmann::json& body = nullptr);

// Every container (running or not) carrying the project's label, sorted by name.
Result<std::vector<ObservedContainer>> project_containers(api::EngineClient& client, const std::string& project);

// The same containers as the engine lists them (for `ps`).
Result<nlohmann::json> project_container_summaries(api::EngineClient& client, const std::string& project, bool all);

// `each(client, item)` for every item side by side, each on a connection of its
// own (a single item on `client`), as docker compose's errgroups; the first
// failure in the items' order once all have ended.
template <typename Item, typename Each>
Result<> side_by_side(api::EngineClient& client, const std::vector<Item>& items, Each each) {
    if (items.size() == 1)
        return each(client, items.front());
    std::vector<Result<>> results(items.size());
    {
        std::vector<std::jthread> workers;
        for (size_t i = 0; i < items.size(); ++i)
            workers.emplace_back([&, i] {
                api::EngineClient own(client.host());
                results[i] = each(own, items[i]);
            });
    }
    for (auto& result : results)
        if (!result)
            return result;
    return {};
}

} // namespace berth::compose::converge
