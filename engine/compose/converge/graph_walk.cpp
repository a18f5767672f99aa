#include "compose/converge/graph_walk.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

namespace berth::compose::converge {

std::map<std::string, std::vector<std::string>> walk_prerequisites(const ProjectModel& model,
                                                                   const std::vector<std::string>& order,
                                                                   WalkDirection direction) {
    std::set<std::string> walked(order.begin(), order.end());
    std::map<std::string, std::vector<std::string>> out;
    for (const auto& name : order)
        out[name];
    for (const auto& name : order)
        for (const auto& dependency : model.service(name)->depends_on) {
            if (!walked.contains(dependency.service) || dependency.service == name)
                continue;
            if (direction == WalkDirection::DependenciesFirst)
                out[name].push_back(dependency.service);
            else
                out[dependency.service].push_back(name);
        }
    return out;
}

Result<> walk_services(api::EngineClient& client, const ProjectModel& model, const std::vector<std::string>& order,
                       WalkDirection direction, const ServiceWork& work) {
    if (order.size() == 1)
        return work(client, order.front());
    const auto waits = walk_prerequisites(model, order, direction);
    std::mutex mutex;
    std::condition_variable changed;
    std::set<std::string> ended;
    bool failed = false;
    std::vector<Result<>> results(order.size());
    {
        std::vector<std::jthread> workers;
        for (size_t i = 0; i < order.size(); ++i)
            workers.emplace_back([&, i] {
                const std::string& name = order[i];
                bool begin = false;
                {
                    std::unique_lock lock(mutex);
                    changed.wait(lock, [&] {
                        return failed || std::ranges::all_of(waits.at(name), [&](const auto& s) { return ended.contains(s); });
                    });
                    begin = !failed;
                }
                Result<> result;
                if (begin) {
                    api::EngineClient own(client.host());
                    result = work(own, name);
                }
                std::lock_guard lock(mutex);
                failed = failed || !result;
                results[i] = std::move(result);
                ended.insert(name);
                changed.notify_all();
            });
    }
    for (auto& result : results)
        if (!result)
            return result;
    return {};
}

} // namespace berth::compose::converge
