#pragma once
// How the desktop app dresses its QApplication before the first window:
// app/berth/main.cpp calls setUpApplication() once, and the tests call the same
// function to check the app as it really starts (tests/gui/app_setup_test.cpp).
//   * names and version: QSettings' file (~/.config/berth/berth.conf), the
//     desktop entry, `berth --version`;
//   * the style: where Qt chose Fusion (no desktop style such as Breeze),
//     IndicatorContrastStyle over Fusion, so check boxes and radio buttons keep
//     their border on a dark palette (ui/widgets/indicator_contrast_style.h);
//     any other style stays as it is;
//   * the translations for `locale` (ui/app_translations.h), after which
//     QLocale() speaks the UI's language.
// Call it after the QApplication exists and before any window or thread.

#include "ui/app_translations.h"

namespace berth::ui {

AppTranslations setUpApplication(const QLocale& locale);

} // namespace berth::ui
