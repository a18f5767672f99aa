#include "ui/models/memory_sparkline_delegate.h"

#include "ui/models/containers_model.h"

#include <QApplication>
#include <QPainter>
#include <QPolygonF>
#include <algorithm>

namespace berth::ui {

QPolygonF MemorySparklineDelegate::sparkline(const QList<double>& samples, const QRectF& box) {
    QPolygonF line;
    if (samples.size() < 2 || box.isEmpty()) return line;
    const auto [low, high] = std::ranges::minmax_element(samples);
    const double range = *high - *low;
    const double step = box.width() / static_cast<double>(samples.size() - 1);
    for (qsizetype i = 0; i < samples.size(); ++i) {
        const double level = range > 0 ? (samples[i] - *low) / range : 0.5;
        line << QPointF(box.left() + step * static_cast<double>(i), box.bottom() - level * box.height());
    }
    return line;
}

void MemorySparklineDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                                    const QModelIndex& index) const {
    const QList<double> samples = index.data(ContainersModel::MemoryHistoryRole).value<QList<double>>();
    if (samples.size() < 2) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    // The cell as usual (background, selection, text), its text kept right of the line.
    QStyleOptionViewItem cell = option;
    initStyleOption(&cell, index);
    const int inset = 4;
    const QRect lineBox(cell.rect.left() + inset, cell.rect.top() + inset, kSparklineWidth,
                        cell.rect.height() - 2 * inset);
    cell.rect.setLeft(lineBox.right() + inset);
    QStyle* style = option.widget ? option.widget->style() : QApplication::style();
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, option.widget);
    style->drawControl(QStyle::CE_ItemViewItem, &cell, painter, option.widget);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const bool selected = option.state & QStyle::State_Selected;
    QColor colour = selected ? option.palette.color(QPalette::HighlightedText) : QColor(0x2f, 0x7f, 0xd1);
    const QPolygonF line = sparkline(samples, QRectF(lineBox).adjusted(0.5, 0.5, -0.5, -0.5));
    // A light fill under the line reads as "amount", the line as "trend".
    QPolygonF area = line;
    area << QPointF(line.last().x(), lineBox.bottom()) << QPointF(line.first().x(), lineBox.bottom());
    QColor fill = colour;
    fill.setAlpha(50);
    painter->setPen(Qt::NoPen);
    painter->setBrush(fill);
    painter->drawPolygon(area);
    painter->setPen(QPen(colour, 1.5));
    painter->setBrush(Qt::NoBrush);
    painter->drawPolyline(line);
    painter->restore();
}

QSize MemorySparklineDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const {
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.rwidth() += kSparklineWidth + 8;
    return size;
}

} // namespace berth::ui
