#include "ui/models/containers_sort_filter.h"

#include "ui/models/containers_model.h"
#include "ui/models/containers_tree_model.h"

namespace berth::ui {

ContainersSortFilter::ContainersSortFilter(QObject* parent)
    : QSortFilterProxyModel(parent) {
    setSortRole(ContainersModel::SortRole);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setFilterKeyColumn(-1); // name, image, state, project: any column matches
    setRecursiveFilteringEnabled(true);
    setAutoAcceptChildRows(true);
}

bool ContainersSortFilter::lessThan(const QModelIndex& left, const QModelIndex& right) const {
    const bool leftIsProject = left.data(ContainersTreeModel::IsProjectRole).toBool();
    const bool rightIsProject = right.data(ContainersTreeModel::IsProjectRole).toBool();
    if (leftIsProject != rightIsProject) {
        // The view reverses lessThan for a descending sort: answer so that headers stay first.
        const bool projectFirst = leftIsProject;
        return sortOrder() == Qt::AscendingOrder ? projectFirst : !projectFirst;
    }
    return QSortFilterProxyModel::lessThan(left, right);
}

} // namespace berth::ui
