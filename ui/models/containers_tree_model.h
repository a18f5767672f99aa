#pragma once
// The Containers page's tree: ContainersModel's flat list with the containers of
// each compose project (label `com.docker.compose.project`) under a header row
// for that project, as Docker Desktop shows them — project headers first (by
// name), then the standalone containers in the engine's order.
//
// It follows the flat model row by row: an insert or removal there becomes the
// same insert or removal here (a new project's header appears with its first
// container, and goes with its last), a change of a container's data also
// refreshes its header ("running n/m", colour). Ungrouped, every container is
// a top-level row, as in `docker ps`.
//
// internalPointer(): null for a top-level row (a header or a standalone
// container); for a container inside a project, its project's Group, whose
// address stays the same while the header exists.

#include "ui/models/containers_model.h"

#include <QAbstractItemModel>
#include <QStringList>
#include <memory>
#include <vector>

namespace berth::ui {

class ContainersTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Roles {
        // bool: the row is a compose project's header (IdRole is then empty, ProjectRole its name).
        IsProjectRole = ContainersModel::MemoryHistoryRole + 1,
        ProjectIdsRole,    // QStringList: a header's containers (full IDs), in the engine's order
        RunningCountRole,  // int: a header's running containers
    };
    Q_ENUM(Roles)

    explicit ContainersTreeModel(ContainersModel* source, QObject* parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Grouped by compose project (the default), or flat as the engine lists them.
    void setGrouped(bool grouped);
    bool isGrouped() const { return grouped_; }

    ContainersModel* source() const { return source_; }
    // The header row of `project`; invalid when it has none (ungrouped, or no such project).
    QModelIndex projectIndex(const QString& project) const;
    // The containers of `project` (full IDs), in the engine's order.
    QStringList projectIds(const QString& project) const;
    // The row showing container `id` (column 0); invalid when there is none.
    QModelIndex containerIndex(const QString& id) const;

private:
    struct Group {
        QString project;
        QStringList ids;
    };
    struct Layout {
        std::vector<std::pair<QString, QStringList>> groups; // sorted by project
        QStringList standalone;
    };

    Layout desiredLayout() const;
    // Brings the tree to desiredLayout() with row removals and insertions (a reset
    // only if the order of surviving rows changed, which the engine never does).
    void sync();
    void resetTo(const Layout& layout);
    void removeStale(const Layout& layout);
    bool insertMissing(const Layout& layout);
    bool matches(const Layout& layout) const;
    void onSourceDataChanged(const QModelIndex& topLeft, const QModelIndex& bottomRight, const QList<int>& roles);

    int groupRow(const Group* group) const;
    QVariant headerRowData(const Group& group, int column, int role) const;
    QVariant containerData(const QString& id, int column, int role) const;
    QString idAt(const QModelIndex& index) const;
    int runningCount(const Group& group) const;

    ContainersModel* source_;
    bool grouped_ = true;
    std::vector<std::unique_ptr<Group>> groups_;
    QStringList standalone_;
};

} // namespace berth::ui
