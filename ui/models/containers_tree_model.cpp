#include "ui/models/containers_tree_model.h"

#include "ui/widgets/svg_icon.h"

#include <QColor>
#include <QFont>
#include <QLocale>
#include <map>

namespace berth::ui {

namespace {

// A project's colour says how much of it runs: all (green, as a running
// container), part (amber: something is down), none (the text colour).
QColor projectColor(int running, int total) {
    if (total > 0 && running == total) return QColor(0x2e, 0x9d, 0x4f);
    if (running > 0) return QColor(0xc8, 0x8a, 0x12);
    return {};
}

} // namespace

ContainersTreeModel::ContainersTreeModel(ContainersModel* source, QObject* parent)
    : QAbstractItemModel(parent)
    , source_(source) {
    connect(source_, &QAbstractItemModel::rowsInserted, this, &ContainersTreeModel::sync);
    connect(source_, &QAbstractItemModel::rowsRemoved, this, &ContainersTreeModel::sync);
    connect(source_, &QAbstractItemModel::rowsMoved, this, &ContainersTreeModel::sync);
    connect(source_, &QAbstractItemModel::layoutChanged, this, &ContainersTreeModel::sync);
    connect(source_, &QAbstractItemModel::modelReset, this, [this] { resetTo(desiredLayout()); });
    connect(source_, &QAbstractItemModel::dataChanged, this, &ContainersTreeModel::onSourceDataChanged);
    resetTo(desiredLayout());
}

void ContainersTreeModel::setGrouped(bool grouped) {
    if (grouped == grouped_) return;
    grouped_ = grouped;
    resetTo(desiredLayout());
}

// ---- structure ---------------------------------------------------------------

ContainersTreeModel::Layout ContainersTreeModel::desiredLayout() const {
    std::map<QString, QStringList> projects;
    Layout layout;
    for (int row = 0; row < source_->rowCount(); ++row) {
        const auto* container = source_->summary(row);
        const QString id = QString::fromStdString(container->id);
        const QString project = QString::fromStdString(container->compose_project());
        if (grouped_ && !project.isEmpty()) projects[project] << id;
        else layout.standalone << id;
    }
    for (auto& [project, ids] : projects) layout.groups.emplace_back(project, std::move(ids));
    return layout;
}

void ContainersTreeModel::resetTo(const Layout& layout) {
    beginResetModel();
    groups_.clear();
    for (const auto& [project, ids] : layout.groups) groups_.push_back(std::make_unique<Group>(Group{project, ids}));
    standalone_ = layout.standalone;
    endResetModel();
}

void ContainersTreeModel::sync() {
    const Layout layout = desiredLayout();
    removeStale(layout);
    if (!insertMissing(layout) || !matches(layout)) resetTo(layout);
}

void ContainersTreeModel::removeStale(const Layout& layout) {
    auto wanted = [&layout](const QString& project) -> const QStringList* {
        for (const auto& [name, ids] : layout.groups)
            if (name == project) return &ids;
        return nullptr;
    };
    for (int g = static_cast<int>(groups_.size()) - 1; g >= 0; --g) {
        Group& group = *groups_[static_cast<size_t>(g)];
        const QStringList* ids = wanted(group.project);
        if (!ids) { // its last container went: the header goes too
            beginRemoveRows({}, g, g);
            groups_.erase(groups_.begin() + g);
            endRemoveRows();
            continue;
        }
        const QModelIndex header = index(g, 0);
        for (int row = static_cast<int>(group.ids.size()) - 1; row >= 0; --row) {
            if (ids->contains(group.ids[row])) continue;
            beginRemoveRows(header, row, row);
            group.ids.removeAt(row);
            endRemoveRows();
        }
    }
    const int offset = static_cast<int>(groups_.size());
    for (int row = static_cast<int>(standalone_.size()) - 1; row >= 0; --row) {
        if (layout.standalone.contains(standalone_[row])) continue;
        beginRemoveRows({}, offset + row, offset + row);
        standalone_.removeAt(row);
        endRemoveRows();
    }
}

bool ContainersTreeModel::insertMissing(const Layout& layout) {
    for (size_t g = 0; g < layout.groups.size(); ++g) {
        const auto& [project, ids] = layout.groups[g];
        const int row = static_cast<int>(g);
        if (g >= groups_.size() || groups_[g]->project != project) {
            // A new project: its header arrives with its containers.
            beginInsertRows({}, row, row);
            groups_.insert(groups_.begin() + row, std::make_unique<Group>(Group{project, ids}));
            endInsertRows();
            continue;
        }
        Group& group = *groups_[g];
        const QModelIndex header = index(row, 0);
        for (int i = 0; i < ids.size(); ++i) {
            if (i < group.ids.size() && group.ids[i] == ids[i]) continue;
            if (group.ids.contains(ids[i])) return false; // reordered
            beginInsertRows(header, i, i);
            group.ids.insert(i, ids[i]);
            endInsertRows();
        }
    }
    const int offset = static_cast<int>(groups_.size());
    for (int i = 0; i < layout.standalone.size(); ++i) {
        if (i < standalone_.size() && standalone_[i] == layout.standalone[i]) continue;
        if (standalone_.contains(layout.standalone[i])) return false;
        beginInsertRows({}, offset + i, offset + i);
        standalone_.insert(i, layout.standalone[i]);
        endInsertRows();
    }
    return true;
}

bool ContainersTreeModel::matches(const Layout& layout) const {
    if (layout.groups.size() != groups_.size() || layout.standalone != standalone_) return false;
    for (size_t g = 0; g < groups_.size(); ++g)
        if (groups_[g]->project != layout.groups[g].first || groups_[g]->ids != layout.groups[g].second) return false;
    return true;
}

void ContainersTreeModel::onSourceDataChanged(const QModelIndex& topLeft, const QModelIndex& bottomRight,
                                              const QList<int>& roles) {
    for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
        const QModelIndex here = containerIndex(QString::fromStdString(source_->summary(row)->id));
        if (!here.isValid()) continue;
        emit dataChanged(here.siblingAtColumn(topLeft.column()), here.siblingAtColumn(bottomRight.column()), roles);
        // The header's "running n/m", colour and totals follow its containers.
        if (here.parent().isValid())
            emit dataChanged(here.parent(), here.parent().siblingAtColumn(ContainersModel::ColumnCount - 1));
    }
}

// ---- QAbstractItemModel --------------------------------------------------------

QModelIndex ContainersTreeModel::index(int row, int column, const QModelIndex& parent) const {
    if (!hasIndex(row, column, parent)) return {};
    if (!parent.isValid()) return createIndex(row, column, nullptr);
    return createIndex(row, column, groups_[static_cast<size_t>(parent.row())].get());
}

QModelIndex ContainersTreeModel::parent(const QModelIndex& child) const {
    const auto* group = child.isValid() ? static_cast<const Group*>(child.internalPointer()) : nullptr;
    if (!group) return {};
    return createIndex(groupRow(group), 0, nullptr);
}

int ContainersTreeModel::rowCount(const QModelIndex& parent) const {
    if (!parent.isValid()) return static_cast<int>(groups_.size() + static_cast<size_t>(standalone_.size()));
    if (parent.column() != 0 || parent.internalPointer() || parent.row() >= static_cast<int>(groups_.size())) return 0;
    return static_cast<int>(groups_[static_cast<size_t>(parent.row())]->ids.size());
}

int ContainersTreeModel::columnCount(const QModelIndex&) const {
    return ContainersModel::ColumnCount;
}

QVariant ContainersTreeModel::headerData(int section, Qt::Orientation orientation, int role) const {
    return source_->headerData(section, orientation, role);
}

int ContainersTreeModel::groupRow(const Group* group) const {
    for (size_t g = 0; g < groups_.size(); ++g)
        if (groups_[g].get() == group) return static_cast<int>(g);
    return -1;
}

QString ContainersTreeModel::idAt(const QModelIndex& index) const {
    if (const auto* group = static_cast<const Group*>(index.internalPointer())) return group->ids.value(index.row());
    const int row = index.row() - static_cast<int>(groups_.size());
    return row >= 0 ? standalone_.value(row) : QString();
}

QVariant ContainersTreeModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) return {};
    if (!index.internalPointer() && index.row() < static_cast<int>(groups_.size()))
        return headerRowData(*groups_[static_cast<size_t>(index.row())], index.column(), role);
    return containerData(idAt(index), index.column(), role);
}

QVariant ContainersTreeModel::containerData(const QString& id, int column, int role) const {
    if (role == IsProjectRole) return false;
    const int row = source_->rowOf(id);
    return row < 0 ? QVariant() : source_->index(row, column).data(role);
}

int ContainersTreeModel::runningCount(const Group& group) const {
    int running = 0;
    for (const QString& id : group.ids)
        if (containerData(id, 0, ContainersModel::StateRole).toString() == QLatin1String("running")) ++running;
    return running;
}

QVariant ContainersTreeModel::headerRowData(const Group& group, int column, int role) const {
    const int running = runningCount(group);
    const int total = static_cast<int>(group.ids.size());
    const QString runningText = tr("running %1/%2", "compose project header: running containers / all").arg(running).arg(total);
    // The project's CPU % and memory: the sums of its running containers' figures.
    auto sum = [&](int statsColumn) {
        double sumOfKnown = -1; // -1: no container has a figure yet
        for (const QString& id : group.ids) {
            const double value = containerData(id, statsColumn, ContainersModel::SortRole).toDouble();
            if (value >= 0) sumOfKnown = std::max(sumOfKnown, 0.0) + value;
        }
        return sumOfKnown;
    };
    switch (role) {
    case IsProjectRole: return true;
    case ContainersModel::ProjectRole: return group.project;
    case ContainersModel::IdRole: return QString();
    case ProjectIdsRole: return group.ids;
    case RunningCountRole: return running;
    case ContainersModel::StateRole: return running > 0 ? QStringLiteral("running") : QStringLiteral("exited");
    default: break;
    }
    const auto col = static_cast<ContainersModel::Column>(column);
    if (role == Qt::DisplayRole || role == ContainersModel::SortRole) {
        switch (col) {
        case ContainersModel::Name:
        case ContainersModel::Project: return group.project;
        case ContainersModel::State: return role == ContainersModel::SortRole ? QVariant(running) : QVariant(runningText);
        case ContainersModel::Created: {
            qint64 newest = 0;
            for (const QString& id : group.ids)
                newest = std::max(newest, containerData(id, col, ContainersModel::SortRole).toLongLong());
            return role == ContainersModel::SortRole ? QVariant(newest) : QVariant();
        }
        case ContainersModel::Cpu: {
            const double cpu = sum(col);
            if (role == ContainersModel::SortRole) return cpu;
            return cpu < 0 ? QVariant() : QVariant(QStringLiteral("%1 %").arg(cpu, 0, 'f', 1));
        }
        case ContainersModel::Memory: {
            const double memory = sum(col);
            if (role == ContainersModel::SortRole) return memory;
            if (memory < 0) return {};
            return QLocale().formattedDataSize(static_cast<qint64>(memory), 1, QLocale::DataSizeIecFormat);
        }
        default: return role == ContainersModel::SortRole ? QVariant(group.project) : QVariant();
        }
    }
    if (role == Qt::FontRole && col == ContainersModel::Name) {
        QFont font;
        font.setBold(true);
        return font;
    }
    if (role == Qt::ForegroundRole && col == ContainersModel::State && projectColor(running, total).isValid())
        return projectColor(running, total);
    if (role == Qt::DecorationRole && col == ContainersModel::Name) return svgIcon(QStringLiteral("containers"));
    if (role == Qt::DecorationRole && col == ContainersModel::State)
        return svgIcon(running > 0 ? QStringLiteral("state-running") : QStringLiteral("state-stopped"));
    if (role == Qt::TextAlignmentRole && (col == ContainersModel::Cpu || col == ContainersModel::Memory))
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if ((role == Qt::ToolTipRole || role == Qt::AccessibleTextRole) && col == ContainersModel::Name)
        return tr("Compose project %1: %2", "project name, running n/m").arg(group.project, runningText);
    return {};
}

QModelIndex ContainersTreeModel::projectIndex(const QString& project) const {
    for (size_t g = 0; g < groups_.size(); ++g)
        if (groups_[g]->project == project) return index(static_cast<int>(g), 0);
    return {};
}

QStringList ContainersTreeModel::projectIds(const QString& project) const {
    QStringList ids;
    for (int row = 0; row < source_->rowCount(); ++row) {
        const auto* container = source_->summary(row);
        if (QString::fromStdString(container->compose_project()) == project) ids << QString::fromStdString(container->id);
    }
    return ids;
}

QModelIndex ContainersTreeModel::containerIndex(const QString& id) const {
    for (size_t g = 0; g < groups_.size(); ++g) {
        const int row = static_cast<int>(groups_[g]->ids.indexOf(id));
        if (row >= 0) return index(row, 0, index(static_cast<int>(g), 0));
    }
    const int row = static_cast<int>(standalone_.indexOf(id));
    return row >= 0 ? index(static_cast<int>(groups_.size()) + row, 0) : QModelIndex();
}

} // namespace berth::ui
