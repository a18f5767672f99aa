#include "ui/details/log_line_delegate.h"

#include "ui/details/ansi_text.h"
#include "ui/details/log_batch.h"
#include "ui/details/log_model.h"

#include <QAbstractItemView>
#include <QPainter>
#include <QTextLayout>

#include <algorithm>

namespace berth::ui {
namespace {

constexpr int kMarkerWidth = 3;
constexpr int kPadding = 6;
// Longer lines are estimated from their length: measuring one costs more than it tells.
constexpr qsizetype kMeasuredChars = 4096;

bool isDark(const QPalette& palette) { return palette.color(QPalette::Base).lightness() < 128; }

// An ANSI colour readable on this background: the dark end of the basic colours
// vanishes on a dark base and the bright end on a light one.
QColor readable(QColor color, const QPalette& palette) {
    const bool dark = isDark(palette);
    if (dark && color.lightness() < 60) return color.lighter(250);
    if (!dark && color.lightness() > 210) return color.darker(180);
    return color;
}

} // namespace

QColor LogLineDelegate::sourceColor(int source, bool dark) {
    // Hues far apart for the first few containers, then around the wheel again.
    const int hue = (source * 137) % 360;
    return QColor::fromHsl(hue, 170, dark ? 170 : 90);
}

QString LogLineDelegate::prefix(const QModelIndex& index) const {
    QString text;
    if (sourceNames_.size() > 1) {
        int source = index.data(LogModel::SourceRole).toInt();
        text += sourceNames_.value(source) + QStringLiteral(" | ");
    }
    const auto* model = qobject_cast<const LogModel*>(index.model());
    if (model && model->showTimestamps()) {
        QString timestamp = index.data(LogModel::TimestampRole).toString();
        if (!timestamp.isEmpty()) text += timestamp + QLatin1Char(' ');
    }
    return text;
}

void LogLineDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
    const QPalette& palette = option.palette;
    const bool selected = option.state & QStyle::State_Selected;
    painter->save();
    painter->fillRect(option.rect, selected ? palette.highlight() : palette.base());
    if (index.data(LogModel::StreamRole).toInt() == static_cast<int>(LogStreamKind::Stderr))
        painter->fillRect(QRect(option.rect.left(), option.rect.top(), kMarkerWidth, option.rect.height()),
                          isDark(palette) ? QColor(0xff, 0x6b, 0x6b) : QColor(0xc0, 0x1c, 0x28));

    const QString head = prefix(index);
    const StyledText styled = parseAnsi(index.data(LogModel::RawTextRole).toByteArray());
    const QString text = head + styled.text;
    QList<QTextLayout::FormatRange> formats;
    const QColor textColor = selected ? palette.color(QPalette::HighlightedText) : palette.color(QPalette::Text);
    if (!head.isEmpty()) {
        QTextCharFormat dim;
        dim.setForeground(sourceNames_.size() > 1
                              ? sourceColor(index.data(LogModel::SourceRole).toInt(), isDark(palette))
                              : palette.color(QPalette::PlaceholderText));
        formats.append({0, static_cast<int>(head.size()), dim});
    }
    for (const StyledRun& run : styled.runs) {
        QTextCharFormat format;
        if (run.style.foreground.isValid() && !selected) format.setForeground(readable(run.style.foreground, palette));
        if (run.style.background.isValid()) format.setBackground(run.style.background);
        if (run.style.bold) format.setFontWeight(QFont::Bold);
        if (run.style.italic) format.setFontItalic(true);
        if (run.style.underline) format.setFontUnderline(true);
        formats.append({static_cast<int>(head.size() + run.start), static_cast<int>(run.length), format});
    }
    if (!highlight_.isEmpty()) {
        QTextCharFormat match;
        match.setBackground(QColor(0xff, 0xd7, 0x00));
        match.setForeground(Qt::black);
        for (qsizetype at = styled.text.indexOf(highlight_, 0, Qt::CaseInsensitive); at >= 0;
             at = styled.text.indexOf(highlight_, at + highlight_.size(), Qt::CaseInsensitive))
            formats.append({static_cast<int>(head.size() + at), static_cast<int>(highlight_.size()), match});
    }

    QTextLayout layout(text, option.font);
    QTextOption textOption;
    textOption.setWrapMode(wrap_ ? QTextOption::WrapAtWordBoundaryOrAnywhere : QTextOption::NoWrap);
    layout.setTextOption(textOption);
    layout.setFormats(formats);
    const qreal width = option.rect.width() - kPadding - kMarkerWidth;
    layout.beginLayout();
    qreal y = 0;
    for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
        line.setLineWidth(wrap_ ? width : 1e6);
        line.setPosition(QPointF(0, y));
        y += line.height();
    }
    layout.endLayout();
    painter->setPen(textColor);
    painter->setClipRect(option.rect);
    layout.draw(painter, QPointF(option.rect.left() + kMarkerWidth + kPadding / 2, option.rect.top() + 1));
    painter->restore();
}

// Unwrapped, every row is as wide as the widest one (the view asks one row for
// all: uniform sizes): the longest line with the widest prefix, so a horizontal
// scroll bar appears only for a line that does not fit.
int LogLineDelegate::unwrappedWidth(const QFontMetrics& metrics, const QModelIndex& index) const {
    QString head;
    if (sourceNames_.size() > 1) {
        const auto widest = std::ranges::max_element(sourceNames_, {}, [&](const QString& name) {
            return metrics.horizontalAdvance(name);
        });
        head += *widest + QStringLiteral(" | ");
    }
    const auto* model = qobject_cast<const LogModel*>(index.model());
    if (model && model->showTimestamps()) head += index.data(LogModel::TimestampRole).toString() + QLatin1Char(' ');
    const QString message = model ? model->longestMessage() : index.data().toString();
    const int messageWidth = message.size() > kMeasuredChars
                                 ? metrics.averageCharWidth() * static_cast<int>(std::min<qsizetype>(message.size(), 1 << 16))
                                 : metrics.horizontalAdvance(message);
    return kMarkerWidth + kPadding + metrics.horizontalAdvance(head) + messageWidth + 2;
}

QSize LogLineDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const {
    const QFontMetrics metrics(option.font);
    const int lineHeight = metrics.lineSpacing() + 2;
    if (!wrap_) return {unwrappedWidth(metrics, index), lineHeight};
    const auto* view = qobject_cast<const QAbstractItemView*>(option.widget);
    const int width = (view ? view->viewport()->width() : 800) - kPadding - kMarkerWidth;
    const QString text = prefix(index) + stripAnsi(index.data(LogModel::RawTextRole).toByteArray());
    const QRect bounds = metrics.boundingRect(QRect(0, 0, std::max(width, 50), 1 << 20),
                                              Qt::TextWrapAnywhere, text);
    return {width, std::max(lineHeight, bounds.height() + 2)};
}

} // namespace berth::ui
