#include "ui/main_menu.h"

#include "ui/pages/page.h"

#include <QAction>
#include <QActionGroup>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>

namespace berth::ui {

namespace {

// A menu titled `title` ("&File"), named for a screen reader without the mnemonic's "&".
QMenu* addMenu(QMenuBar* bar, const QString& title, const QString& objectName) {
    QMenu* menu = bar->addMenu(title);
    menu->setObjectName(objectName);
    menu->setAccessibleName(QString(title).remove(QLatin1Char('&')));
    menu->menuAction()->setObjectName(objectName + QStringLiteral("Action"));
    return menu;
}

} // namespace

MainMenu::MainMenu(QMainWindow* window, const std::vector<Page*>& pages, QAction* quit, QAction* about)
    : QObject(window), pageActions_(new QActionGroup(this)) {
    QMenuBar* bar = window->menuBar();
    bar->setObjectName(QStringLiteral("mainMenuBar"));
    bar->setAccessibleName(tr("Main menu"));

    QMenu* file = addMenu(bar, tr("&File"), QStringLiteral("fileMenu"));
    for (const Page* page : pages) file->addActions(page->fileMenuActions());
    if (!file->isEmpty()) file->addSeparator();
    file->addAction(quit);

    QMenu* view = addMenu(bar, tr("&View"), QStringLiteral("viewMenu"));
    pageActions_->setExclusive(true);
    for (size_t row = 0; row < pages.size(); ++row) {
        // No icon: Fusion then draws the radio mark that says which page shows (with an icon it only sinks the icon).
        QAction* action = view->addAction(pages[row]->title());
        action->setObjectName(QStringLiteral("viewPage-") + pages[row]->pageId());
        action->setData(pages[row]->pageId());
        action->setCheckable(true);
        if (row < 9) action->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + row)));
        pageActions_->addAction(action);
        const int index = static_cast<int>(row);
        connect(action, &QAction::triggered, this, [this, index] { emit pageChosen(index); });
    }

    for (const Page* page : pages) {
        QMenu* menu = nullptr;
        if (!page->menuTitle().isEmpty()) {
            menu = addMenu(bar, page->menuTitle(), page->pageId() + QStringLiteral("Menu"));
            menu->addActions(page->menuActions());
            menu->menuAction()->setVisible(false);
        }
        pageMenus_ << menu;
    }

    QMenu* help = addMenu(bar, tr("&Help"), QStringLiteral("helpMenu"));
    help->addAction(about);
}

void MainMenu::setCurrentPage(int index) {
    const QList<QAction*> actions = pageActions_->actions();
    if (index >= 0 && index < actions.size()) actions[index]->setChecked(true);
    for (int row = 0; row < pageMenus_.size(); ++row)
        if (pageMenus_[row]) pageMenus_[row]->menuAction()->setVisible(row == index);
}

} // namespace berth::ui
