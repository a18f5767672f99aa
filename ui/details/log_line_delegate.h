#pragma once
// Draws one LogModel row: a bar marking stderr, the source's name in its colour
// (merged view), the timestamp dimmed (when shown), and the message with its SGR
// colours and the search matches highlighted. Only visible rows are drawn, so
// the escape parsing costs nothing for the million lines off screen.

#include <QColor>
#include <QString>
#include <QStringList>
#include <QStyledItemDelegate>

namespace berth::ui {

class LogLineDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void setHighlight(const QString& needle) { highlight_ = needle; }
    void setSourceNames(const QStringList& names) { sourceNames_ = names; }
    void setWrap(bool wrap) { wrap_ = wrap; }
    static QColor sourceColor(int source, bool dark);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    QString prefix(const QModelIndex& index) const;
    int unwrappedWidth(const QFontMetrics& metrics, const QModelIndex& index) const;

    QString highlight_;
    QStringList sourceNames_;
    bool wrap_ = false;
};

} // namespace berth::ui
