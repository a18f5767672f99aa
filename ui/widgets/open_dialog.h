#pragma once
// The one-at-a-time rule of the non-modal dialogs (Log In, About): asking for
// the dialog again brings the open one forward instead of making a second.

#include <QDialog>

namespace berth::ui {

// The visible `Dialog` among `owner`'s children, raised and activated; null when none is open.
template <typename Dialog>
Dialog* raiseOpenDialog(const QObject* owner) {
    auto* open = owner->findChild<Dialog*>();
    if (!open || !open->isVisible()) return nullptr;
    open->raise();
    open->activateWindow();
    return open;
}

} // namespace berth::ui
