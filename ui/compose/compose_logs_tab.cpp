#include "ui/compose/compose_logs_tab.h"

#include "ui/details/log_model.h"
#include "ui/details/logs_tab.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <algorithm>

namespace berth::ui {

ComposeLogsTab::ComposeLogsTab(QWidget* parent)
    : QWidget(parent)
    , services_(new QComboBox(this))
    , empty_(new QLabel(this))
    , layout_(new QVBoxLayout(this)) {
    setObjectName(QStringLiteral("composeLogs"));
    services_->setObjectName(QStringLiteral("composeLogsService"));
    services_->setAccessibleName(tr("Service whose logs are shown"));
    services_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    empty_->setAlignment(Qt::AlignCenter);
    empty_->setWordWrap(true);
    auto* bar = new QHBoxLayout;
    auto* label = new QLabel(tr("Service:"), this);
    label->setBuddy(services_);
    bar->setContentsMargins(9, 6, 9, 0); // lined up with the LogsTab's own controls
    bar->addWidget(label);
    bar->addWidget(services_);
    bar->addStretch(1);
    layout_->setContentsMargins(0, 0, 0, 0);
    layout_->addLayout(bar);
    layout_->addWidget(empty_, 1);
    connect(services_, &QComboBox::activated, this,
            [this](int index) { setServiceFilter(services_->itemData(index).toString()); });
    rebuild();
}

void ComposeLogsTab::setSourceFactory(SourceFactory factory) {
    factory_ = std::move(factory);
    shownIds_.clear();
    rebuildIfShown();
}

void ComposeLogsTab::setContainers(const QString& project, const QList<ProjectContainer>& containers) {
    QList<ProjectContainer> sorted = containers;
    std::ranges::sort(sorted, [](const ProjectContainer& a, const ProjectContainer& b) {
        return std::tie(a.service, a.number, a.id) < std::tie(b.service, b.number, b.id);
    });
    if (project == project_ && sorted == containers_) return;
    if (project != project_) filter_.clear();
    project_ = project;
    containers_ = sorted;
    // The chooser: all services, then each one.
    QStringList services;
    for (const ProjectContainer& c : containers_)
        if (!services.contains(c.service)) services << c.service;
    const QSignalBlocker blocker(services_);
    services_->clear();
    services_->addItem(tr("All services"), QString());
    for (const QString& service : services) services_->addItem(service, service);
    services_->setCurrentIndex(std::max(0, services_->findData(filter_)));
    rebuildIfShown();
}

void ComposeLogsTab::setServiceFilter(const QString& service) {
    filter_ = service;
    const QSignalBlocker blocker(services_);
    services_->setCurrentIndex(std::max(0, services_->findData(filter_)));
    rebuildIfShown();
}

void ComposeLogsTab::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    rebuild();
}

void ComposeLogsTab::rebuildIfShown() {
    if (isVisible()) rebuild();
}

void ComposeLogsTab::rebuild() {
    QStringList ids;
    QStringList names;
    for (const ProjectContainer& c : containers_) {
        if (!filter_.isEmpty() && c.service != filter_) continue;
        const bool replicas = std::ranges::count(containers_, c.service, &ProjectContainer::service) > 1;
        ids << c.id;
        names << (replicas ? QStringLiteral("%1-%2").arg(c.service).arg(c.number) : c.service);
    }
    if (logs_ && ids == shownIds_ && names == names_) return;
    delete logs_; // stops its streams
    logs_ = nullptr;
    shownIds_ = ids;
    names_ = names;
    if (ids.isEmpty() || !factory_) {
        empty_->setText(project_.isEmpty() ? tr("Select a project to see its logs.")
                        : !factory_        ? tr("No engine to read logs from.")
                                           : tr("Project %1 has no containers yet: Up creates them.").arg(project_));
        empty_->show();
        return;
    }
    empty_->hide();
    std::vector<std::unique_ptr<LogSource>> sources;
    for (const QString& id : ids) sources.push_back(factory_(id));
    logs_ = new LogsTab(std::move(sources), names, this);
    logs_->setAccessibleName(tr("Logs of project %1").arg(project_));
    layout_->addWidget(logs_, 1);
    logs_->show(); // a child added to a shown widget stays hidden otherwise
    layout_->activate();
}

QString ComposeLogsTab::rowWithPrefix(int row) const {
    if (!logs_) return {};
    const QModelIndex index = logs_->model()->index(row, 0);
    const QString text = index.data(Qt::DisplayRole).toString();
    if (names_.size() < 2) return text;
    return names_.value(index.data(LogModel::SourceRole).toInt()) + QStringLiteral(" | ") + text;
}

} // namespace berth::ui
