// The details tabs against a real berthd: the Stats charts receive points from
// a running container, the Inspect tree finds a key and copies its path, Top
// lists the container's processes, Details summarises it; ContainerDetails
// switches tabs by name and DetailsArea holds several containers. Screenshots of
// each tab, light and dark.
#include "details_fixture.h"
#include "support/berthd_process.h"
#include "test_artifacts.h"

#include "ui/client/remote_engine_api.h"
#include "ui/details/container_details.h"
#include "ui/details/inspect_tab.h"
#include "ui/details/json_tree_model.h"
#include "ui/details/log_model.h"
#include "ui/details/logs_tab.h"
#include "ui/details/stats_tab.h"
#include "ui/details/summary_tab.h"
#include "ui/details/top_tab.h"

#include <QApplication>
#include <QClipboard>
#include <QLineSeries>
#include <QStandardItemModel>
#include <QStyleFactory>
#include <QTreeView>
#include <QtTest/QTest>

using namespace berth::ui;
using berth::testing::BerthdProcess;

namespace {

constexpr int kTimeoutMs = 20'000;

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

class DetailsTabsTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void statsChartReceivesPoints();
    void inspectFindsAKeyAndCopiesItsPath();
    void topListsTheProcesses();
    void summaryShowsTheContainer();
    void detailsSwitchTabsAndHoldSeveralContainers();
    void screenshotsOfEachTab();

private:
    std::unique_ptr<BerthdProcess> berthd_;
    std::unique_ptr<berth::test::DetailsFixture> fixture_;
    QString host_;
    std::unique_ptr<berth::ui::RemoteEngineApi> api_; // what the tabs read through
    QString id_;
};

void DetailsTabsTest::initTestCase() {
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    berthd_ = std::make_unique<BerthdProcess>();
    QVERIFY2(berthd_->start(), berthd_->log().c_str());
    host_ = QString::fromStdString(berthd_->host());
    api_ = std::make_unique<berth::ui::RemoteEngineApi>(host_);
    fixture_ = std::make_unique<berth::test::DetailsFixture>(berthd_->host());
    const QString imported = fixture_->importBusybox(QStringLiteral("details-bb:test"));
    QVERIFY2(imported.isEmpty(), qPrintable(imported));
    // Busy enough to move the CPU chart, and a line a second for the logs.
    id_ = fixture_->run(QStringLiteral("details-bb:test"), QStringLiteral("details-tabs-test"),
                        QStringLiteral("while true; do echo \"tick $(seq 1 200 | head -c 20)\"; seq 1 20000 >/dev/null; sleep 1; done"));
    QVERIFY2(!id_.isEmpty(), qPrintable(fixture_->lastError()));
}

void DetailsTabsTest::cleanupTestCase() {
    api_.reset();
    fixture_.reset();
    berthd_.reset();
}

void DetailsTabsTest::statsChartReceivesPoints() {
    StatsTab tab(api_.get(), id_);
    tab.resize(900, 700);
    tab.show();
    QTRY_VERIFY_WITH_TIMEOUT(tab.pointCount() >= 3, kTimeoutMs);
    QLineSeries* pids = tab.series(QStringLiteral("pids0"));
    QVERIFY(pids);
    QVERIFY(pids->count() >= 3);
    QVERIFY(tab.lastPoint().pids >= 1);
    QVERIFY(tab.lastPoint().memoryUsed > 0);
    QVERIFY(tab.lastPoint().memoryLimit >= tab.lastPoint().memoryUsed);
    QLineSeries* memory = tab.series(QStringLiteral("memory0"));
    QVERIFY(memory && memory->count() == pids->count());
    QVERIFY(memory->at(memory->count() - 1).x() <= 0); // seconds before now
}

void DetailsTabsTest::inspectFindsAKeyAndCopiesItsPath() {
    InspectTab tab(api_.get(), id_);
    tab.show();
    QTRY_VERIFY_WITH_TIMEOUT(tab.model()->rowCount() > 5, kTimeoutMs);
    tab.setSearchText(QStringLiteral("Memory"));
    QVERIFY(tab.selectPath(QStringLiteral(".HostConfig.Memory")));
    QCOMPARE(tab.view()->currentIndex().data().toString(), QStringLiteral("Memory"));
    tab.copyPath();
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral(".HostConfig.Memory"));
    tab.copyValue();
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("0"));
    // A search that matches nothing under State hides it.
    tab.setSearchText(QStringLiteral("BERTH_TEST=details"));
    QVERIFY(tab.selectPath(QStringLiteral(".Config.Env[1]")) || tab.selectPath(QStringLiteral(".Config.Env[0]")));
    tab.copyValue();
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("BERTH_TEST=details"));
    QVERIFY(!tab.selectPath(QStringLiteral(".State.Status")));
    tab.setSearchText(QString());
    QVERIFY(tab.selectPath(QStringLiteral(".State.Status")));
    tab.copyDocument();
    QVERIFY(QApplication::clipboard()->text().contains(id_));
}

void DetailsTabsTest::topListsTheProcesses() {
    TopTab tab(api_.get(), id_);
    tab.show();
    QTRY_VERIFY_WITH_TIMEOUT(tab.model()->rowCount() >= 1, kTimeoutMs);
    QStringList headers;
    for (int c = 0; c < tab.model()->columnCount(); ++c) headers << tab.model()->headerData(c, Qt::Horizontal).toString();
    QVERIFY2(headers.contains(QStringLiteral("PID")), qPrintable(headers.join(',')));
    QString all;
    for (int r = 0; r < tab.model()->rowCount(); ++r)
        for (int c = 0; c < tab.model()->columnCount(); ++c) all += tab.model()->index(r, c).data().toString() + ' ';
    QVERIFY2(all.contains(QStringLiteral("sh")), qPrintable(all));
}

void DetailsTabsTest::summaryShowsTheContainer() {
    SummaryTab tab(api_.get(), id_);
    tab.show();
    QTRY_COMPARE_WITH_TIMEOUT(tab.value(QStringLiteral("Image")), QStringLiteral("details-bb:test"), kTimeoutMs);
    QCOMPARE(tab.value(QStringLiteral("Name")), QStringLiteral("details-tabs-test"));
    QCOMPARE(tab.value(QStringLiteral("State")), QStringLiteral("running"));
    QVERIFY(tab.value(QStringLiteral("Command")).startsWith(QStringLiteral("sh -c 'while true")));
    QVERIFY(tab.value(QStringLiteral("Environment")).contains(QStringLiteral("BERTH_TEST=details")));
    QCOMPARE(tab.value(QStringLiteral("Restart policy")), QStringLiteral("no"));
    QCOMPARE(tab.value(QStringLiteral("Memory limit")), QStringLiteral("unlimited"));
    // A date as the Containers list writes it, not inspect's RFC 3339 with nanoseconds.
    const QString created = tab.value(QStringLiteral("Created"));
    QVERIFY2(!created.isEmpty() && !created.endsWith(QLatin1Char('Z')), qPrintable(created));
}

void DetailsTabsTest::detailsSwitchTabsAndHoldSeveralContainers() {
    DetailsArea area(api_.get());
    ContainerDetails* details = area.open(id_, QStringLiteral("details-tabs-test"), QLatin1String(ContainerDetails::kInspect));
    QCOMPARE(details->currentWidget(), details->tab(QLatin1String(ContainerDetails::kInspect)));
    QVERIFY(details->showTab(QLatin1String(ContainerDetails::kTop)));
    QVERIFY(!details->showTab(QStringLiteral("nonsense")));
    auto* extra = new QWidget;
    details->addDetailsTab(extra, QStringLiteral("extra"), QStringLiteral("Extra"));
    QVERIFY(details->showTab(QStringLiteral("extra")));
    QCOMPARE(details->count(), 8); // Logs, Stats, Inspect, Top, Details, Terminal, Files, the extra one
    QCOMPARE(area.open(id_, QStringLiteral("again")), details); // one set per container
    QCOMPARE(area.count(), 1);
    area.openMergedLogs({id_, id_}, {QStringLiteral("one"), QStringLiteral("two")}, QStringLiteral("project"));
    QCOMPARE(area.count(), 2);
    emit area.tabCloseRequested(0);
    QCOMPARE(area.count(), 1);
}

void DetailsTabsTest::screenshotsOfEachTab() {
    for (bool dark : {false, true}) {
        ContainerDetails details(api_.get(), id_);
        if (dark) details.setPalette(darkPalette());
        details.resize(1000, 700);
        details.show();
        QVERIFY(QTest::qWaitForWindowExposed(&details));
        auto* logs = qobject_cast<LogsTab*>(details.tab(QLatin1String(ContainerDetails::kLogs)));
        QTRY_VERIFY_WITH_TIMEOUT(logs->model()->rowCount() >= 2, kTimeoutMs);
        auto* stats = qobject_cast<StatsTab*>(details.tab(QLatin1String(ContainerDetails::kStats)));
        QTRY_VERIFY_WITH_TIMEOUT(stats->pointCount() >= 3, kTimeoutMs);
        for (const char* name : {ContainerDetails::kLogs, ContainerDetails::kStats, ContainerDetails::kInspect,
                                 ContainerDetails::kTop, ContainerDetails::kDetails}) {
            QVERIFY(details.showTab(QLatin1String(name)));
            QTest::qWait(300); // fetches answer, charts redraw
            const QString file = QStringLiteral("details-%1-%2.png").arg(QLatin1String(name), dark ? "dark" : "light");
            const QString path = berth::test::saveScreenshot(details, file);
            QVERIFY(!path.isEmpty());
            QVERIFY2(berth::test::distinctColors(QImage(path)) >= 16, qPrintable(file));
        }
    }
}

QTEST_MAIN(DetailsTabsTest)
#include "details_tabs_test.moc"
