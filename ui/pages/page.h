#pragma once
// One area of the main window (Containers, Images, Engine, …). MainWindow knows
// pages only through this interface and the registry (page_registry.h): it puts
// each in the sidebar with its icon and title and shows the chosen one. A page's
// actions (Start, Pull, …) are its QWidget::actions(), so menus and toolbars can
// list them; those that make sense from any page also go in the window's File
// menu (fileMenuActions()). A page attaches to the API and the event stream through the
// PageContext it is made with.

#include <QAction>
#include <QIcon>
#include <QString>
#include <QWidget>

namespace berth::ui {

class EngineConnection;
class EngineState;

// What every page may read: the connection (for the banner's state and
// /version, /info) and the engine's live state (API, models, events).
struct PageContext {
    EngineConnection* connection = nullptr;
    EngineState* state = nullptr;
};

class Page : public QWidget {
    Q_OBJECT
public:
    using QWidget::QWidget;

    // Stable, untranslated: "containers", "images", "engine"; what showPage() takes.
    virtual QString pageId() const = 0;
    // Translated, for the sidebar.
    virtual QString title() const = 0;
    virtual QIcon icon() const = 0;
    // Shows the item `itemId` on the page: selects it and scrolls to it, now or,
    // when the page's model does not hold it yet, as soon as it arrives. The
    // Images page takes an image ID; a page without items ignores it.
    virtual void reveal(const QString& itemId) { Q_UNUSED(itemId); }
    // The unsaved edits the page holds (an editor's file), one line each for the
    // question the window asks before it closes; empty when there are none.
    virtual QStringList unsavedChanges() const { return {}; }
    // Writes those edits; false when one could not be written (the page says why).
    virtual bool saveChanges() { return true; }
    // The page's actions that the window's File menu offers whichever page shows
    // (the Images page's Log In to Registry…): they must work with the page hidden.
    virtual QList<QAction*> fileMenuActions() const { return {}; }
    // The page's own menu in the menu bar, shown while the page shows (the
    // Containers page's "&Container": what its context menu offers for the
    // selection), so every action is reached from the keyboard and by a screen
    // reader without a context menu. An empty title: the page has none.
    virtual QString menuTitle() const { return {}; }
    virtual QList<QAction*> menuActions() const { return {}; }
};

} // namespace berth::ui
