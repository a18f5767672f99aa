#include "ui/widgets/tray_icon.h"

#include "ui/models/containers_model.h"

#include <QAction>
#include <QApplication>
#include <QMainWindow>
#include <QMenu>
#include <QSettings>

namespace berth::ui {

TrayIcon::TrayIcon(const QIcon& icon, ContainersModel* containers, QMainWindow* window)
    : QSystemTrayIcon(icon, window)
    , containers_(containers) {
    auto* menu = new QMenu(window);
    auto* show = menu->addAction(tr("Show Berth"));
    connect(show, &QAction::triggered, window, [window] {
        window->showNormal();
        window->raise();
        window->activateWindow();
    });
    auto* closeToTray = menu->addAction(tr("Keep running in the tray when closed"));
    closeToTray->setCheckable(true);
    closeToTray->setChecked(TrayIcon::closeToTray());
    connect(closeToTray, &QAction::toggled, this,
            [](bool on) { QSettings().setValue(QLatin1String(kCloseToTrayKey), on); });
    menu->addSeparator();
    connect(menu->addAction(tr("Quit")), &QAction::triggered, this, &TrayIcon::quitRequested);
    setContextMenu(menu);
    connect(this, &QSystemTrayIcon::activated, window, [window](ActivationReason reason) {
        if (reason == Trigger) window->setVisible(!window->isVisible());
    });
    connect(containers_, &QAbstractItemModel::modelReset, this, &TrayIcon::updateTooltip);
    connect(containers_, &QAbstractItemModel::dataChanged, this, &TrayIcon::updateTooltip);
    connect(containers_, &QAbstractItemModel::rowsInserted, this, &TrayIcon::updateTooltip);
    connect(containers_, &QAbstractItemModel::rowsRemoved, this, &TrayIcon::updateTooltip);
    updateTooltip();
}

bool TrayIcon::closeToTray() {
    return QSettings().value(QLatin1String(kCloseToTrayKey), false).toBool();
}

void TrayIcon::updateTooltip() {
    setToolTip(tr("Berth: %n container(s) running", nullptr, containers_->runningCount()));
}

} // namespace berth::ui
