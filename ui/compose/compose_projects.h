#pragma once
// The compose projects the engine has containers of, found as docker compose
// finds them (`docker compose ls`): by the label com.docker.compose.project, so
// projects started by docker compose show too. Pure; the Compose page lists them.

#include "api/types/container_summary.h"

#include <QString>
#include <QStringList>
#include <vector>

namespace berth::ui {

struct DiscoveredProject {
    QString name;
    int total = 0;
    int running = 0;
    int unhealthy = 0;
    int exited = 0;
    QStringList configFiles;  // com.docker.compose.project.config_files, when set
    QString workingDirectory; // com.docker.compose.project.working_dir
    std::vector<const api::types::ContainerSummary*> containers;
};

// Sorted by name; one-off containers (`compose run`) count like the others.
std::vector<DiscoveredProject> discoverProjects(const std::vector<const api::types::ContainerSummary*>& containers);

// "running 2/3, 1 unhealthy, 1 exited".
QString projectStateText(const DiscoveredProject& project);

} // namespace berth::ui
