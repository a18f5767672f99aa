#pragma once
// The Engine page: what `docker version` and `docker info` would say about the
// berthd we are connected to, read from GET /version and GET /info.

#include "ui/pages/page.h"

#include <QJsonObject>
#include <functional>
#include <vector>

class QFormLayout;
class QPushButton;
class QGroupBox;
class QLabel;

namespace berth::ui {

class DiskUsageChart;
class EngineApi;

class EnginePage : public Page {
    Q_OBJECT
public:
    EnginePage(const PageContext& context, const QIcon& icon, QWidget* parent = nullptr);

    QString pageId() const override { return QStringLiteral("engine"); }
    QString title() const override { return tr("Engine"); }
    QIcon icon() const override { return icon_; }

    void showVersion(const QJsonObject& version);
    void showInfo(const QJsonObject& info);
    // Back to dashes: what was shown belonged to a daemon we no longer reach.
    void showDisconnected();

private:
    using Formatter = std::function<QString(const QJsonObject&)>;
    // One row of a form: the label showing the value and how to read it from the answer.
    struct Field {
        QLabel* value;
        Formatter format;
    };

    void addField(QFormLayout* form, std::vector<Field>& fields, const QString& name, const char* objectName,
                  Formatter format);
    QGroupBox* makeEventsFeed(const PageContext& context);
    QGroupBox* makeDiskUsage();
    // Asks GET /system/df again (on connecting, after events, on Refresh).
    void refreshDiskUsage();
    static void fill(const std::vector<Field>& fields, const QJsonObject& answer);
    static void clear(const std::vector<Field>& fields);

    QString host_;
    QIcon icon_;
    EngineApi* api_;
    DiskUsageChart* diskUsage_ = nullptr;
    QLabel* status_;
    std::vector<Field> versionFields_;
    std::vector<Field> infoFields_;
};

} // namespace berth::ui
