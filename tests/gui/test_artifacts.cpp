#include "test_artifacts.h"

#include "ui/widgets/indicator_contrast_style.h"

#include <QApplication>
#include <QDir>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>
#include <QWidget>
#include <unordered_set>

namespace berth::test {

QString saveScreenshot(QWidget& widget, const QString& fileName) {
    QDir dir(QStringLiteral(BERTH_TEST_ARTIFACTS_DIR));
    if (!dir.mkpath(QStringLiteral("."))) return {};
    QString path = dir.filePath(fileName);
    return widget.grab().save(path, "PNG") ? path : QString();
}

QPalette darkPalette() {
    QPalette p;
    const QColor window(0x2a, 0x2e, 0x32), base(0x1b, 0x1e, 0x20), text(0xfc, 0xfc, 0xfc);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x23, 0x26, 0x29));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x31, 0x36, 0x3b));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::Highlight, QColor(0x3d, 0xae, 0xe9));
    p.setColor(QPalette::HighlightedText, text);
    p.setColor(QPalette::ToolTipBase, QColor(0x31, 0x36, 0x3b));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0xa1, 0xa9, 0xb1));
    p.setColor(QPalette::Link, QColor(0x1d, 0x99, 0xf3));
    p.setColor(QPalette::Mid, QColor(0x4d, 0x53, 0x59));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x6e, 0x74, 0x7a));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x6e, 0x74, 0x7a));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x6e, 0x74, 0x7a));
    return p;
}

void inTheDark(const std::function<void()>& look) {
    const QString oldStyle = QApplication::style()->name();
    const QPalette oldPalette = QApplication::palette();
    QApplication::setStyle(berth::ui::readableIndicatorStyle(QStringLiteral("Fusion")));
    QApplication::setPalette(darkPalette());
    QApplication::processEvents();
    look();
    QApplication::setStyle(QStyleFactory::create(oldStyle));
    QApplication::setPalette(oldPalette);
    QApplication::processEvents();
}

bool saveLightAndDarkScreenshots(QWidget& widget, const QString& baseName) {
    bool ok = !saveScreenshot(widget, baseName + QStringLiteral("-light.png")).isEmpty();
    inTheDark([&] { ok = !saveScreenshot(widget, baseName + QStringLiteral("-dark.png")).isEmpty() && ok; });
    return ok;
}

int distinctColors(const QImage& image, int enough) {
    std::unordered_set<QRgb> colors;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            colors.insert(image.pixel(x, y));
            if (static_cast<int>(colors.size()) >= enough) return enough;
        }
    }
    return static_cast<int>(colors.size());
}

} // namespace berth::test
