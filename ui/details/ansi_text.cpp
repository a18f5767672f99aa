#include "ui/details/ansi_text.h"

#include <array>

namespace berth::ui {
namespace {

constexpr char kEsc = '\x1b';

// xterm's default 16 colours (what most terminals and `ls --color` assume).
constexpr std::array<QRgb, 16> kBasic = {
    0xff000000, 0xffcd0000, 0xff00cd00, 0xffcdcd00, 0xff0000ee, 0xffcd00cd, 0xff00cdcd, 0xffe5e5e5,
    0xff7f7f7f, 0xffff0000, 0xff00ff00, 0xffffff00, 0xff5c5cff, 0xffff00ff, 0xff00ffff, 0xffffffff,
};

QList<int> splitParameters(QByteArrayView parameters) {
    QList<int> values;
    int value = 0;
    bool any = false;
    for (char c : parameters) {
        if (c >= '0' && c <= '9') {
            value = value * 10 + (c - '0');
            if (value > 0xffffff) value = 0xffffff;
            any = true;
        } else if (c == ';' || c == ':') {
            values.append(any ? value : 0);
            value = 0;
            any = false;
        }
    }
    values.append(any ? value : 0); // "ESC[m" is "ESC[0m"
    return values;
}

// 38/48 extended colours: "5;n" or "2;r;g;b"; advances `i` past what it used.
QColor extendedColor(const QList<int>& values, qsizetype& i) {
    if (i + 1 >= values.size()) return {};
    if (values[i + 1] == 5 && i + 2 < values.size()) {
        i += 2;
        return xtermColor(values[i]);
    }
    if (values[i + 1] == 2 && i + 4 < values.size()) {
        QColor color(values[i + 2] & 0xff, values[i + 3] & 0xff, values[i + 4] & 0xff);
        i += 4;
        return color;
    }
    i = values.size();
    return {};
}

// Where the escape sequence starting at `from` (an ESC) ends, one past its last
// byte; sets `sgr` to its parameters when it is an SGR.
qsizetype escapeEnd(QByteArrayView line, qsizetype from, QByteArrayView& sgr, bool& isSgr) {
    isSgr = false;
    qsizetype i = from + 1;
    if (i >= line.size()) return i;
    char kind = line[i];
    if (kind == '[') { // CSI: parameters and intermediates, then a final byte 0x40-0x7e
        qsizetype start = ++i;
        while (i < line.size() && !(line[i] >= 0x40 && line[i] <= 0x7e)) ++i;
        if (i < line.size() && line[i] == 'm') {
            isSgr = true;
            sgr = line.sliced(start, i - start);
        }
        return i < line.size() ? i + 1 : i;
    }
    if (kind == ']') { // OSC: up to BEL or ST (ESC \)
        ++i;
        while (i < line.size() && line[i] != '\a' && !(line[i] == kEsc && i + 1 < line.size() && line[i + 1] == '\\')) ++i;
        if (i < line.size() && line[i] == '\a') return i + 1;
        return i < line.size() ? i + 2 : i;
    }
    if (kind == '(' || kind == ')' || kind == '#' || kind == '%') return std::min(i + 2, line.size());
    return i + 1; // a two-byte escape (ESC 7, ESC =, ...)
}

} // namespace

QColor xtermColor(int index) {
    if (index < 0 || index > 255) return {};
    if (index < 16) return QColor::fromRgb(kBasic[static_cast<size_t>(index)]);
    if (index < 232) { // the 6x6x6 cube
        int n = index - 16;
        auto level = [](int v) { return v == 0 ? 0 : 55 + v * 40; };
        return QColor(level(n / 36), level((n / 6) % 6), level(n % 6));
    }
    int gray = 8 + (index - 232) * 10;
    return QColor(gray, gray, gray);
}

void applySgr(QByteArrayView parameters, SgrStyle& style) {
    const QList<int> values = splitParameters(parameters);
    for (qsizetype i = 0; i < values.size(); ++i) {
        int v = values[i];
        if (v == 0) style = SgrStyle{};
        else if (v == 1) style.bold = true;
        else if (v == 3) style.italic = true;
        else if (v == 4) style.underline = true;
        else if (v == 22) style.bold = false;
        else if (v == 23) style.italic = false;
        else if (v == 24) style.underline = false;
        else if (v >= 30 && v <= 37) style.foreground = xtermColor(v - 30);
        else if (v >= 90 && v <= 97) style.foreground = xtermColor(v - 90 + 8);
        else if (v >= 40 && v <= 47) style.background = xtermColor(v - 40);
        else if (v >= 100 && v <= 107) style.background = xtermColor(v - 100 + 8);
        else if (v == 38) style.foreground = extendedColor(values, i);
        else if (v == 48) style.background = extendedColor(values, i);
        else if (v == 39) style.foreground = QColor();
        else if (v == 49) style.background = QColor();
    }
}

StyledText parseAnsi(QByteArrayView line) {
    StyledText result;
    if (!line.contains(kEsc)) {
        result.text = QString::fromUtf8(line);
        return result;
    }
    SgrStyle style;
    qsizetype i = 0;
    while (i < line.size()) {
        qsizetype esc = line.indexOf(kEsc, i);
        qsizetype textEnd = esc < 0 ? line.size() : esc;
        if (textEnd > i) {
            QString piece = QString::fromUtf8(line.sliced(i, textEnd - i));
            if (!style.isPlain()) {
                if (!result.runs.isEmpty() && result.runs.back().style == style &&
                    result.runs.back().start + result.runs.back().length == result.text.size())
                    result.runs.back().length += piece.size();
                else result.runs.append({result.text.size(), piece.size(), style});
            }
            result.text += piece;
        }
        if (esc < 0) break;
        QByteArrayView sgr;
        bool isSgr = false;
        i = escapeEnd(line, esc, sgr, isSgr);
        if (isSgr) applySgr(sgr, style);
    }
    return result;
}

QString stripAnsi(QByteArrayView line) {
    if (!line.contains(kEsc)) return QString::fromUtf8(line);
    return parseAnsi(line).text;
}

} // namespace berth::ui
