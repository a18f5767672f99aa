#include "ui/details/container_details.h"

#include "ui/details/files_tab.h"
#include "ui/details/inspect_tab.h"
#include "ui/details/logs_tab.h"
#include "ui/details/stats_tab.h"
#include "ui/details/summary_tab.h"
#include "ui/details/terminal_tab.h"
#include "ui/details/top_tab.h"

namespace berth::ui {

ContainerDetails::ContainerDetails(EngineApi* api, const QString& containerId, QWidget* parent)
    : QTabWidget(parent), containerId_(containerId) {
    setObjectName(QStringLiteral("containerDetails"));
    setAccessibleName(tr("Container details"));
    setDocumentMode(true);
    addDetailsTab(new LogsTab(api, containerId), QLatin1String(kLogs), tr("Logs"));
    addDetailsTab(new StatsTab(api, containerId), QLatin1String(kStats), tr("Stats"));
    addDetailsTab(new InspectTab(api, containerId), QLatin1String(kInspect), tr("Inspect"));
    addDetailsTab(new TopTab(api, containerId), QLatin1String(kTop), tr("Top"));
    addDetailsTab(new SummaryTab(api, containerId), QLatin1String(kDetails), tr("Details"));
    // The terminal opens its first shell when first shown, not here.
    addDetailsTab(new TerminalTab(api, containerId), QLatin1String(kTerminal), tr("Terminal"));
    addDetailsTab(new FilesTab(api, containerId), QLatin1String(kFiles), tr("Files"));
}

int ContainerDetails::addDetailsTab(QWidget* tab, const QString& name, const QString& label) {
    tab->setProperty("detailsTabName", name);
    if (tab->accessibleName().isEmpty()) tab->setAccessibleName(label);
    return addTab(tab, label);
}

QWidget* ContainerDetails::tab(const QString& name) const {
    for (int i = 0; i < count(); ++i)
        if (widget(i)->property("detailsTabName").toString() == name) return widget(i);
    return nullptr;
}

bool ContainerDetails::showTab(const QString& name) {
    QWidget* found = tab(name);
    if (!found) return false;
    setCurrentWidget(found);
    return true;
}

DetailsArea::DetailsArea(EngineApi* api, QWidget* parent)
    : QTabWidget(parent), api_(api) {
    setObjectName(QStringLiteral("detailsArea"));
    setAccessibleName(tr("Open containers"));
    setTabsClosable(true);
    setMovable(true);
    connect(this, &QTabWidget::tabCloseRequested, this, [this](int index) {
        QWidget* page = widget(index);
        removeTab(index);
        delete page; // ends its streams
    });
}

ContainerDetails* DetailsArea::details(const QString& containerId) const {
    for (int i = 0; i < count(); ++i)
        if (auto* page = qobject_cast<ContainerDetails*>(widget(i)); page && page->containerId() == containerId) return page;
    return nullptr;
}

ContainerDetails* DetailsArea::open(const QString& containerId, const QString& title, const QString& tabName) {
    ContainerDetails* page = details(containerId);
    if (!page) {
        page = new ContainerDetails(api_, containerId);
        addTab(page, title);
    }
    setCurrentWidget(page);
    if (!tabName.isEmpty()) page->showTab(tabName);
    return page;
}

QWidget* DetailsArea::openMergedLogs(const QStringList& containerIds, const QStringList& names, const QString& title) {
    auto* logs = new LogsTab(api_, containerIds, names);
    logs->setAccessibleName(tr("Logs of %1").arg(title));
    setCurrentIndex(addTab(logs, title));
    return logs;
}

} // namespace berth::ui
