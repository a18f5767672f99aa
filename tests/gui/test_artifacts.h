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

// How many different colours `image` uses, counting up to `enough`: a window
// that drew nothing is one or two flat colours, text alone brings dozens.
int distinctColors(const QImage& image, int enough = 256);

} // namespace berth::test
