#pragma once
// `docker system df` as a chart: one stacked bar per kind (images, containers,
// local volumes, build cache), the space in use and the space a prune would
// reclaim, with the CLI's figures as text beside it (what a screen reader reads).
// With nothing to chart (no engine yet, its error, or an engine where nothing
// uses disk) one line in place of the chart says so: never an empty frame.

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
    // The figures as text, one line per kind; or the line shown in the chart's place.
    QString summary() const;
    // Whether the line stands in for the chart.
    bool showsMessage() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void showMessage(const QString& text);
    void applyPalette();

    QChartView* view_;
    QLabel* summary_;
    QLabel* message_;
};

} // namespace berth::ui
