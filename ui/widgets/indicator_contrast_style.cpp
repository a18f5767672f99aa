#include "ui/widgets/indicator_contrast_style.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>
#include <QStyleFactory>
#include <QStyleOption>
#include <QToolBar>

#include <algorithm>
#include <cmath>

namespace berth::ui {

namespace {

// WCAG 2's relative luminance and contrast ratio.
double luminance(const QColor& color) {
    auto channel = [](double c) { return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); };
    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF());
}

QColor mixed(const QColor& from, const QColor& to, double amount) {
    return QColor::fromRgbF(static_cast<float>(from.redF() + (to.redF() - from.redF()) * amount),
                            static_cast<float>(from.greenF() + (to.greenF() - from.greenF()) * amount),
                            static_cast<float>(from.blueF() + (to.blueF() - from.blueF()) * amount));
}

bool keyboardFocused(const QStyleOption& option) {
    return (option.state & QStyle::State_HasFocus) && (option.state & QStyle::State_KeyboardFocusChange);
}

// A toolbar's separator: Fusion's two lines, window.darker(110) and
// lighter(110), 6 pixels short of each end, vanish on a dark window too (the
// Compose page's toolbar read as one run of buttons). One quiet line over the
// first, a quarter of the way towards Text: a divider, not a control.
void drawSeparator(const QStyleOption& option, QPainter* painter) {
    const QColor window = option.palette.color(QPalette::Window);
    if (window.lightness() >= 128) return;
    constexpr int margin = 6;
    const QRect& rect = option.rect;
    painter->save();
    painter->setPen(mixed(window, option.palette.color(QPalette::WindowText), 0.25));
    if (option.state & QStyle::State_Horizontal) {
        const int x = rect.left() + rect.width() / 2;
        painter->drawLine(x, rect.bottom() - margin, x, rect.top() + margin);
    } else {
        const int y = rect.top() + rect.height() / 2;
        painter->drawLine(rect.left() + margin, y, rect.right() - margin, y);
    }
    painter->restore();
}

// `icon` drawn in `colour` wherever it is opaque, at each size it has.
QIcon recoloured(const QIcon& icon, const QColor& colour) {
    QIcon result;
    QList<QSize> sizes = icon.availableSizes();
    if (sizes.isEmpty()) sizes = {QSize(16, 16), QSize(32, 32)};
    for (const QSize& size : sizes) {
        QPixmap pixmap = icon.pixmap(size);
        QPainter painter(&pixmap);
        painter.setCompositionMode(QPainter::CompositionMode_SourceIn);
        painter.fillRect(pixmap.rect(), colour);
        painter.end();
        result.addPixmap(pixmap);
    }
    return result;
}

} // namespace

double contrastRatio(const QColor& a, const QColor& b) {
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

IndicatorContrastStyle::IndicatorContrastStyle() : QProxyStyle(QStyleFactory::create(QStringLiteral("Fusion"))) {}

QColor IndicatorContrastStyle::indicatorBorder(const QPalette& palette) {
    const QColor window = palette.color(QPalette::Window);
    const QColor base = palette.color(QPalette::Base);
    const QColor text = palette.color(QPalette::Text);
    if (window.lightness() >= 128) return {};
    // From 40% of the way towards Text on, as little as gives 3:1 on both
    // backgrounds (a border is a frame, not a second text colour).
    for (double amount = 0.4; amount < 1.0; amount += 0.05) {
        const QColor border = mixed(window, text, amount);
        if (contrastRatio(border, window) >= 3.0 && contrastRatio(border, base) >= 3.0) return border;
    }
    return text;
}

QIcon IndicatorContrastStyle::standardIcon(StandardPixmap standardIcon, const QStyleOption* option,
                                           const QWidget* widget) const {
    QIcon icon = QProxyStyle::standardIcon(standardIcon, option, widget);
    if (standardIcon != SP_ToolBarHorizontalExtensionButton && standardIcon != SP_ToolBarVerticalExtensionButton)
        return icon;
    const QPalette palette = option ? option->palette : widget ? widget->palette() : QApplication::palette();
    if (palette.color(QPalette::Window).lightness() >= 128) return icon;
    return recoloured(icon, palette.color(QPalette::WindowText));
}

void IndicatorContrastStyle::drawComplexControl(ComplexControl control, const QStyleOptionComplex* option,
                                                QPainter* painter, const QWidget* widget) const {
    const auto* button = qstyleoption_cast<const QStyleOptionToolButton*>(option);
    if (control != CC_ToolButton || !button || !widget || widget->objectName() != QLatin1String("qt_toolbar_ext_button")) {
        QProxyStyle::drawComplexControl(control, option, painter, widget);
        return;
    }
    // Qt sets the "»" icon once, when the toolbar is made: in the palette of then.
    QStyleOptionToolButton now(*button);
    const auto* bar = qobject_cast<const QToolBar*>(widget->parentWidget());
    const bool vertical = bar && bar->orientation() == Qt::Vertical;
    now.icon = standardIcon(vertical ? SP_ToolBarVerticalExtensionButton : SP_ToolBarHorizontalExtensionButton, option,
                            widget);
    QProxyStyle::drawComplexControl(control, &now, painter, widget);
}

void IndicatorContrastStyle::drawControl(ControlElement element, const QStyleOption* option, QPainter* painter,
                                         const QWidget* widget) const {
    QProxyStyle::drawControl(element, option, painter, widget);
    const auto* item = qstyleoption_cast<const QStyleOptionMenuItem*>(option);
    if (element != CE_MenuItem || !item || item->menuItemType != QStyleOptionMenuItem::Separator || !item->text.isEmpty())
        return;
    QStyleOption line(*option); // a menu's separator runs across it
    line.state &= ~State_Horizontal;
    drawSeparator(line, painter);
}

void IndicatorContrastStyle::drawPrimitive(PrimitiveElement element, const QStyleOption* option, QPainter* painter,
                                           const QWidget* widget) const {
    QProxyStyle::drawPrimitive(element, option, painter, widget);
    if (element == PE_IndicatorToolBarSeparator) {
        drawSeparator(*option, painter);
        return;
    }
    if (element != PE_IndicatorCheckBox && element != PE_IndicatorRadioButton) return;
    if (keyboardFocused(*option)) return;
    const QColor border = indicatorBorder(option->palette);
    if (!border.isValid()) return;

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    painter->setBrush(Qt::NoBrush);
    painter->setPen(border);
    if (element == PE_IndicatorCheckBox) {
        painter->translate(0.5, 0.5);
        painter->drawRect(option->rect.adjusted(0, 0, -1, -1));
    } else {
        const QRect& rect = option->rect;
        const QPointF centre = rect.center() + QPoint(1, 1);
        const qreal radius = (rect.width() + (rect.width() + 1) % 2) / 2.0 - 1;
        QPainterPath circle;
        circle.addEllipse(centre, radius, radius);
        painter->drawPath(circle);
    }
    painter->restore();
}

QStyle* readableIndicatorStyle(const QString& styleName) {
    if (styleName.compare(QStringLiteral("fusion"), Qt::CaseInsensitive) != 0) return nullptr;
    return new IndicatorContrastStyle;
}

} // namespace berth::ui
