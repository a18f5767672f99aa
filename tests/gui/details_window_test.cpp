// The details window the Containers page opens: one tab per container (not two
// when asked twice), the asked-for tab current, Terminal and Files among the
// tabs, a merged log for several containers, and the window's geometry kept.
// No engine is needed: the tabs show their connection errors, which is fine here.
#include "fake_engine_api.h"

#include "ui/details/container_details.h"
#include "ui/details/details_window.h"
#include "ui/details/inspect_tab.h"
#include "ui/details/log_model.h"
#include "ui/details/logs_tab.h"
#include "ui/details/stats_tab.h"
#include "ui/details/summary_tab.h"
#include "ui/details/top_tab.h"

#include <QLabel>
#include <QRegularExpression>
#include <QStandardItemModel>

#include <QSettings>
#include <QTemporaryDir>
#include <QtTest/QTest>

using namespace berth::ui;

class DetailsWindowTest : public QObject {
    Q_OBJECT
private slots:
    void opensEachContainerOnceOnTheAskedTab() {
        QTemporaryDir dir;
        const QString host = QStringLiteral("unix://") + dir.filePath(QStringLiteral("nothing.sock"));
        berth::test::FakeEngineApi api;
        DetailsWindow window(&api, host);
        window.showContainers({QStringLiteral("aaaa"), QStringLiteral("bbbb")}, {QStringLiteral("web"), QStringLiteral("db")},
                              QStringLiteral("Files"));
        QVERIFY(window.isVisible());
        DetailsArea* area = window.area();
        QCOMPARE(area->count(), 2);
        QCOMPARE(area->tabText(0), QStringLiteral("web"));
        ContainerDetails* web = area->details(QStringLiteral("aaaa"));
        QVERIFY(web);
        QCOMPARE(web->currentWidget(), web->tab(QLatin1String(ContainerDetails::kFiles)));
        QVERIFY(web->tab(QLatin1String(ContainerDetails::kTerminal)));
        for (const char* name : {ContainerDetails::kLogs, ContainerDetails::kStats, ContainerDetails::kInspect,
                                 ContainerDetails::kTop, ContainerDetails::kDetails})
            QVERIFY2(web->tab(QLatin1String(name)), name);

        window.showContainers({QStringLiteral("aaaa")}, {QStringLiteral("web")}, QStringLiteral("Inspect"));
        QCOMPARE(area->count(), 2);
        QCOMPARE(area->currentWidget(), web);
        QCOMPARE(web->currentWidget(), web->tab(QLatin1String(ContainerDetails::kInspect)));
    }

    // Logs, Stats, Inspect, Top and Details read through the EngineApi they are given.
    void tabsReadThroughTheEngineApi() {
        berth::test::FakeEngineApi api;
        api.inspectDocuments[QStringLiteral("cccc")] = nlohmann::json::parse(
            R"({"Id":"cccc","Config":{"Tty":true,"Image":"busybox:1"},"HostConfig":{"NanoCpus":1000000000}})");
        api.topDocuments[QStringLiteral("cccc")] =
            nlohmann::json::parse(R"({"Titles":["PID","CMD"],"Processes":[["1","sh"],["7","sleep 300"]]})");
        ContainerDetails details(&api, QStringLiteral("unix:///nonexistent/berth.sock"), QStringLiteral("cccc"));
        auto* top = qobject_cast<TopTab*>(details.tab(QLatin1String(ContainerDetails::kTop)));
        QTRY_COMPARE(top->model()->rowCount(), 2);
        QCOMPARE(top->model()->item(1, 1)->text(), QStringLiteral("sleep 300"));
        auto* inspect = qobject_cast<InspectTab*>(details.tab(QLatin1String(ContainerDetails::kInspect)));
        QTRY_VERIFY(inspect->selectPath(QStringLiteral(".Config.Image")));
        auto* summary = qobject_cast<SummaryTab*>(details.tab(QLatin1String(ContainerDetails::kDetails)));
        QTRY_VERIFY(!summary->value(QStringLiteral("Image")).isEmpty());

        // The logs and stats streams open once inspect has answered (TTY, CPU limit).
        auto streamOf = [&api](const QString& call) -> berth::test::FakeByteStream* {
            const qsizetype index = api.calls.filter(QRegularExpression(QStringLiteral("^(logs|stats-stream) "))).indexOf(call);
            return index >= 0 && size_t(index) < api.byteStreams.size() ? api.byteStreams[size_t(index)].data() : nullptr;
        };
        QTRY_VERIFY(streamOf(QStringLiteral("logs cccc")) && streamOf(QStringLiteral("stats-stream cccc")));
        auto* logs = qobject_cast<LogsTab*>(details.tab(QLatin1String(ContainerDetails::kLogs)));
        // A TTY's raw bytes (no stdcopy frames), with the timestamps the tab asks for.
        QVERIFY(streamOf(QStringLiteral("logs cccc"))->feed("2026-01-01T00:00:00.000000000Z hello from the tty\n"));
        QTRY_COMPARE(logs->model()->rowCount(), 1);
        auto* stats = qobject_cast<StatsTab*>(details.tab(QLatin1String(ContainerDetails::kStats)));
        QVERIFY(streamOf(QStringLiteral("stats-stream cccc"))->feed(
            R"({"read":"2026-01-01T00:00:01Z","cpu_stats":{"cpu_usage":{"total_usage":100},"system_cpu_usage":1000,"online_cpus":1},"memory_stats":{"usage":1048576,"limit":2097152},"pids_stats":{"current":2}})"
            "\n"));
        QTRY_COMPARE(stats->pointCount(), 1);
        // The engine's error on a stream is shown, not swallowed.
        streamOf(QStringLiteral("logs cccc"))->end(false, {500, QStringLiteral("Error response from daemon: broken")});
        auto* status = logs->findChild<QLabel*>(QStringLiteral("logsStatus"));
        QTRY_VERIFY2(status->text().contains(QStringLiteral("broken")), qPrintable(status->text()));
    }

    void severalContainersOnLogsAlsoOpenTheirMergedLog() {
        DetailsWindow window(&api_, QStringLiteral("unix:///nonexistent/berth.sock"));
        window.showContainers({QStringLiteral("aaaa"), QStringLiteral("bbbb")}, {QStringLiteral("web"), QStringLiteral("db")},
                              QStringLiteral("Logs"));
        QCOMPARE(window.area()->count(), 3);
        QVERIFY(!qobject_cast<ContainerDetails*>(window.area()->currentWidget()));
        QCOMPARE(window.area()->tabText(2), QStringLiteral("2 containers"));
    }

    void closingTheLastContainerHidesTheWindowAndKeepsItsGeometry() {
        QSettings().remove(QStringLiteral("detailsWindow/geometry"));
        {
            DetailsWindow window(&api_, QStringLiteral("unix:///nonexistent/berth.sock"));
            window.showContainers({QStringLiteral("aaaa")}, {QStringLiteral("web")}, QStringLiteral("Top"));
            window.resize(760, 700); // within the offscreen screen, which restoreGeometry clamps to
            emit window.area()->tabCloseRequested(0);
            QTRY_VERIFY(!window.isVisible());
        }
        DetailsWindow again(&api_, QStringLiteral("unix:///nonexistent/berth.sock"));
        QCOMPARE(again.size(), QSize(760, 700));
    }

private:
    berth::test::FakeEngineApi api_;
};

QTEST_MAIN(DetailsWindowTest)
#include "details_window_test.moc"
