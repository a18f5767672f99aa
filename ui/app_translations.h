#pragma once
// The app's translations for a locale, installed on the application: Qt's own
// (qtbase_<locale>.qm from QLibraryInfo::TranslationsPath — the OK, Cancel, Yes
// buttons of QMessageBox and QDialogButtonBox, QFileDialog; Debian's
// qt6-translations-l10n) and Berth's (:/i18n/berth_<locale>.qm, built in).
// It also makes the UI's language the default QLocale (QLocale::setDefault), so
// every QLocale() that formats a date, a number or a size speaks it too.
// app/berth/main.cpp calls it once with the user's locale, before any window
// exists and before any thread (setDefault is not thread-safe); tests call it
// with zh_CN.

#include <QLocale>

class QTranslator;

namespace berth::ui {

// What was found and installed: a null pointer for a catalogue the locale has
// not (English, the source, has none). Both are owned by the application;
// removeTranslations() takes them off again and gives back the default QLocale
// that was before.
struct AppTranslations {
    QTranslator* qt = nullptr;
    QTranslator* berth = nullptr;
    QLocale previousFormats;
};

AppTranslations installTranslations(const QLocale& locale);
void removeTranslations(AppTranslations& translations);

} // namespace berth::ui
