#pragma once
// Fusion draws the border of a check box and a radio button a shade darker than
// the palette's Window (window.darker(140), darker(150) for a radio). On a light
// palette that is a clear grey line; on a dark palette Fusion is not told about
// (a dark palette from qt6ct, one set by hand, a platform theme that reports no
// dark colour scheme) it is darker than the dark window and almost invisible: an
// unchecked "Remove volumes" looked like a bare label on the Compose page.
//
// IndicatorContrastStyle is Fusion with those borders redrawn, on a dark palette
// only, in a colour between Text and Window that keeps WCAG's 3:1 for
// non-text contrast against both Window and Base (the keyboard focus's highlight
// stays Fusion's). The geometry is Fusion's own (a 1-pixel rectangle inset by
// half a pixel; a circle around the rect's centre + (1, 1)), so the new line
// covers the old one exactly. A toolbar's separator (PE_IndicatorToolBarSeparator)
// and a menu's (CE_MenuItem of type Separator) vanish the same way and get a quiet line, and the "»" of a toolbar too
// narrow for its buttons (Qt's dark grey arrow image) is drawn in WindowText —
// in the palette it is painted in, not the one its button was made in, so a
// desktop turning dark while the app runs gets it too.
// Light palettes and every other style are untouched.

#include <QProxyStyle>

class QPalette;

namespace berth::ui {

class IndicatorContrastStyle : public QProxyStyle {
public:
    IndicatorContrastStyle(); // over a new Fusion
    void drawPrimitive(PrimitiveElement element, const QStyleOption* option, QPainter* painter,
                       const QWidget* widget = nullptr) const override;
    void drawControl(ControlElement element, const QStyleOption* option, QPainter* painter,
                     const QWidget* widget = nullptr) const override;
    void drawComplexControl(ComplexControl control, const QStyleOptionComplex* option, QPainter* painter,
                            const QWidget* widget = nullptr) const override;
    QIcon standardIcon(StandardPixmap standardIcon, const QStyleOption* option = nullptr,
                       const QWidget* widget = nullptr) const override;

    // The border colour for `palette`'s current group; invalid for a light palette.
    static QColor indicatorBorder(const QPalette& palette);
};

// WCAG 2's contrast ratio of two colours, 1 (the same) to 21 (black on white).
double contrastRatio(const QColor& a, const QColor& b);

// The style the app sets (setUpApplication, ui/app_setup.h):
// IndicatorContrastStyle where the style Qt chose (`styleName`, QStyle::name())
// is Fusion, else nullptr (Breeze, and any other style that draws its own
// indicators, stays as it is).
QStyle* readableIndicatorStyle(const QString& styleName);

} // namespace berth::ui
