#pragma once
// The Top tab: GET /containers/{id}/top (docker top) as a table, refreshed
// every two seconds while the tab is shown.

#include <QWidget>

#include <memory>

class QLabel;
class QStandardItemModel;
class QTableView;
class QTimer;

namespace berth::ui {

class EngineApi;
class JsonFetcher;

class TopTab : public QWidget {
    Q_OBJECT
public:
    static constexpr int kRefreshMs = 2000;

    TopTab(EngineApi* api, const QString& containerId, QWidget* parent = nullptr);
    ~TopTab() override;

    QStandardItemModel* model() const { return model_; }
    void refresh();

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    JsonFetcher* fetcher_;
    QStandardItemModel* model_ = nullptr;
    QTableView* view_ = nullptr;
    QLabel* status_ = nullptr;
    QTimer* timer_ = nullptr;
};

} // namespace berth::ui
