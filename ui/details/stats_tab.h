#pragma once
// The Stats tab: five live charts (CPU, memory, network, block I/O, PIDs) fed a
// point a second by a StatsSource, over a rolling five-minute window. Points are
// kept while the tab is hidden and drawn when it shows, so fifty open
// containers cost a stream each and no painting.

#include "ui/details/stats_point.h"

#include <QList>
#include <QPointF>
#include <QWidget>

#include <array>
#include <memory>

class QChart;
class QChartView;
class QLabel;
class QLineSeries;
class QValueAxis;

namespace berth::ui {

class EngineApi;
class StatsSource;

class StatsTab : public QWidget {
    Q_OBJECT
public:
    static constexpr double kWindowSeconds = 300;

    StatsTab(EngineApi* api, const QString& containerId, QWidget* parent = nullptr);
    StatsTab(std::unique_ptr<StatsSource> source, QWidget* parent = nullptr);
    ~StatsTab() override;

    // Points received (all series get one per sample).
    int pointCount() const { return received_; }
    const StatsPoint& lastPoint() const { return last_; }
    QLineSeries* series(const QString& objectName) const;

    void addPoint(const StatsPoint& point);

protected:
    void showEvent(QShowEvent* event) override;

private:
    struct Chart {
        QChart* chart = nullptr;
        QChartView* view = nullptr;
        QValueAxis* x = nullptr;
        QValueAxis* y = nullptr;
        std::array<QLineSeries*, 2> series{};
        std::array<QList<QPointF>, 2> points;
        bool bytes = false;
    };
    Chart makeChart(const QString& title, const QString& first, const QString& second, bool bytes);
    void redraw();
    void applyTheme();

    std::unique_ptr<StatsSource> source_;
    std::array<Chart, 5> charts_;
    QLabel* status_ = nullptr;
    double origin_ = -1;
    int received_ = 0;
    StatsPoint last_;
};

} // namespace berth::ui
