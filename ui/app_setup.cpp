#include "ui/app_setup.h"

#include "ui/widgets/indicator_contrast_style.h"

#include "base/build_info.h"

#include <QApplication>
#include <QStyle>

namespace berth::ui {

AppTranslations setUpApplication(const QLocale& locale) {
    QApplication::setApplicationName(QStringLiteral("berth"));
    QApplication::setApplicationDisplayName(QStringLiteral("Berth"));
    QApplication::setApplicationVersion(QString::fromLatin1(berth::berth_version()));
    QApplication::setDesktopFileName(QStringLiteral("berth"));
    if (QStyle* style = readableIndicatorStyle(QApplication::style()->name())) QApplication::setStyle(style);
    return installTranslations(locale);
}

} // namespace berth::ui
