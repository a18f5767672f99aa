#pragma once
// What Up would do, before doing it: engine/compose/converge's own plan
// (plan_service: keep a running container whose config-hash label matches,
// start a stopped one, recreate a diverged one, create missing replicas, remove
// surplus ones) over the project's containers as the containers model lists
// them. Pure and Qt-light, so the preview and `berth compose up` cannot disagree.

#include "api/types/container_summary.h"
#include "compose/project_model.h"

#include <QString>
#include <QStringList>
#include <vector>

namespace berth::ui {

struct ServicePreview {
    QString service;
    int create = 0;
    int recreate = 0;
    int start = 0;
    int keep = 0;
    int remove = 0;
    QStringList containers; // the existing containers the plan touches or keeps, by name

    // "create", "recreate", "keep", … ; several joined ("keep 1, create 1").
    QString summary() const;
    bool operator==(const ServicePreview&) const = default;
};

// One entry per service of `project`, in its (sorted) order; `containers` may hold other projects' too.
std::vector<ServicePreview> previewUp(const compose::ProjectModel& project,
                                      const std::vector<const api::types::ContainerSummary*>& containers);

} // namespace berth::ui
