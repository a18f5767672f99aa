#pragma once
// Sorting and filtering of the Containers tree: by any column, with the compose
// project headers always above the standalone containers (Docker Desktop's
// order) whichever way a column sorts; the filter matches any column and
// keeps a project's header over its matching containers, and all of a
// project's containers under a header that matches by name.

#include <QSortFilterProxyModel>

namespace berth::ui {

class ContainersSortFilter : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit ContainersSortFilter(QObject* parent = nullptr);

protected:
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;
};

} // namespace berth::ui
