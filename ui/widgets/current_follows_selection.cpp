#include "ui/widgets/current_follows_selection.h"

#include <QAbstractItemView>
#include <QItemSelectionModel>

namespace berth::ui {

void makeCurrentFollowSelection(QAbstractItemView* view) {
    QItemSelectionModel* selection = view->selectionModel();
    QObject::connect(selection, &QItemSelectionModel::selectionChanged, view,
                     [selection](const QItemSelection& selected, const QItemSelection&) {
        const QModelIndex current = selection->currentIndex();
        if (selected.isEmpty() || (current.isValid() && selection->isSelected(current))) return;
        const QModelIndex first = selected.indexes().value(0);
        if (first.isValid()) selection->setCurrentIndex(first, QItemSelectionModel::NoUpdate);
    });
}

} // namespace berth::ui
