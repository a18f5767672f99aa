// SGR sequences become styled runs and every other escape disappears; the
// stdcopy decoder turns multiplexed chunks, cut anywhere, into lines.
#include "ui/details/ansi_text.h"
#include "ui/details/log_stream_decoder.h"

#include <QtTest/QTest>

using namespace berth::ui;

class LogsAnsiTest : public QObject {
    Q_OBJECT
private slots:
    void plainTextHasNoRuns();
    void basicColoursAndReset();
    void brightBackgroundAndAttributes();
    void palette256AndTruecolour();
    void otherEscapesAreStripped();
    void cutSequenceIsNotGarbage();
    void decoderSplitsFramesCutAnywhere();
    void decoderKeepsTimestampsApart();
    void decoderRawTtyStream();
};

void LogsAnsiTest::plainTextHasNoRuns() {
    StyledText styled = parseAnsi("hello world");
    QCOMPARE(styled.text, QStringLiteral("hello world"));
    QVERIFY(styled.runs.isEmpty());
}

void LogsAnsiTest::basicColoursAndReset() {
    StyledText styled = parseAnsi("a \x1b[31mred\x1b[0m b \x1b[1;32mgreen bold\x1b[m c");
    QCOMPARE(styled.text, QStringLiteral("a red b green bold c"));
    QCOMPARE(styled.runs.size(), 2);
    QCOMPARE(styled.runs[0].start, 2);
    QCOMPARE(styled.runs[0].length, 3);
    QCOMPARE(styled.runs[0].style.foreground, QColor(0xcd, 0, 0));
    QVERIFY(!styled.runs[0].style.bold);
    QCOMPARE(styled.runs[1].start, 8);
    QCOMPARE(styled.runs[1].length, 10);
    QCOMPARE(styled.runs[1].style.foreground, QColor(0, 0xcd, 0));
    QVERIFY(styled.runs[1].style.bold);
}

void LogsAnsiTest::brightBackgroundAndAttributes() {
    SgrStyle style;
    applySgr("3;4;97;44", style);
    QVERIFY(style.italic);
    QVERIFY(style.underline);
    QCOMPARE(style.foreground, QColor(0xff, 0xff, 0xff));
    QCOMPARE(style.background, QColor(0, 0, 0xee));
    applySgr("23;24;39;49", style);
    QVERIFY(style.isPlain());
}

void LogsAnsiTest::palette256AndTruecolour() {
    SgrStyle style;
    applySgr("38;5;208", style);
    QCOMPARE(style.foreground, QColor(255, 135, 0)); // xterm 208
    applySgr("48;5;244", style);
    QCOMPARE(style.background, QColor(128, 128, 128));
    applySgr("38;2;10;20;30", style);
    QCOMPARE(style.foreground, QColor(10, 20, 30));
    QCOMPARE(xtermColor(16), QColor(0, 0, 0));
    QCOMPARE(xtermColor(231), QColor(255, 255, 255));
}

void LogsAnsiTest::otherEscapesAreStripped() {
    StyledText styled = parseAnsi("\x1b]0;title\x07\x1b[2K\x1b[1Adone\x1b(B\x1b=!");
    QCOMPARE(styled.text, QStringLiteral("done!"));
    QVERIFY(styled.runs.isEmpty());
    QCOMPARE(stripAnsi("x\x1b[38;5;1my"), QStringLiteral("xy"));
}

void LogsAnsiTest::cutSequenceIsNotGarbage() {
    QCOMPARE(stripAnsi("end\x1b[31"), QStringLiteral("end"));
    QCOMPARE(stripAnsi("end\x1b"), QStringLiteral("end"));
}

namespace {
QByteArray frame(char stream, const QByteArray& payload) {
    QByteArray out(8, '\0');
    out[0] = stream;
    const auto length = static_cast<quint32>(payload.size());
    out[4] = static_cast<char>(length >> 24);
    out[5] = static_cast<char>(length >> 16);
    out[6] = static_cast<char>(length >> 8);
    out[7] = static_cast<char>(length);
    return out + payload;
}
QString lineText(const LogBatch& batch, size_t i) {
    const LogLineRef& ref = batch.lines[i];
    return QString::fromUtf8(batch.bytes.mid(ref.offset + ref.timestampLength, ref.length - ref.timestampLength));
}
} // namespace

void LogsAnsiTest::decoderSplitsFramesCutAnywhere() {
    const QByteArray wire = frame(1, "out one\n") + frame(2, "err one\n") + frame(1, "out two\r\n") + frame(1, "tail");
    for (qsizetype cut = 1; cut < wire.size(); ++cut) {
        LogStreamDecoder decoder(true, false);
        LogBatch batch;
        decoder.feed(QByteArrayView(wire).first(cut), batch);
        decoder.feed(QByteArrayView(wire).sliced(cut), batch);
        decoder.finish(batch);
        QCOMPARE(batch.lines.size(), size_t(4));
        QCOMPARE(lineText(batch, 0), QStringLiteral("out one"));
        QCOMPARE(lineText(batch, 1), QStringLiteral("err one"));
        QCOMPARE(batch.lines[1].stream, LogStreamKind::Stderr);
        QCOMPARE(lineText(batch, 2), QStringLiteral("out two"));
        QCOMPARE(lineText(batch, 3), QStringLiteral("tail"));
        QCOMPARE(batch.lines[3].stream, LogStreamKind::Stdout);
    }
}

void LogsAnsiTest::decoderKeepsTimestampsApart() {
    LogStreamDecoder decoder(true, true);
    LogBatch batch;
    decoder.feed(frame(1, "2026-01-02T03:04:05.123456789Z hello there\n"), batch);
    QCOMPARE(batch.lines.size(), size_t(1));
    QCOMPARE(batch.lines[0].timestampLength, 31);
    QCOMPARE(lineText(batch, 0), QStringLiteral("hello there"));
}

void LogsAnsiTest::decoderRawTtyStream() {
    LogStreamDecoder decoder(false, false);
    LogBatch batch;
    decoder.feed("one\r\ntw", batch);
    decoder.feed("o\n", batch);
    QCOMPARE(batch.lines.size(), size_t(2));
    QCOMPARE(lineText(batch, 1), QStringLiteral("two"));
}

QTEST_GUILESS_MAIN(LogsAnsiTest)
#include "logs_ansi_test.moc"
