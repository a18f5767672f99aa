#include "compose/converge/plan.h"

#include "compose/converge/labels.h"

#include <algorithm>
#include <charconv>

namespace berth::compose::converge {

ObservedContainer observed_from_summary(const nlohmann::json& summary) {
    ObservedContainer out;
    out.id = summary.value("Id", "");
    if (const auto names = summary.find("Names"); names != summary.end() && names->is_array() && !names->empty())
        out.name = names->front().get<std::string>();
    if (out.name.starts_with('/'))
        out.name.erase(0, 1);
    out.state = summary.value("State", "");
    if (const auto labels = summary.find("Labels"); labels != summary.end() && labels->is_object()) {
        out.service = labels->value(kServiceLabel, "");
        out.config_hash = labels->value(kConfigHashLabel, "");
        out.oneoff = labels->value(kOneoffLabel, "") == "True";
        out.number = std::atoi(labels->value(kNumberLabel, "0").c_str());
    }
    return out;
}

ServicePlan plan_service(const ServiceModel& service, std::vector<ObservedContainer> existing, int replicas,
                         RecreatePolicy policy) {
    std::erase_if(existing, [](const auto& container) { return container.oneoff; });
    std::sort(existing.begin(), existing.end(), [](const auto& a, const auto& b) { return a.number < b.number; });
    ServicePlan plan{service.name, {}};
    int kept = 0;
    int highest = 0;
    for (auto& container : existing) {
        highest = std::max(highest, container.number);
        if (kept >= replicas) {
            plan.actions.push_back({ActionKind::Remove, container.number, container});
            continue;
        }
        ++kept;
        bool diverged = container.config_hash != service.config_hash;
        ActionKind kind = ActionKind::Keep;
        if (policy == RecreatePolicy::Force || (policy == RecreatePolicy::Diverged && diverged))
            kind = ActionKind::Recreate;
        else if (container.state != "running")
            kind = ActionKind::Start;
        plan.actions.push_back({kind, container.number, container});
    }
    // New numbers follow the highest in use, as docker compose numbers them.
    for (int number = highest + 1; kept < replicas; ++number, ++kept)
        plan.actions.push_back({ActionKind::Create, number, {}});
    return plan;
}

int effective_replicas(const ServiceModel& service, const std::map<std::string, int>& scale) {
    auto given = scale.find(service.name);
    return given == scale.end() ? service.replicas : given->second;
}

std::optional<std::pair<std::string, int>> parse_scale(const std::string& text) {
    auto equals = text.find('=');
    if (equals == std::string::npos || equals == 0 || equals + 1 == text.size())
        return std::nullopt;
    int count = 0;
    auto digits = std::string_view(text).substr(equals + 1);
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), count);
    if (error != std::errc() || end != digits.data() + digits.size() || count < 0)
        return std::nullopt;
    return std::pair{text.substr(0, equals), count};
}

bool restarts_for(const ServiceModel& service, const std::set<std::string>& recreated) {
    return std::ranges::any_of(service.depends_on, [&](const ServiceDependency& dependency) {
        return dependency.restart && recreated.contains(dependency.service);
    });
}

std::vector<ObservedContainer> orphans(const ProjectModel& project, const std::vector<ObservedContainer>& observed) {
    std::vector<ObservedContainer> out;
    for (const auto& container : observed)
        if (!container.oneoff && !project.service(container.service))
            out.push_back(container);
    return out;
}

} // namespace berth::compose::converge
