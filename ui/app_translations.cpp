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

// The locale dates, numbers and sizes are written in: the language the UI
// speaks. The UI's language comes from the locale's UI languages (LANGUAGE,
// LC_MESSAGES), its formats from LC_TIME/LC_NUMERIC, so LANGUAGE=zh_CN with
// LANG=C.UTF-8 gave Chinese words around "7 Dec 2026". Where Berth's catalogue
// is of the locale's own language, the locale stays, with its region's
// conventions; where Berth has none (English, the source, and
// every language not translated yet), the UI is the English source and the
// user's formats stay.
QLocale formatsFor(const QLocale& locale, const QTranslator* berth) {
    if (!berth) return locale;
    const QLocale spoken(berth->language());
    return spoken.language() == locale.language() ? locale : spoken;
}

} // namespace

AppTranslations installTranslations(const QLocale& locale) {
    AppTranslations installed;
    // Qt's first: a translator installed later is asked first, so Berth's own
    // wording wins wherever both translate a text.
    installed.qt = install(locale, QStringLiteral("qtbase"), QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    installed.berth = install(locale, QStringLiteral("berth"), QStringLiteral(":/i18n"));
    // Every QLocale() the models, pages and dialogs make from now on.
    installed.previousFormats = QLocale();
    if (const QLocale formats = formatsFor(locale, installed.berth); formats != installed.previousFormats)
        QLocale::setDefault(formats);
    return installed;
}

void removeTranslations(AppTranslations& translations) {
    for (QTranslator** translator : {&translations.qt, &translations.berth}) {
        if (!*translator) continue;
        QCoreApplication::removeTranslator(*translator);
        delete *translator;
        *translator = nullptr;
    }
    if (QLocale() != translations.previousFormats) QLocale::setDefault(translations.previousFormats);
}

} // namespace berth::ui
