#include "ui/widgets/disk_usage_chart.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QHorizontalStackedBarSeries>
#include <QLabel>
#include <QLocale>
#include <QValueAxis>

#include <algorithm>

namespace berth::ui {

namespace {

QString kindName(const std::string& kind) {
    if (kind == "Images") return DiskUsageChart::tr("Images");
    if (kind == "Containers") return DiskUsageChart::tr("Containers");
    if (kind == "Local Volumes") return DiskUsageChart::tr("Local volumes");
    if (kind == "Build Cache") return DiskUsageChart::tr("Build cache");
    return QString::fromStdString(kind);
}

QString bytes(qint64 size) {
    return QLocale().formattedDataSize(size, 1, QLocale::DataSizeSIFormat);
}

} // namespace

DiskUsageChart::DiskUsageChart(QWidget* parent)
    : QWidget(parent)
    , view_(new QChartView(this))
    , summary_(new QLabel(this))
    , message_(new QLabel(this)) {
    view_->setObjectName(QStringLiteral("diskUsageChart"));
    view_->setAccessibleName(tr("Disk usage chart"));
    view_->setRenderHint(QPainter::Antialiasing);
    view_->setMinimumHeight(210);
    view_->chart()->setBackgroundVisible(false);
    // The page is busy: the chart gets the room its bars need, not the default margins.
    view_->chart()->setMargins(QMargins(2, 2, 2, 2));
    view_->chart()->legend()->setAlignment(Qt::AlignBottom);
    summary_->setObjectName(QStringLiteral("diskUsageSummary"));
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    summary_->setAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    summary_->setWordWrap(true);
    message_->setObjectName(QStringLiteral("diskUsageMessage"));
    message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    message_->setAlignment(Qt::AlignCenter);
    message_->setWordWrap(true);
    message_->setMinimumHeight(48);
    message_->setForegroundRole(QPalette::PlaceholderText);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(view_, 3);
    layout->addWidget(summary_, 2);
    layout->addWidget(message_, 1);
    showUnavailable({});
}

void DiskUsageChart::showUsage(const std::vector<api::types::DiskUsageRow>& rows) {
    if (std::ranges::all_of(rows, [](const auto& row) { return row.total == 0 && row.size == 0; })) {
        // A new engine: four bars of nothing on an axis to 1 MB say less than a sentence.
        showMessage(tr("Nothing uses disk space yet: no images, containers, local volumes or build cache."));
        return;
    }
    message_->hide();
    view_->show();
    summary_->show();
    QChart* chart = view_->chart();
    chart->removeAllSeries();
    for (QAbstractAxis* axis : chart->axes()) chart->removeAxis(axis);

    // Megabytes on the axis: container layers are rarely bigger, images rarely smaller.
    auto* inUse = new QBarSet(tr("In use"));
    auto* reclaimable = new QBarSet(tr("Reclaimable"));
    inUse->setColor(QColor(0x2f, 0x7f, 0xd1));
    reclaimable->setColor(QColor(0xc8, 0x8a, 0x12));
    QStringList categories, lines;
    qreal largest = 1;
    for (const auto& row : rows) {
        categories << kindName(row.kind);
        const qreal used = static_cast<qreal>(row.size - row.reclaimable) / 1e6;
        const qreal free = static_cast<qreal>(row.reclaimable) / 1e6;
        *inUse << used;
        *reclaimable << free;
        largest = std::max(largest, used + free);
        lines << tr("%1: %2 (%3 active), %4, %5 reclaimable")
                     .arg(kindName(row.kind))
                     .arg(row.total)
                     .arg(row.active)
                     .arg(bytes(row.size), bytes(row.reclaimable));
    }
    auto* series = new QHorizontalStackedBarSeries(chart);
    series->append(inUse);
    series->append(reclaimable);
    chart->addSeries(series);
    auto* kinds = new QBarCategoryAxis(chart);
    kinds->append(categories);
    auto* megabytes = new QValueAxis(chart);
    megabytes->setRange(0, largest * 1.1);
    // Whole megabytes repeat ("0 1 1 2 2") on a small engine: one decimal below 10 MB.
    megabytes->setLabelFormat(largest < 9 ? QStringLiteral("%.1f") : QStringLiteral("%.0f"));
    megabytes->setTitleText(tr("MB"));
    chart->addAxis(kinds, Qt::AlignLeft);
    chart->addAxis(megabytes, Qt::AlignBottom);
    series->attachAxis(kinds);
    series->attachAxis(megabytes);
    summary_->setText(lines.join(QLatin1Char('\n')));
    view_->setAccessibleDescription(summary_->text());
    applyPalette();
}

// Text in the palette's colours, so the chart reads in dark themes too, also
// when the palette changes after the chart was drawn (QtCharts does not follow it).
void DiskUsageChart::applyPalette() {
    const QColor text = palette().color(QPalette::WindowText);
    for (QAbstractAxis* axis : view_->chart()->axes()) {
        axis->setLabelsColor(text);
        axis->setTitleBrush(text);
        axis->setGridLineColor(palette().color(QPalette::Mid));
    }
    view_->chart()->legend()->setLabelColor(text);
}

void DiskUsageChart::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) applyPalette();
}

void DiskUsageChart::showUnavailable(const QString& why) {
    showMessage(why.isEmpty() ? tr("Disk usage shows here once the engine answers.") : why);
}

void DiskUsageChart::showMessage(const QString& text) {
    view_->chart()->removeAllSeries();
    for (QAbstractAxis* axis : view_->chart()->axes()) view_->chart()->removeAxis(axis);
    view_->hide();
    summary_->hide();
    summary_->clear();
    message_->setText(text);
    message_->show();
}

QString DiskUsageChart::summary() const {
    return showsMessage() ? message_->text() : summary_->text();
}

bool DiskUsageChart::showsMessage() const {
    return !message_->isHidden();
}

} // namespace berth::ui
