#pragma once
// The Engine page: what `docker version` and `docker info` would say about the
// berthd we are connected to, read from GET /version and GET /info.

#include <QJsonObject>
#include <QWidget>
#include <functional>
#include <vector>

class QFormLayout;
class QLabel;

namespace berth::ui {

class EnginePage : public QWidget {
    Q_OBJECT
public:
    explicit EnginePage(const QString& host, QWidget* parent = nullptr);

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
    static void fill(const std::vector<Field>& fields, const QJsonObject& answer);
    static void clear(const std::vector<Field>& fields);

    QString host_;
    QLabel* status_;
    std::vector<Field> versionFields_;
    std::vector<Field> infoFields_;
};

} // namespace berth::ui
