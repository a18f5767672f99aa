#pragma once
// The main window's menu bar, built from the page registry
// (ui/pages/page_registry.h) and actions that exist elsewhere, so it knows no
// page by name:
//   File  each page's fileMenuActions() (Images: Log In to Registry…, Log Out of
//         Registry…), then Quit (Ctrl+Q, the window's own action);
//   View  one entry per page in sidebar order, Ctrl+1 … Ctrl+9, the current
//         page checked;
//   the current page's own menu (Page::menuTitle(), menuActions(): Containers'
//         "Container"), the others' hidden;
//   Help  About Berth.
// A screen reader reads each menu by its title and each entry by its text.

#include <QList>
#include <QObject>

#include <vector>

class QAction;
class QActionGroup;
class QMainWindow;
class QMenu;

namespace berth::ui {

class Page;

class MainMenu : public QObject {
    Q_OBJECT
public:
    // Fills `window`'s menuBar(); `quit` and `about` belong to the window.
    MainMenu(QMainWindow* window, const std::vector<Page*>& pages, QAction* quit, QAction* about);

    // Checks the View entry of the page at `index` (its row in the sidebar) and
    // shows that page's own menu only.
    void setCurrentPage(int index);

signals:
    // A View entry was chosen (clicked, or its Ctrl+digit pressed).
    void pageChosen(int index);

private:
    QActionGroup* pageActions_;
    QList<QMenu*> pageMenus_; // by sidebar row; null for a page without one
};

} // namespace berth::ui
