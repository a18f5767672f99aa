#pragma once
// Files the GUI tests leave behind for people (and CI) to look at, in
// <build>/test-artifacts: screenshots of the windows they drove.

#include <QImage>
#include <QString>

class QWidget;

namespace berth::test {

// Grabs `widget` as it is drawn now and saves it as <artifacts>/<fileName>;
// returns the path, or an empty string when it could not be written.
QString saveScreenshot(QWidget& widget, const QString& fileName);

// Saves `widget` twice, as <baseName>-light.png and <baseName>-dark.png: once in
// the palette it has, once in a dark palette (Fusion style, as a dark desktop
// gives); the application's style and palette are restored after. Returns false
// when either file could not be written.
bool saveLightAndDarkScreenshots(QWidget& widget, const QString& baseName);

// How many different colours `image` uses, counting up to `enough`: a window
// that drew nothing is one or two flat colours, text alone brings dozens.
int distinctColors(const QImage& image, int enough = 256);

} // namespace berth::test
