#pragma once
// Berth in the system tray: the number of running containers in the tooltip, a
// menu to show the window or quit, and the desktop notifications (a container
// died or turned unhealthy, a long task finished). Only made where the desktop
// has a tray (QSystemTrayIcon::isSystemTrayAvailable()).

#include <QSystemTrayIcon>

class QMainWindow;

namespace berth::ui {

class ContainersModel;

class TrayIcon : public QSystemTrayIcon {
    Q_OBJECT
public:
    TrayIcon(const QIcon& icon, ContainersModel* containers, QMainWindow* window);

    // The QSettings key: close the window to the tray instead of quitting.
    static constexpr const char* kCloseToTrayKey = "window/closeToTray";
    static bool closeToTray();

signals:
    // The menu's Quit: the window asks about unsaved edits first (MainWindow::quit).
    void quitRequested();

private:
    void updateTooltip();

    ContainersModel* containers_;
};

} // namespace berth::ui
