#include "ui/widgets/svg_icon.h"

#include <QHash>
#include <QPainter>
#include <QPixmap>
#include <QSvgRenderer>

namespace berth::ui {

QIcon svgIcon(const QString& name) {
    static QHash<QString, QIcon> cache;
    if (auto it = cache.constFind(name); it != cache.constEnd()) return *it;
    QIcon icon;
    QSvgRenderer renderer(QStringLiteral(":/icons/%1.svg").arg(name));
    if (renderer.isValid()) {
        for (int size : {16, 22, 24, 32, 48, 64}) {
            for (qreal ratio : {1.0, 2.0}) {
                QPixmap pixmap(QSize(size, size) * ratio);
                pixmap.fill(Qt::transparent);
                QPainter painter(&pixmap);
                renderer.render(&painter);
                painter.end();
                pixmap.setDevicePixelRatio(ratio);
                icon.addPixmap(pixmap);
            }
        }
    }
    cache.insert(name, icon);
    return icon;
}

} // namespace berth::ui
