// The Logs tab: with a fake source (follow pauses and resumes, search selects,
// the filter narrows) and against a real berthd (a container's stdout and
// stderr shown, search finds a line). Screenshots light and dark.
#include "details_fixture.h"
#include "support/berthd_process.h"
#include "test_artifacts.h"

#include "ui/client/remote_engine_api.h"
#include "ui/details/log_model.h"
#include "ui/details/log_source.h"
#include "ui/details/logs_tab.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QFile>
#include <QListView>
#include <QScrollBar>
#include <QStyleFactory>
#include <QTemporaryDir>
#include <QtTest/QTest>

using namespace berth::ui;
using berth::testing::BerthdProcess;

namespace {

constexpr int kTimeoutMs = 15'000;

class FakeLogSource : public LogSource {
public:
    void start(const LogQuery& query) override {
        ++starts;
        lastQuery = query;
    }
    void stop() override {}
    void push(int first, int count, const char* word = "line") {
        LogBatch batch;
        for (int i = first; i < first + count; ++i)
            batch.appendLine("2026-01-01T00:00:00.000000000Z", QByteArray(word) + ' ' + QByteArray::number(i) +
                                                                   (i % 5 == 0 ? " \x1b[31mred\x1b[0m \x1b[1;4mbold\x1b[0m" : ""),
                             i % 3 == 0 ? LogStreamKind::Stderr : LogStreamKind::Stdout);
        post(std::move(batch));
    }
    void postForTest(LogBatch&& batch) { post(std::move(batch)); }
    int starts = 0;
    LogQuery lastQuery;
};

struct FakeTab {
    FakeLogSource* source = nullptr;
    std::unique_ptr<LogsTab> tab;
};

FakeTab makeFakeTab() {
    auto source = std::make_unique<FakeLogSource>();
    FakeTab made;
    made.source = source.get();
    std::vector<std::unique_ptr<LogSource>> sources;
    sources.push_back(std::move(source));
    made.tab = std::make_unique<LogsTab>(std::move(sources), QStringList{QStringLiteral("web")});
    made.tab->resize(900, 500);
    return made;
}

QPalette darkPalette() {
    QPalette palette;
    palette.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    palette.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
    palette.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    palette.setColor(QPalette::AlternateBase, QColor(0x2b, 0x2b, 0x2b));
    palette.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
    palette.setColor(QPalette::Button, QColor(0x3a, 0x3a, 0x3a));
    palette.setColor(QPalette::ButtonText, QColor(0xee, 0xee, 0xee));
    palette.setColor(QPalette::Highlight, QColor(0x2a, 0x82, 0xda));
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::PlaceholderText, QColor(0x99, 0x99, 0x99));
    return palette;
}

} // namespace

class LogsTabTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion"))); }
    void followPausesAndResumes();
    void scrollsSidewaysOnlyForALongLine();
    void searchSelectsAndFilterNarrows();
    void copiesAndSaves();
    void screenshotsLightAndDark();
    void mergedViewInterleavesAndNames();
    void showsARealContainersOutput();
};

void LogsTabTest::followPausesAndResumes() {
    FakeTab fake = makeFakeTab();
    fake.tab->show();
    QVERIFY(QTest::qWaitForWindowExposed(fake.tab.get()));
    QCOMPARE(fake.source->starts, 1);
    fake.source->push(0, 500);
    QTRY_COMPARE(fake.tab->model()->rowCount(), 500);
    QScrollBar* bar = fake.tab->view()->verticalScrollBar();
    QVERIFY(fake.tab->isFollowing());
    QTRY_VERIFY(bar->maximum() > 100); // the view lays out its rows lazily
    QTRY_COMPARE(bar->value(), bar->maximum());

    bar->setValue(bar->maximum() / 2); // the user scrolls up
    QVERIFY(!fake.tab->isFollowing());
    const int held = bar->value();
    fake.source->push(500, 500);
    QTRY_COMPARE(fake.tab->model()->rowCount(), 1000);
    QCOMPARE(bar->value(), held); // paused: the view stays where the user is

    bar->setValue(bar->maximum()); // back to the bottom
    QVERIFY(fake.tab->isFollowing());
    fake.source->push(1000, 200);
    QTRY_COMPARE(fake.tab->model()->rowCount(), 1200);
    QTRY_COMPARE(bar->value(), bar->maximum());
}

// Three short lines fit: no horizontal scroll bar (rows were 120 characters wide
// whatever they held); a line wider than the view brings it, wrapping removes it.
void LogsTabTest::scrollsSidewaysOnlyForALongLine() {
    FakeTab fake = makeFakeTab();
    fake.tab->resize(600, 400);
    fake.tab->show();
    QVERIFY(QTest::qWaitForWindowExposed(fake.tab.get()));
    fake.source->push(0, 3);
    QTRY_COMPARE(fake.tab->model()->rowCount(), 3);
    QScrollBar* sideways = fake.tab->view()->horizontalScrollBar();
    QTest::qWait(50); // the view lays out after the rows arrive
    QVERIFY2(!sideways->isVisible(), qPrintable(QStringLiteral("range 0..%1").arg(sideways->maximum())));
    auto checkBox = [&](const char* text) -> QCheckBox* {
        for (auto* box : fake.tab->findChildren<QCheckBox*>())
            if (box->text() == QLatin1String(text)) return box;
        return nullptr;
    };
    // Timestamps widen the rows, still within the view.
    QVERIFY(checkBox("Timestamps") && checkBox("Wrap"));
    checkBox("Timestamps")->setChecked(true);
    QTest::qWait(50);
    QVERIFY(!sideways->isVisible());

    LogBatch batch;
    batch.appendLine({}, QByteArray(300, 'x'), LogStreamKind::Stdout);
    fake.source->postForTest(std::move(batch));
    QTRY_COMPARE(fake.tab->model()->rowCount(), 4);
    QTRY_VERIFY(sideways->isVisible());
    // The scroll reaches the line's end: its width, not a guess, is the range.
    const QFontMetrics metrics(fake.tab->view()->font());
    QVERIFY(sideways->maximum() + fake.tab->view()->viewport()->width() >= metrics.horizontalAdvance(QString(300, u'x')));
    checkBox("Wrap")->setChecked(true);
    QTRY_VERIFY(!sideways->isVisible());
}

void LogsTabTest::searchSelectsAndFilterNarrows() {
    FakeTab fake = makeFakeTab();
    fake.tab->show();
    fake.source->push(0, 2000);
    QTRY_COMPARE(fake.tab->model()->rowCount(), 2000);
    fake.tab->setSearchText(QStringLiteral("line 1234"));
    QVERIFY(fake.tab->findNext());
    QCOMPARE(fake.tab->view()->currentIndex().row(), 1234);
    QVERIFY(!fake.tab->isFollowing()); // a found line stays in sight
    fake.tab->setSearchText(QStringLiteral("line 12"));
    QVERIFY(fake.tab->findPrevious());
    QCOMPARE(fake.tab->view()->currentIndex().row(), 1233);
    // F3 and Shift+F3 from the keyboard.
    fake.tab->setSearchText(QStringLiteral("line 99"));
    fake.tab->activateWindow(); // shortcuts go to the active window
    QVERIFY(QTest::qWaitForWindowActive(fake.tab.get()));
    fake.tab->view()->setFocus();
    const int before = fake.tab->view()->currentIndex().row();
    QTest::keyClick(fake.tab->view(), Qt::Key_F3);
    const int next = fake.tab->view()->currentIndex().row();
    QCOMPARE(next, fake.tab->model()->find(QStringLiteral("line 99"), before, true));
    QVERIFY(fake.tab->model()->rowText(next).startsWith(QStringLiteral("line 99")));
    QTest::keyClick(fake.tab->view(), Qt::Key_F3);
    QCOMPARE(fake.tab->view()->currentIndex().row(), fake.tab->model()->find(QStringLiteral("line 99"), next, true));
    QTest::keyClick(fake.tab->view(), Qt::Key_F3, Qt::ShiftModifier);
    QCOMPARE(fake.tab->view()->currentIndex().row(), next);
    fake.tab->setSearchText(QStringLiteral("nowhere"));
    QVERIFY(!fake.tab->findNext());

    fake.tab->setFilterText(QStringLiteral("line 1\\d\\d\\d\\b"));
    QCOMPARE(fake.tab->model()->rowCount(), 1000);
    fake.tab->setFilterText(QStringLiteral("(unclosed")); // not a regex: the last filter stays
    QCOMPARE(fake.tab->model()->rowCount(), 1000);
    fake.tab->setFilterText(QString());
    QCOMPARE(fake.tab->model()->rowCount(), 2000);
}

void LogsTabTest::copiesAndSaves() {
    FakeTab fake = makeFakeTab();
    fake.source->push(0, 10);
    QTRY_COMPARE(fake.tab->model()->rowCount(), 10);
    QListView* view = fake.tab->view();
    view->selectionModel()->select(fake.tab->model()->index(5), QItemSelectionModel::Select);
    view->selectionModel()->select(fake.tab->model()->index(2), QItemSelectionModel::Select);
    fake.tab->copySelection();
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("line 2\nline 5 red bold\n"));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("logs.txt"));
    QVERIFY(fake.tab->saveTo(path));
    QFile saved(path);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QCOMPARE(saved.readAll().count('\n'), 10);
}

void LogsTabTest::screenshotsLightAndDark() {
    for (bool dark : {false, true}) {
        FakeTab fake = makeFakeTab();
        if (dark) fake.tab->setPalette(darkPalette());
        fake.tab->show();
        QVERIFY(QTest::qWaitForWindowExposed(fake.tab.get()));
        fake.source->push(0, 40);
        QTRY_COMPARE(fake.tab->model()->rowCount(), 40);
        fake.tab->setSearchText(QStringLiteral("line 3"));
        QApplication::processEvents();
        const QString file = dark ? QStringLiteral("logs-tab-colours-dark.png") : QStringLiteral("logs-tab-colours-light.png");
        const QString path = berth::test::saveScreenshot(*fake.tab, file);
        QVERIFY(!path.isEmpty());
        QVERIFY(berth::test::distinctColors(QImage(path)) >= 16);
    }
}

void LogsTabTest::mergedViewInterleavesAndNames() {
    auto web = std::make_unique<FakeLogSource>();
    auto db = std::make_unique<FakeLogSource>();
    FakeLogSource* webSource = web.get();
    FakeLogSource* dbSource = db.get();
    std::vector<std::unique_ptr<LogSource>> sources;
    sources.push_back(std::move(web));
    sources.push_back(std::move(db));
    LogsTab tab(std::move(sources), {QStringLiteral("web"), QStringLiteral("db")});
    tab.resize(900, 300);
    tab.show();
    auto post = [](FakeLogSource* source, const char* time, const char* text) {
        LogBatch batch;
        batch.appendLine(time, text, LogStreamKind::Stdout);
        source->postForTest(std::move(batch));
    };
    post(webSource, "2026-01-01T00:00:02.000000000Z", "web second");
    post(dbSource, "2026-01-01T00:00:01.000000000Z", "db first");
    post(webSource, "2026-01-01T00:00:03.000000000Z", "web third");
    QTRY_COMPARE(tab.model()->rowCount(), 3);
    QCOMPARE(tab.model()->rowText(0), QStringLiteral("db first"));
    QCOMPARE(tab.model()->data(tab.model()->index(0), LogModel::SourceRole).toInt(), 1);
    QCOMPARE(tab.model()->rowText(2), QStringLiteral("web third"));
    QVERIFY(!berth::test::saveScreenshot(tab, QStringLiteral("details-logs-merged.png")).isEmpty());
}

void LogsTabTest::showsARealContainersOutput() {
    BerthdProcess berthd;
    QVERIFY2(berthd.start(), berthd.log().c_str());
    berth::test::DetailsFixture fixture(berthd.host());
    const QString imported = fixture.importBusybox(QStringLiteral("logs-bb:test"));
    QVERIFY2(imported.isEmpty(), qPrintable(imported));
    const QString id = fixture.run(QStringLiteral("logs-bb:test"), QStringLiteral("logs-tab-test"),
                                   QStringLiteral("seq 1 300; echo needle-in-stderr >&2; sleep 30"));
    QVERIFY2(!id.isEmpty(), qPrintable(fixture.lastError()));

    berth::ui::RemoteEngineApi api(QString::fromStdString(berthd.host()));
    LogsTab tab(&api, id);
    tab.resize(900, 500);
    tab.show();
    QTRY_COMPARE_WITH_TIMEOUT(tab.model()->rowCount(), 301, kTimeoutMs);
    QCOMPARE(tab.model()->data(tab.model()->index(0)).toString(), QStringLiteral("1"));
    tab.setSearchText(QStringLiteral("needle"));
    QVERIFY(tab.findNext());
    const QModelIndex found = tab.view()->currentIndex();
    QCOMPARE(found.data().toString(), QStringLiteral("needle-in-stderr"));
    QCOMPARE(found.data(LogModel::StreamRole).toInt(), int(LogStreamKind::Stderr));
    QVERIFY(!found.data(LogModel::TimestampRole).toString().isEmpty()); // asked with timestamps=1
    berth::test::saveScreenshot(tab, QStringLiteral("details-logs-real.png"));
}

QTEST_MAIN(LogsTabTest)
#include "logs_tab_test.moc"
