#pragma once
// Files the GUI tests leave behind for people (and CI) to look at, in
// <build>/test-artifacts: screenshots of the windows they drove.

#include <QImage>
#include <QPalette>
#include <QString>

#include <functional>

class QWidget;

namespace berth::test {

// Grabs `widget` as it is drawn now and saves it as <artifacts>/<fileName>;
// returns the path, or an empty string when it could not be written.
QString saveScreenshot(QWidget& widget, const QString& fileName);

// Breeze Dark's colours: what the dark screenshots are drawn in.
QPalette darkPalette();

// Runs `look` with the application in darkPalette() and the style the app
// sets over Fusion (berth::ui::readableIndicatorStyle, which setUpApplication
// uses; tests/gui/app_setup_test.cpp checks that), as a dark desktop with
// Fusion gives; the application's style and palette are restored after.
void inTheDark(const std::function<void()>& look);

// Saves `widget` twice, as <baseName>-light.png and <baseName>-dark.png: once in
// the palette it has, once inTheDark(). Returns false
// when either file could not be written.
bool saveLightAndDarkScreenshots(QWidget& widget, const QString& baseName);

// How many different colours `image` uses, counting up to `enough`: a window
// that drew nothing is one or two flat colours, text alone brings dozens.
int distinctColors(const QImage& image, int enough = 256);

} // namespace berth::test
