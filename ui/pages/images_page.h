#pragma once
// The Images page: the engine's images (`docker images`) as a live table with
// the in-use marker, filterable and sortable; Remove (with force) on the selection.
// Pull (non-modal dialogs, several at once, with per-layer progress), Push, Tag,
// Layers (`docker history`), Prune (dangling or all unused, with the space
// reclaimed) and Log In (`docker login` / `docker logout`).

#include "ui/pages/page.h"

class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace berth::ui {

class ActionRunner;
class EngineApi;
class ImageProgressDialog;
class ImagesModel;
class LayersDialog;
class RegistryLoginDialog;
class TagDialog;
class NoticeBar;

class ImagesPage : public Page {
    Q_OBJECT
public:
    ImagesPage(const PageContext& context, const QIcon& icon, QWidget* parent = nullptr);

    QString pageId() const override { return QStringLiteral("images"); }
    QString title() const override { return tr("Images"); }
    QIcon icon() const override { return icon_; }

    // "repo:tag" (or the ID when untagged) of each selected row.
    QStringList selectedReferences() const;
    void removeSelected(bool force);

    // Opens a Pull dialog (non-modal) with `reference` filled in; returns it.
    ImageProgressDialog* openPull(const QString& reference = {});
    // A Push dialog for the selected image, started; null without one selected.
    ImageProgressDialog* pushSelected();
    TagDialog* tagSelected();
    LayersDialog* showLayersOfSelected();
    // The non-modal Log In dialog (one at a time); returns it.
    RegistryLoginDialog* openLogin();
    // The same dialog with Log Out as its default button.
    RegistryLoginDialog* openLogout();
    // Log In to Registry…, Log Out of Registry…
    QList<QAction*> fileMenuActions() const override { return fileMenuActions_; }
    // POST /images/prune; the notice then says how much space came back.
    void prune(bool all);
    // Selects and scrolls to the image `imageId` ("sha256:…"; the filter is
    // cleared if it hides it); an image not listed yet is selected when it arrives.
    void reveal(const QString& imageId) override;

private:
    void confirmRemove();
    // Asks GET /system/df first, so the question says how much space "all unused" would reclaim.
    void confirmPrune();
    void askPrune(const QString& reclaimable);
    // No image at all: the table gives way to a "Pull an image" button.
    void updateEmptyState();
    // Selects the first row of `imageId`; false when the model has none.
    bool selectImage(const QString& imageId);
    // A reload resets the model on every image event: keep the selection (by
    // reference) and a reveal still waiting for its image across it.
    void rememberSelection();
    void restoreSelection();

    EngineApi* api_;
    ImagesModel* model_;
    QIcon icon_;
    QSortFilterProxyModel* proxy_;
    QTableView* table_;
    QLineEdit* filter_;
    QWidget* empty_;
    NoticeBar* notice_;
    ActionRunner* runner_;
    QString pendingReveal_;       // an image ID to select once the model holds it
    QStringList keptSelection_;   // references selected before a reset
    QList<QAction*> fileMenuActions_;
};

} // namespace berth::ui
