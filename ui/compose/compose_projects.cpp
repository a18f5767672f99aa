#include "ui/compose/compose_projects.h"

#include <QCoreApplication>
#include <QMap>

namespace berth::ui {

namespace {
QString label(const api::types::ContainerSummary& c, const char* key) {
    const auto found = c.labels.find(key);
    return found == c.labels.end() ? QString() : QString::fromStdString(found->second);
}
} // namespace

std::vector<DiscoveredProject> discoverProjects(const std::vector<const api::types::ContainerSummary*>& containers) {
    QMap<QString, DiscoveredProject> projects;
    for (const api::types::ContainerSummary* c : containers) {
        const QString name = QString::fromStdString(c->compose_project());
        if (name.isEmpty()) continue;
        DiscoveredProject& project = projects[name];
        project.name = name;
        ++project.total;
        if (c->state == "running" || c->state == "restarting") ++project.running;
        if (c->state == "exited" || c->state == "dead") ++project.exited;
        if (c->health() == api::types::Health::Unhealthy) ++project.unhealthy;
        if (project.configFiles.isEmpty())
            project.configFiles = label(*c, "com.docker.compose.project.config_files").split(u',', Qt::SkipEmptyParts);
        if (project.workingDirectory.isEmpty()) project.workingDirectory = label(*c, "com.docker.compose.project.working_dir");
        project.containers.push_back(c);
    }
    return {projects.begin(), projects.end()};
}

QString projectStateText(const DiscoveredProject& project) {
    QString text = QCoreApplication::translate("berth::ui::ComposeProjects", "running %1/%2")
                       .arg(project.running).arg(project.total);
    if (project.unhealthy > 0)
        text += QCoreApplication::translate("berth::ui::ComposeProjects", ", %1 unhealthy").arg(project.unhealthy);
    if (project.exited > 0)
        text += QCoreApplication::translate("berth::ui::ComposeProjects", ", %1 exited").arg(project.exited);
    return text;
}

} // namespace berth::ui
