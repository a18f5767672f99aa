#include "compose/converge/dependency_order.h"

#include <algorithm>
#include <map>

namespace berth::compose::converge {
namespace {

enum class Mark { None, Visiting, Done };

struct Walk {
    const ProjectModel& project;
    const std::set<std::string>& subset;
    std::map<std::string, Mark> marks;
    std::vector<std::string> path;
    std::vector<std::string> order;

    Result<> visit(const std::string& name) {
        Mark& mark = marks[name];
        if (mark == Mark::Done)
            return {};
        if (mark == Mark::Visiting) {
            std::string cycle;
            bool in_cycle = false;
            for (const auto& step : path) {
                in_cycle = in_cycle || step == name;
                if (in_cycle)
                    cycle += step + " -> ";
            }
            return fail(ErrorCategory::Invalid, "dependency cycle detected: {}{}", cycle, name);
        }
        mark = Mark::Visiting;
        path.push_back(name);
        const ServiceModel* service = project.service(name);
        if (service) {
            auto dependencies = service->depends_on;
            std::sort(dependencies.begin(), dependencies.end(),
                      [](const auto& a, const auto& b) { return a.service < b.service; });
            for (const auto& dependency : dependencies)
                if (project.service(dependency.service) && (subset.empty() || subset.contains(dependency.service)))
                    if (auto ok = visit(dependency.service); !ok)
                        return ok;
        }
        path.pop_back();
        marks[name] = Mark::Done;
        order.push_back(name);
        return {};
    }
};

} // namespace

std::set<std::string> with_dependencies(const ProjectModel& project, const std::set<std::string>& selected) {
    std::set<std::string> out;
    std::vector<std::string> pending(selected.begin(), selected.end());
    while (!pending.empty()) {
        std::string name = pending.back();
        pending.pop_back();
        if (!out.insert(name).second)
            continue;
        if (const ServiceModel* service = project.service(name))
            for (const auto& dependency : service->depends_on)
                if (project.service(dependency.service))
                    pending.push_back(dependency.service);
    }
    return out;
}

Result<std::vector<std::string>> start_order(const ProjectModel& project, const std::set<std::string>& subset) {
    Walk walk{project, subset, {}, {}, {}};
    for (const auto& service : project.services) // services are sorted by name
        if (subset.empty() || subset.contains(service.name))
            if (auto ok = walk.visit(service.name); !ok)
                return std::unexpected(ok.error());
    return walk.order;
}

} // namespace berth::compose::converge
