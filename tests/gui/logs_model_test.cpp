// LogModel: a million lines held compactly, found and filtered fast enough for
// the figures (asserted loosely here, measured by tests/bench), and the
// merged view ordered by timestamp.
#include "ui/details/log_model.h"

#include <QAbstractItemModelTester>
#include <QBuffer>
#include <QElapsedTimer>
#include <QtTest/QTest>

using namespace berth::ui;

namespace {

LogBatch numberedLines(int first, int count) {
    LogBatch batch;
    QByteArray text;
    for (int i = first; i < first + count; ++i) {
        text = "2026-01-01T00:00:00.000000000Z";
        QByteArray message = "line " + QByteArray::number(i) + " GET /api/items?page=" + QByteArray::number(i % 97) +
                             " 200 in 3ms";
        batch.appendLine(text, message, i % 10 == 0 ? LogStreamKind::Stderr : LogStreamKind::Stdout);
    }
    return batch;
}

LogBatch timed(const char* timestamp, const char* text) {
    LogBatch batch;
    batch.appendLine(timestamp, text, LogStreamKind::Stdout);
    return batch;
}

} // namespace

class LogsModelTest : public QObject {
    Q_OBJECT
private slots:
    void passesTheModelTester();
    void holdsAMillionLines();
    void searchWrapsAndGoesBack();
    void filterShowsOnlyMatchingLines();
    void mergedViewInterleavesByTimestamp();
    void timestampsToggleAndSave();
};

void LogsModelTest::passesTheModelTester() {
    LogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append(numberedLines(0, 50));
    model.setFilter(QRegularExpression(QStringLiteral("line 1")));
    model.append(numberedLines(50, 100));
    model.setMerged(true);
    model.append(timed("2025-01-01T00:00:00.000000000Z", "older"));
    model.setFilter(QRegularExpression());
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void LogsModelTest::holdsAMillionLines() {
    LogModel model;
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < 1'000'000; i += 10'000) model.append(numberedLines(i, 10'000));
    const qint64 openMs = timer.elapsed();
    QCOMPARE(model.rowCount(), 1'000'000);
    // ~80 bytes of text and a 16-byte reference a line: well under 150 MB.
    QVERIFY2(model.byteCount() < 100'000'000, qPrintable(QString::number(model.byteCount())));
    QCOMPARE(model.data(model.index(999'999)).toString().left(11), QStringLiteral("line 999999"));
    QCOMPARE(model.data(model.index(10), LogModel::StreamRole).toInt(), int(LogStreamKind::Stderr));

    timer.restart();
    const int found = model.find(QStringLiteral("LINE 999998 "), 0, true);
    const qint64 searchMs = timer.elapsed();
    QCOMPARE(found, 999'998);
    qInfo("1M lines: appended in %lld ms, searched in %lld ms", openMs, searchMs);
    // Loose bounds (a loaded, sanitized or debug build); the benchmark has the real figures.
    QVERIFY2(openMs < 5'000, qPrintable(QString::number(openMs)));
    QVERIFY2(searchMs < 3'000, qPrintable(QString::number(searchMs)));
    QCOMPARE(model.find(QStringLiteral("no such text"), 0, true), -1);
}

void LogsModelTest::searchWrapsAndGoesBack() {
    LogModel model;
    model.append(numberedLines(0, 30)); // "page=5" in lines 5 and ... (i % 97)
    QCOMPARE(model.find(QStringLiteral("line 2 "), -1, true), 2);
    QCOMPARE(model.find(QStringLiteral("line 2"), 2, true), 20);
    QCOMPARE(model.find(QStringLiteral("line 2"), 29, true), 2);  // wraps to the top
    QCOMPARE(model.find(QStringLiteral("line 2"), 20, false), 2); // backwards
    QCOMPARE(model.find(QStringLiteral("line 2"), 2, false), 29); // wraps to the bottom
    QCOMPARE(model.find(QStringLiteral("Line 2 "), -1, true, Qt::CaseSensitive), -1);
    LogBatch colored;
    colored.appendLine({}, "\x1b[31merr\x1b[0mor here", LogStreamKind::Stderr);
    model.append(std::move(colored));
    QCOMPARE(model.find(QStringLiteral("error here"), 0, true), 30); // across an escape
}

void LogsModelTest::filterShowsOnlyMatchingLines() {
    LogModel model;
    model.append(numberedLines(0, 1000));
    model.setFilter(QRegularExpression(QStringLiteral("^line \\d*7 ")));
    QCOMPARE(model.rowCount(), 100);
    QCOMPARE(model.data(model.index(0)).toString().left(7), QStringLiteral("line 7 "));
    QCOMPARE(model.find(QStringLiteral("line 17 "), -1, true), 1);
    model.append(numberedLines(1000, 10)); // 1007 matches
    QCOMPARE(model.rowCount(), 101);
    model.setFilter(QRegularExpression());
    QCOMPARE(model.rowCount(), 1010);
}

void LogsModelTest::mergedViewInterleavesByTimestamp() {
    LogModel model;
    model.setMerged(true);
    model.append(timed("2026-01-01T00:00:02.000000000Z", "b2"));
    model.append(timed("2026-01-01T00:00:04.000000000Z", "b4"));
    model.append(timed("2026-01-01T00:00:01.000000000Z", "a1")); // another container's history
    model.append(timed("2026-01-01T00:00:03.000000000Z", "a3"));
    model.append(timed("2026-01-01T00:00:05.000000000Z", "a5"));
    QStringList order;
    for (int row = 0; row < model.rowCount(); ++row) order << model.data(model.index(row)).toString();
    QCOMPARE(order, (QStringList{"a1", "b2", "a3", "b4", "a5"}));
}

void LogsModelTest::timestampsToggleAndSave() {
    LogModel model;
    model.append(timed("2026-01-01T00:00:02.000000000Z", "\x1b[1mbold\x1b[0m text"));
    QCOMPARE(model.data(model.index(0)).toString(), QStringLiteral("bold text"));
    model.setShowTimestamps(true);
    QCOMPARE(model.data(model.index(0)).toString(), QStringLiteral("2026-01-01T00:00:02.000000000Z bold text"));
    QCOMPARE(model.data(model.index(0), LogModel::RawTextRole).toByteArray(), QByteArray("\x1b[1mbold\x1b[0m text"));
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QVERIFY(model.save(buffer));
    QCOMPARE(buffer.data(), QByteArray("2026-01-01T00:00:02.000000000Z bold text\n"));
}

QTEST_GUILESS_MAIN(LogsModelTest)
#include "logs_model_test.moc"
