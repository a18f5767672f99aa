#pragma once
// The Containers page: every container of the engine (`docker ps -a`) as a live
// table, filterable and sortable, with the container verbs on the selection
// (Start, Stop, Restart, Pause, Unpause, Kill, Remove) and the details tabs
// (Logs, Terminal, Inspect, Files, Stats) asked for by detailsRequested().

#include "ui/client/engine_api.h"
#include "ui/pages/page.h"

#include <QStringList>

class QAction;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace berth::ui {

class ActionRunner;
class ContainersModel;
class ContainersStats;
class EngineState;
class NoticeBar;
class RunDialog;

class ContainersPage : public Page {
    Q_OBJECT
public:
    ContainersPage(const PageContext& context, const QIcon& icon, QWidget* parent = nullptr);
    ~ContainersPage() override;

    QString pageId() const override { return QStringLiteral("containers"); }
    QString title() const override { return tr("Containers"); }
    QIcon icon() const override { return icon_; }

    // The full IDs of the selected containers, in view order.
    QStringList selectedIds() const;
    // Runs a verb on the selection (what the toolbar's actions do).
    void runVerb(ContainerVerb verb);
    // Removes the selection without asking (the Remove action asks first).
    void removeSelected(bool force, bool removeVolumes);
    // Runs a verb on every container of a compose project (`docker compose start/stop`'s effect).
    void runVerbOnProject(const QString& project, ContainerVerb verb);
    // Opens the Run dialog (non-modal), `image` filled in when given.
    RunDialog* openRunDialog(const QString& image = {});

signals:
    // Open the details of `containerIds` at `tab` ("Logs", "Terminal", "Inspect", "Files", "Stats").
    void detailsRequested(const QStringList& containerIds, const QString& tab);

protected:
    // CPU/memory are sampled only while the page is on screen.
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    QAction* addVerbAction(const QString& text, const QString& iconName, ContainerVerb verb);
    void confirmRemove();
    void updateActions();
    void showContextMenu(const QPoint& position);
    void onClicked(const QModelIndex& index);

    EngineApi* api_;
    EngineState* state_;
    ContainersModel* model_;
    ContainersStats* stats_;
    QIcon icon_;
    QSortFilterProxyModel* proxy_;
    QTableView* table_;
    QLineEdit* filter_;
    NoticeBar* notice_;
    ActionRunner* runner_;
    QList<QAction*> selectionActions_;
    QList<QAction*> detailsActions_;
};

} // namespace berth::ui
