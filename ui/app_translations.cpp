#include "ui/app_translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace berth::ui {

namespace {

// `name`_<locale>.qm in `directory`, by the locale's UI languages in order (zh_CN, then zh).
QTranslator* install(const QLocale& locale, const QString& name, const QString& directory) {
    auto* translator = new QTranslator(QCoreApplication::instance());
    if (translator->load(locale, name, QStringLiteral("_"), directory) &&
        QCoreApplication::installTranslator(translator))
        return translator;
    delete translator;
    return nullptr;
}

} // namespace

AppTranslations installTranslations(const QLocale& locale) {
    AppTranslations installed;
    // Qt's first: a translator installed later is asked first, so Berth's own
    // wording wins wherever both translate a text.
    installed.qt = install(locale, QStringLiteral("qtbase"), QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    installed.berth = install(locale, QStringLiteral("berth"), QStringLiteral(":/i18n"));
    return installed;
}

void removeTranslations(AppTranslations& translations) {
    for (QTranslator** translator : {&translations.qt, &translations.berth}) {
        if (!*translator) continue;
        QCoreApplication::removeTranslator(*translator);
        delete *translator;
        *translator = nullptr;
    }
}

} // namespace berth::ui
