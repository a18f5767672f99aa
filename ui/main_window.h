#pragma once
// Berth's main window: a sidebar of the pages (from the registry in
// ui/pages/page_registry.h), the chosen page, and above both the banner that
// explains a missing engine. It owns the EngineConnection (the banner's state)
// and the EngineState (API, live models, events) every page reads from; it has
// no members for any one page.

#include "ui/client/engine_connection.h"

#include <QMainWindow>
#include <vector>

class QLabel;
class QListWidget;
class QStackedWidget;
class QTimer;

namespace berth::ui {

class ConnectionBanner;
class EngineState;
class Page;
class TrayIcon;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // `engineHost` is the Engine API address, e.g. "unix:///run/berth/berth.sock".
    explicit MainWindow(const QString& engineHost, QWidget* parent = nullptr);
    ~MainWindow() override;

    // `pageId` is a Page::pageId(): "containers", "images", "volumes", "networks", "compose", "engine".
    void showPage(const QString& pageId);
    QString currentPageId() const;
    Page* page(const QString& pageId) const;
    EngineConnection* engineConnection() const { return connection_; }
    EngineState* engineState() const { return state_; }

public slots:
    // Where the container details (Logs, Terminal, Inspect, Files, Stats tabs)
    // open; the Containers page asks for them. Until the details window is
    // plugged in here, the status bar says so.
    void openContainerDetails(const QStringList& containerIds, const QString& tab);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void addPage(Page* page);
    void onStateChanged(EngineConnection::State state, const QString& errorMessage);
    void onVersionReceived(const QJsonObject& version);
    void onInfoReceived();
    void onEventsLost();
    // A notification: the tray's bubble where there is a tray, the status bar always.
    void notify(const QString& title, const QString& text);

    EngineConnection* connection_;
    EngineState* state_;
    ConnectionBanner* banner_;
    QListWidget* sidebar_;
    QStackedWidget* pages_;
    QLabel* statusLabel_;
    // Coalesces the /info refreshes container events ask for (counts on the Engine page).
    QTimer* infoRefresh_;
    TrayIcon* tray_ = nullptr; // null where the desktop has no tray
    std::vector<Page*> pageList_;
    bool eventsLost_ = false;
};

} // namespace berth::ui
