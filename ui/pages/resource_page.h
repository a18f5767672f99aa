#pragma once
// A page for a kind of engine object that has a name and little else to do:
// volumes and networks. A live table (its model reloads from events), and
// Create, Remove and Prune, each through the ActionRunner. When the engine
// cannot list them (berthd's 501 before the feature lands), the page shows the
// engine's message in its notice instead of an empty table.

#include "ui/client/engine_api.h"
#include "ui/pages/page.h"

#include <functional>

class QAbstractItemModel;
class QSortFilterProxyModel;
class QTableView;

namespace berth::ui {

class ActionRunner;
class EmptyViewHint;
class NoticeBar;

class ResourcePage : public Page {
    Q_OBJECT
public:
    // What the page does to its objects; each call names objects by name.
    struct Operations {
        std::function<QFuture<ApiResult<void>>(const QString& name)> create;
        std::function<QFuture<ApiResult<void>>(const QString& name)> remove;
        std::function<QFuture<ApiResult<PruneReport>>()> prune;
    };
    // The words that differ between kinds, translated by the caller.
    struct Texts {
        QString title;
        QString createPrompt; // "Name of the new volume:"
        QString pruneQuestion; // "Remove all volumes no container uses?"
        QString emptyHint; // what the empty list says: how to make one
    };

    // `nameRole` is the model's role holding an object's name.
    ResourcePage(const QString& pageId, const QIcon& icon, const Texts& texts, QAbstractItemModel* model,
                 int nameRole, Operations operations, QWidget* parent = nullptr);

    QString pageId() const override { return pageId_; }
    QString title() const override { return texts_.title; }
    QIcon icon() const override { return icon_; }

    QStringList selectedNames() const;
    void create(const QString& name);
    void removeSelected();
    void prune();

    // The model could not be listed: say why (the engine's words), or clear that.
    void showLoadError(const berth::ui::ApiError& error);
    void clearLoadError();
    // While `state` has no engine, the empty list says so.
    void followEngine(const EngineState* state);

private:
    QString pageId_;
    QIcon icon_;
    Texts texts_;
    int nameRole_;
    Operations operations_;
    QSortFilterProxyModel* proxy_;
    QTableView* table_;
    EmptyViewHint* emptyHint_ = nullptr;
    NoticeBar* notice_;
    ActionRunner* runner_;
    bool showingLoadError_ = false;
};

} // namespace berth::ui
