#pragma once
// `docker system df` as a chart: one stacked bar per kind (images, containers,
// local volumes, build cache), the space in use and the space a prune would
// reclaim, with the CLI's figures as text beside it (what a screen reader reads).

#include "api/types/disk_usage.h"

#include <QWidget>
#include <vector>

class QLabel;

class QChartView;

namespace berth::ui {

class DiskUsageChart : public QWidget {
    Q_OBJECT
public:
    explicit DiskUsageChart(QWidget* parent = nullptr);

    void showUsage(const std::vector<api::types::DiskUsageRow>& rows);
    // The engine could not say (its message), or we are not connected (empty).
    void showUnavailable(const QString& why);
    // The figures as text, one line per kind.
    QString summary() const;

private:
    QChartView* view_;
    QLabel* summary_;
};

} // namespace berth::ui
