#include "compose/cli/project_or_report.h"

#include "compose/cli/config_command.h"
#include "compose/cli/flag_reader.h"
#include "compose/converge/engine_calls.h"
#include "compose/project_model.h"

#include <ostream>

namespace berth::compose::cli {

OrStatus<ComposeProject> load_project_or_report(const ComposeOptions& options, std::ostream& err,
                                                const std::set<std::string>& services) {
    auto project = load_compose_project(options);
    if (!project) {
        report_error(project.error(), err);
        return std::unexpected(exit_status_for(project.error()));
    }
    if (!services.empty()) {
        ProjectModel model = typed_model(*project);
        for (const auto& name : services)
            if (!model.service(name)) {
                err << "no such service: " << name << "\n";
                return std::unexpected(1);
            }
    }
    return std::move(*project);
}

int with_project(const std::string& flag_error, const ComposeOptions& options, const std::string& host,
                 const std::set<std::string>& services, std::ostream& err,
                 const std::function<int(const ProjectScope&)>& body) {
    if (FlagReader::reported(flag_error, err))
        return 1;
    auto project = load_project_or_report(options, err, services);
    if (!project)
        return project.error();
    const ProjectModel model = typed_model(*project);
    api::EngineClient client(host);
    return body(ProjectScope{*project, model, client});
}

OrStatus<ServiceContainers> load_containers_or_report(const ComposeOptions& options,
                                                     const std::set<std::string>& services, api::EngineClient& client,
                                                     std::ostream& err, bool with_oneoff) {
    auto project = load_project_or_report(options, err, services);
    if (!project)
        return std::unexpected(project.error());
    auto observed = converge::project_containers(client, project->name);
    if (!observed)
        return std::unexpected(report_error(observed.error(), err));
    std::erase_if(*observed, [&](const converge::ObservedContainer& container) {
        return (container.oneoff && !with_oneoff) || (!services.empty() && !services.contains(container.service));
    });
    return ServiceContainers{std::move(*project), std::move(*observed)};
}

int report_error(const Error& error, std::ostream& err) {
    err << error.message() << "\n";
    return 1;
}

} // namespace berth::compose::cli
