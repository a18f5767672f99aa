#pragma once
// Berth's main window: a sidebar of the pages (from the registry in
// ui/pages/page_registry.h), the chosen page, and above both the banner that
// explains a missing engine, under the menu bar (ui/main_menu.h). It owns the
// EngineConnection (the banner's state) and the EngineState (API, live models,
// events) every page reads from; it has no members for any one page.

#include "ui/client/engine_connection.h"

#include <QMainWindow>
#include <QPointer>
#include <vector>

class QLabel;
class QListWidget;
class QMessageBox;
class QStackedWidget;
class QTimer;

namespace berth::ui {

class AboutDialog;
class ConnectionBanner;
class DetailsWindow;
class EngineState;
class MainMenu;
class Page;
class TrayIcon;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // `engineHost` is the Engine API address, e.g. "unix:///run/berth/berth.sock".
    explicit MainWindow(const QString& engineHost, QWidget* parent = nullptr);
    ~MainWindow() override;

    // `pageId` is a Page::pageId(): "containers", "images", "volumes", "networks", "compose", "engine";
    // a non-empty `itemId` is then revealed on it (Page::reveal: an image ID on "images").
    void showPage(const QString& pageId, const QString& itemId = {});
    QString currentPageId() const;
    Page* page(const QString& pageId) const;
    EngineConnection* engineConnection() const { return connection_; }
    EngineState* engineState() const { return state_; }
    // The container details window; null until details were first asked for.
    DetailsWindow* detailsWindow() const { return details_; }

public slots:
    // Opens the details window (Logs, Stats, Inspect, Top, Details, Terminal,
    // Files tabs) on `tab` for each container; the Containers page asks for it.
    void openContainerDetails(const QStringList& containerIds, const QString& tab);
    // Quit (Ctrl+Q, the tray's Quit): closes the window even when it would go to
    // the tray, after the unsaved-edits question; then the application ends.
    void quit();
    // Help > About Berth: the non-modal About dialog (one at a time); returns it.
    AboutDialog* showAbout();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    // Save / Discard / Cancel for the pages' unsaved edits, window-modal and not
    // in a nested event loop (open(), not exec()): the engine views keep updating.
    void askAboutUnsavedChanges(const QStringList& changes);
    void onUnsavedAnswer(int button);
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
    MainMenu* menu_ = nullptr;
    TrayIcon* tray_ = nullptr; // null where the desktop has no tray
    DetailsWindow* details_ = nullptr; // made on first use
    std::vector<Page*> pageList_;
    bool eventsLost_ = false;
    bool quitting_ = false;         // quit() asked: no close-to-tray, the app ends
    bool unsavedAnswered_ = false;  // Save or Discard chosen: the next close goes through
    QPointer<QMessageBox> unsavedQuestion_;
};

} // namespace berth::ui
