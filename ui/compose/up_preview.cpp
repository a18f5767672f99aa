#include "ui/compose/up_preview.h"

#include "compose/converge/labels.h"
#include "compose/converge/plan.h"

#include <QCoreApplication>

namespace berth::ui {

namespace conv = compose::converge;

QString ServicePreview::summary() const {
    QStringList parts;
    const auto add = [&](int count, const char* word) {
        if (count > 0) parts << QCoreApplication::translate("berth::ui::ServicePreview", word) + QStringLiteral(" %1").arg(count);
    };
    add(create, QT_TRANSLATE_NOOP("berth::ui::ServicePreview", "create"));
    add(recreate, QT_TRANSLATE_NOOP("berth::ui::ServicePreview", "recreate"));
    add(start, QT_TRANSLATE_NOOP("berth::ui::ServicePreview", "start"));
    add(keep, QT_TRANSLATE_NOOP("berth::ui::ServicePreview", "keep"));
    add(remove, QT_TRANSLATE_NOOP("berth::ui::ServicePreview", "remove"));
    return parts.join(QStringLiteral(", "));
}

std::vector<ServicePreview> previewUp(const compose::ProjectModel& project,
                                      const std::vector<const api::types::ContainerSummary*>& containers) {
    std::vector<conv::ObservedContainer> observed;
    for (const api::types::ContainerSummary* summary : containers)
        if (summary->compose_project() == project.name) observed.push_back(conv::observed_from_summary(summary->to_json()));
    std::vector<ServicePreview> previews;
    for (const compose::ServiceModel& service : project.services) {
        std::vector<conv::ObservedContainer> mine;
        for (const auto& container : observed)
            if (container.service == service.name) mine.push_back(container);
        // `up` with no flags: recreate only what diverged (RecreatePolicy::Diverged).
        const conv::ServicePlan plan = conv::plan_service(service, mine, service.replicas, conv::RecreatePolicy::Diverged);
        ServicePreview preview;
        preview.service = QString::fromStdString(service.name);
        for (const conv::ContainerAction& action : plan.actions) {
            switch (action.kind) {
            case conv::ActionKind::Create: ++preview.create; break;
            case conv::ActionKind::Recreate: ++preview.recreate; break;
            case conv::ActionKind::Start: ++preview.start; break;
            case conv::ActionKind::Keep: ++preview.keep; break;
            case conv::ActionKind::Remove: ++preview.remove; break;
            }
            if (!action.existing.name.empty()) preview.containers << QString::fromStdString(action.existing.name);
        }
        previews.push_back(preview);
    }
    return previews;
}

} // namespace berth::ui
