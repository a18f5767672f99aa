#pragma once
// ANSI escape sequences in container output, turned into what a view draws.
// SGR ("ESC [ ... m") becomes styled runs: the 16 basic colours (30-37, 90-97
// and their backgrounds), the 256-colour palette (38;5;n) and truecolour
// (38;2;r;g;b), bold, italic, underline and their resets. Every other escape
// (cursor moves, OSC titles, charset switches) is dropped, so a line never shows
// escape garbage. Pure functions: a line in, text and runs out.

#include <QByteArrayView>
#include <QColor>
#include <QList>
#include <QString>

namespace berth::ui {

struct SgrStyle {
    QColor foreground; // invalid: the view's default
    QColor background; // invalid: none
    bool bold = false;
    bool italic = false;
    bool underline = false;

    bool isPlain() const { return !foreground.isValid() && !background.isValid() && !bold && !italic && !underline; }
    bool operator==(const SgrStyle&) const = default;
};

struct StyledRun {
    qsizetype start = 0; // in StyledText::text, UTF-16 units
    qsizetype length = 0;
    SgrStyle style;
};

struct StyledText {
    QString text;           // without any escape sequence
    QList<StyledRun> runs;  // only runs whose style is not plain
};

// `line` is UTF-8 bytes as the container wrote them (one line, no newline).
StyledText parseAnsi(QByteArrayView line);
// The text alone (what search, copy and save use).
QString stripAnsi(QByteArrayView line);
// Applies one SGR parameter list ("1;38;5;208") to `style`.
void applySgr(QByteArrayView parameters, SgrStyle& style);
// xterm's colour for palette index 0-255.
QColor xtermColor(int index);

} // namespace berth::ui
