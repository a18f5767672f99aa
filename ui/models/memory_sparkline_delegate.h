#pragma once
// Draws the Containers table's Memory cell: the figure ("12.3 MiB / 7.6 GiB")
// and, left of it, a sparkline of the container's last memory samples
// (ContainersModel::MemoryHistoryRole), scaled to their own range so that a
// leak reads as a rising line whatever the container's size.

#include <QStyledItemDelegate>

namespace berth::ui {

class MemorySparklineDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    static constexpr int kSparklineWidth = 56;

    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    // The polyline for `samples` inside `box`: x evenly spaced, y from the samples'
    // min (bottom) to max (top); a flat series runs through the middle. Pure, tested.
    static QPolygonF sparkline(const QList<double>& samples, const QRectF& box);
};

} // namespace berth::ui
