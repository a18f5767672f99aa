#include "ui/details/details_window.h"

#include "ui/details/container_details.h"

#include <QCloseEvent>
#include <QSettings>
#include <QVBoxLayout>

namespace berth::ui {

namespace {
const QString kGeometryKey = QStringLiteral("detailsWindow/geometry");
}

DetailsWindow::DetailsWindow(EngineApi* api, QWidget* parent)
    : QWidget(parent, Qt::Window), area_(new DetailsArea(api, this)) {
    setObjectName(QStringLiteral("detailsWindow"));
    setWindowTitle(tr("Container details"));
    setAccessibleName(tr("Container details"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(area_);
    if (!restoreGeometry(QSettings().value(kGeometryKey).toByteArray())) resize(1000, 700);
    // The last container closed hides the window rather than leaving it empty.
    connect(area_, &QTabWidget::tabCloseRequested, this, [this] {
        if (area_->count() == 0) close();
    }, Qt::QueuedConnection);
}

void DetailsWindow::showContainers(const QStringList& containerIds, const QStringList& titles, const QString& tab) {
    const QString tabName = tab.toLower();
    for (qsizetype i = 0; i < containerIds.size(); ++i)
        area_->open(containerIds[i], i < titles.size() ? titles[i] : containerIds[i].left(12), tabName);
    if (containerIds.size() > 1 && tabName == QLatin1String(ContainerDetails::kLogs))
        area_->openMergedLogs(containerIds, titles, tr("%n containers", nullptr, int(containerIds.size())));
    show();
    raise();
    activateWindow();
}

void DetailsWindow::closeEvent(QCloseEvent* event) {
    QSettings().setValue(kGeometryKey, saveGeometry());
    QWidget::closeEvent(event);
}

} // namespace berth::ui
