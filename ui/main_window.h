#pragma once
// Berth's main window: a sidebar of the areas of the workstation, the page of the
// chosen area, and above both the banner that explains a missing engine. It owns
// the EngineConnection every page reads from.

#include "ui/client/engine_connection.h"

#include <QMainWindow>

class QLabel;
class QListWidget;
class QStackedWidget;

namespace berth::ui {

class ConnectionBanner;
class EnginePage;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // The sidebar's rows, in order.
    enum class Page { Containers, Images, Volumes, Networks, Compose, Engine };
    Q_ENUM(Page)

    // `engineHost` is the Engine API address, e.g. "unix:///run/berth/berth.sock".
    explicit MainWindow(const QString& engineHost, QWidget* parent = nullptr);
    ~MainWindow() override;

    void showPage(Page page);
    Page currentPage() const;
    EngineConnection* engineConnection() const { return connection_; }

private:
    void addPage(Page page, const QIcon& icon, const QString& name, QWidget* widget);
    void addPlaceholderPage(Page page, const QIcon& icon, const QString& name, const QString& explanation);
    void onStateChanged(EngineConnection::State state, const QString& errorMessage);
    void onVersionReceived(const QJsonObject& version);

    EngineConnection* connection_;
    ConnectionBanner* banner_;
    QListWidget* sidebar_;
    QStackedWidget* pages_;
    EnginePage* enginePage_;
    QLabel* statusLabel_;
};

} // namespace berth::ui
