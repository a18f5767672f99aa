#pragma once
// The Details tab: what a person asks of a container first (image, command,
// env, mounts, ports, restart policy, limits), read from
// GET /containers/{id}/json. summaryRows() is the pure part.

#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QWidget>

#include <memory>

class QFormLayout;
class QLabel;

namespace berth::ui {

class EngineApi;
class JsonFetcher;

// Label and value, in the order shown; values may span lines.
QList<QPair<QString, QString>> summaryRows(const QJsonObject& inspect);

class SummaryTab : public QWidget {
    Q_OBJECT
public:
    SummaryTab(EngineApi* api, const QString& containerId, QWidget* parent = nullptr);
    ~SummaryTab() override;

    void refresh();
    // The value shown for `label`, empty when absent.
    QString value(const QString& label) const;

private:
    void showInspect(const QJsonObject& inspect);

    JsonFetcher* fetcher_;
    QFormLayout* form_ = nullptr;
    QLabel* status_ = nullptr;
};

} // namespace berth::ui
