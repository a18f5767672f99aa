#include "ui/details/stats_tab.h"

#include "ui/details/stats_source.h"

#include <QChart>
#include <QChartView>
#include <QGridLayout>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QValueAxis>

namespace berth::ui {
namespace {

enum ChartIndex { Cpu, Memory, Network, BlockIo, Pids };
constexpr double kKiB = 1024.0;
constexpr double kMiB = 1024.0 * 1024.0;

} // namespace

StatsTab::StatsTab(EngineApi* api, const QString& containerId, QWidget* parent)
    : StatsTab(std::make_unique<EngineStatsSource>(api, containerId), parent) {}

StatsTab::StatsTab(std::unique_ptr<StatsSource> source, QWidget* parent) : QWidget(parent), source_(std::move(source)) {
    setObjectName(QStringLiteral("statsTab"));
    charts_[Cpu] = makeChart(tr("CPU %"), tr("of the host"), tr("of the limit"), false);
    charts_[Memory] = makeChart(tr("Memory (MiB)"), tr("used"), tr("limit"), true);
    charts_[Network] = makeChart(tr("Network (KiB/s)"), tr("received"), tr("sent"), true);
    charts_[BlockIo] = makeChart(tr("Block I/O (KiB/s)"), tr("read"), tr("written"), true);
    charts_[Pids] = makeChart(tr("PIDs"), tr("processes"), QString(), false);
    const QStringList names = {QStringLiteral("cpu"), QStringLiteral("memory"), QStringLiteral("network"),
                               QStringLiteral("blockio"), QStringLiteral("pids")};
    auto* layout = new QGridLayout(this);
    for (int i = 0; i < 5; ++i) {
        charts_[i].view->setObjectName(names[i] + QStringLiteral("Chart"));
        for (int s = 0; s < 2; ++s)
            if (charts_[i].series[s]) charts_[i].series[s]->setObjectName(names[i] + QString::number(s));
        layout->addWidget(charts_[i].view, i / 2, i % 2);
    }
    status_ = new QLabel(tr("Waiting for the first sample…"), this);
    status_->setObjectName(QStringLiteral("statsStatus"));
    layout->addWidget(status_, 2, 1);
    applyTheme();
    connect(source_.get(), &StatsSource::pointReady, this, &StatsTab::addPoint);
    connect(source_.get(), &StatsSource::failed, this,
            [this](const QString& message) { status_->setText(tr("No stats: %1").arg(message)); });
    source_->start();
}

StatsTab::~StatsTab() { source_->stop(); }

StatsTab::Chart StatsTab::makeChart(const QString& title, const QString& first, const QString& second, bool bytes) {
    Chart chart;
    chart.bytes = bytes;
    chart.chart = new QChart;
    chart.chart->setTitle(title);
    chart.chart->setMargins(QMargins(4, 4, 4, 4));
    chart.chart->legend()->setAlignment(Qt::AlignBottom);
    chart.x = new QValueAxis(chart.chart);
    chart.x->setRange(-kWindowSeconds, 0);
    chart.x->setLabelFormat(QStringLiteral("%d s"));
    chart.x->setTickCount(6);
    chart.y = new QValueAxis(chart.chart);
    chart.y->setRange(0, 1);
    chart.y->setLabelFormat(QStringLiteral("%.1f"));
    chart.chart->addAxis(chart.x, Qt::AlignBottom);
    chart.chart->addAxis(chart.y, Qt::AlignLeft);
    for (int s = 0; s < 2; ++s) {
        const QString& name = s == 0 ? first : second;
        if (name.isEmpty()) continue;
        chart.series[s] = new QLineSeries(chart.chart);
        chart.series[s]->setName(name);
        chart.chart->addSeries(chart.series[s]);
        chart.series[s]->attachAxis(chart.x);
        chart.series[s]->attachAxis(chart.y);
    }
    chart.view = new QChartView(chart.chart, this);
    chart.view->setRenderHint(QPainter::Antialiasing);
    chart.view->setMinimumSize(260, 180);
    chart.view->setAccessibleName(title);
    chart.view->setFocusPolicy(Qt::TabFocus);
    return chart;
}

QLineSeries* StatsTab::series(const QString& objectName) const {
    for (const Chart& chart : charts_)
        for (QLineSeries* series : chart.series)
            if (series && series->objectName() == objectName) return series;
    return nullptr;
}

void StatsTab::addPoint(const StatsPoint& point) {
    if (origin_ < 0) origin_ = point.seconds;
    const double x = received_ == 0 ? 0 : std::max(point.seconds - origin_, charts_[Cpu].points[0].back().x() + 0.001);
    const std::array<std::array<double, 2>, 5> values = {{
        {point.cpuOfHost, point.cpuOfLimit},
        {point.memoryUsed / kMiB, point.memoryLimit / kMiB},
        {point.rxBytesPerSecond / kKiB, point.txBytesPerSecond / kKiB},
        {point.readBytesPerSecond / kKiB, point.writeBytesPerSecond / kKiB},
        {point.pids, 0},
    }};
    for (size_t i = 0; i < charts_.size(); ++i)
        for (size_t s = 0; s < 2; ++s) {
            if (!charts_[i].series[s]) continue;
            if (i == Cpu && s == 1 && point.cpuOfLimit < 0) continue; // no limit: no line
            auto& points = charts_[i].points[s];
            points.append(QPointF(x, values[i][s]));
            while (!points.isEmpty() && points.front().x() < x - kWindowSeconds) points.removeFirst();
        }
    ++received_;
    last_ = point;
    const QLocale locale;
    status_->setText(tr("CPU %1 % · memory %2 of %3 · %4 processes")
                         .arg(locale.toString(point.cpuPercent, 'f', 1), locale.formattedDataSize(qint64(point.memoryUsed)),
                              locale.formattedDataSize(qint64(point.memoryLimit)))
                         .arg(point.pids));
    if (isVisible()) redraw();
}

void StatsTab::redraw() {
    if (received_ == 0) return;
    const double now = charts_[Cpu].points[0].back().x();
    for (size_t i = 0; i < charts_.size(); ++i) {
        Chart& chart = charts_[i];
        double top = 0;
        for (size_t s = 0; s < 2; ++s)
            if (chart.series[s]) {
                // Plotted as seconds before now, so the axis stays still.
                QList<QPointF> shifted;
                shifted.reserve(chart.points[s].size());
                for (const QPointF& p : chart.points[s]) shifted.append(QPointF(p.x() - now, p.y()));
                chart.series[s]->replace(shifted);
                if (!(i == Memory && s == 1))
                    for (const QPointF& p : chart.points[s]) top = std::max(top, p.y());
            }
        // The memory limit is often the whole machine: show it only when it is near the use.
        if (i == Memory && !chart.points[1].isEmpty() && chart.points[1].back().y() < top * 4)
            top = std::max(top, chart.points[1].back().y());
        if (i == Cpu) top = std::max(top, 5.0);
        chart.y->setRange(0, top <= 0 ? 1 : top * 1.2);
        chart.y->applyNiceNumbers(); // ticks at round values
    }
}

void StatsTab::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    applyTheme();
    redraw();
}

void StatsTab::applyTheme() {
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    for (Chart& chart : charts_) {
        chart.chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
        chart.chart->setBackgroundBrush(palette().base());
        chart.chart->setTitleBrush(palette().text());
        chart.chart->legend()->setLabelColor(palette().color(QPalette::Text));
        for (QValueAxis* axis : {chart.x, chart.y}) axis->setLabelsColor(palette().color(QPalette::Text));
    }
}

} // namespace berth::ui
