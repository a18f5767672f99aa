#include "test_artifacts.h"

#include <QDir>
#include <QWidget>
#include <unordered_set>

namespace berth::test {

QString saveScreenshot(QWidget& widget, const QString& fileName) {
    QDir dir(QStringLiteral(BERTH_TEST_ARTIFACTS_DIR));
    if (!dir.mkpath(QStringLiteral("."))) return {};
    QString path = dir.filePath(fileName);
    return widget.grab().save(path, "PNG") ? path : QString();
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
