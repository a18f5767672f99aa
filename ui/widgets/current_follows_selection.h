#pragma once
// A screen reader selects rows through AT-SPI's Selection interface (Qt's
// QAccessibleTable::selectRow, a list's select), which moves the selection but
// not the current index. The keyboard would then go on from another row, and
// Enter or anything reading the current row would act on it. After this call,
// a newly selected item that leaves the current one unselected becomes current
// (the selection itself untouched). A deselection alone (Ctrl+click) moves nothing.

class QAbstractItemView;

namespace berth::ui {

// Call after the view's model is set: it follows that model's selection model.
void makeCurrentFollowSelection(QAbstractItemView* view);

} // namespace berth::ui
