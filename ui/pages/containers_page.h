#pragma once
// The Containers page: every container of the engine (`docker ps -a`) as a live
// table, filterable and sortable, with the container verbs on the selection
// (Start, Stop, Restart, Pause, Unpause, Kill, Remove) and the details tabs
// (Logs, Terminal, Inspect, Files, Stats) asked for by detailsRequested().
// Compose projects are grouped under a collapsible header row (see
// ContainersTreeModel) whose context menu acts on the whole project; a selected
// header stands for all its containers. Grouping and the collapsed projects
// are kept in QSettings (containers/groupByProject, containers/collapsedProjects).

#include "ui/client/engine_api.h"
#include "ui/pages/page.h"

#include <QSet>
#include <QStringList>

class QAction;
class QMenu;
class QLineEdit;
class QTreeView;

namespace berth::ui {

class ActionRunner;
class ContainersModel;
class ContainersSortFilter;
class ContainersStats;
class ContainersTreeModel;
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
    QString menuTitle() const override;
    QList<QAction*> menuActions() const override { return menuActions_; }
    QIcon icon() const override { return icon_; }

    // The full IDs of the selected containers, in view order (a selected project
    // header brings all its containers).
    QStringList selectedIds() const;
    // Runs a verb on the selection (what the toolbar's actions do).
    void runVerb(ContainerVerb verb);
    // Removes the selection without asking (the Remove action asks first).
    void removeSelected(bool force, bool removeVolumes);
    // Runs a verb on every container of a compose project (`docker compose start/stop`'s effect).
    void runVerbOnProject(const QString& project, ContainerVerb verb);
    // Removes every container of `project` without asking (the header's Remove asks first).
    void removeProject(const QString& project, bool removeVolumes);
    // Opens the merged log of `project`'s containers.
    void showProjectLogs(const QString& project);
    // A project header's menu (what its right click shows): Start, Stop, Restart,
    // Remove… (asks first) and Logs, for every container of `project`. Owned by `parent`.
    QMenu* projectMenu(const QString& project, QWidget* parent);
    // Groups the table by compose project (the default), or lists it flat.
    void setGroupedByProject(bool grouped);
    bool isGroupedByProject() const;
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
    void confirmRemoveProject(const QString& project);
    // Expands each project header unless the user collapsed it (kept across runs).
    void applyExpansion(const QModelIndex& parent, int first, int last);
    void rememberExpansion(const QModelIndex& index, bool expanded);
    void updateActions();
    void showContextMenu(const QPoint& position);
    void onClicked(const QModelIndex& index);

    EngineApi* api_;
    EngineState* state_;
    ContainersModel* model_;
    ContainersStats* stats_;
    QIcon icon_;
    ContainersTreeModel* tree_;
    ContainersSortFilter* proxy_;
    QTreeView* table_;
    QAction* groupAction_;
    QSet<QString> collapsedProjects_;
    QLineEdit* filter_;
    NoticeBar* notice_;
    ActionRunner* runner_;
    QList<QAction*> selectionActions_;
    QList<QAction*> detailsActions_;
    QList<QAction*> menuActions_; // the context menu's, for the menu bar
};

} // namespace berth::ui
