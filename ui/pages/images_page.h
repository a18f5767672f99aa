#pragma once
// The Images page: the engine's images (`docker images`) as a live table with
// the in-use marker, filterable and sortable; Remove (with force) on the selection.

#include "ui/pages/page.h"

class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace berth::ui {

class ActionRunner;
class EngineApi;
class ImagesModel;
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

private:
    void confirmRemove();

    EngineApi* api_;
    ImagesModel* model_;
    QIcon icon_;
    QSortFilterProxyModel* proxy_;
    QTableView* table_;
    QLineEdit* filter_;
    NoticeBar* notice_;
    ActionRunner* runner_;
};

} // namespace berth::ui
