// The details window the Containers page opens: one tab per container (not two
// when asked twice), the asked-for tab current, Terminal and Files among the
// tabs, a merged log for several containers, and the window's geometry kept.
// No engine is needed: every tab reads the FakeEngineApi, Terminal and Files too.
#include "fake_engine_api.h"

#include "ui/details/container_details.h"
#include "ui/details/details_window.h"
#include "ui/details/files_tab.h"
#include "ui/details/inspect_tab.h"
#include "ui/details/log_model.h"
#include "ui/details/logs_tab.h"
#include "ui/details/stats_tab.h"
#include "ui/details/summary_tab.h"
#include "ui/details/terminal_tab.h"
#include "ui/details/terminal_view.h"
#include "ui/details/top_tab.h"

#include <QLabel>
#include <QRegularExpression>
#include <QStandardItemModel>

#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest/QTest>

using namespace berth::ui;

class DetailsWindowTest : public QObject {
    Q_OBJECT
private slots:
    void opensEachContainerOnceOnTheAskedTab() {
        berth::test::FakeEngineApi api;
        DetailsWindow window(&api);
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
        ContainerDetails details(&api, QStringLiteral("cccc"));
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

    // Terminal and Files go through the same EngineApi (so --host and the
    // engine's error wording come from one place): a shell session from
    // terminalSession(), the listing, an upload and the engine's own error from
    // the archive calls.
    void terminalAndFilesGoThroughTheEngineApi() {
        berth::test::FakeEngineApi api;
        berth::ui::tar::Entry etc;
        etc.path = "etc";
        etc.type = berth::ui::tar::Entry::Type::Directory;
        berth::ui::tar::Entry hosts;
        hosts.path = "hosts";
        hosts.size = 12;
        api.directories[QStringLiteral("/")] = {etc};
        api.directories[QStringLiteral("/etc")] = {hosts};
        ContainerDetails details(&api, QStringLiteral("dddd"));
        details.resize(700, 400);
        details.show();

        QVERIFY(details.showTab(QLatin1String(ContainerDetails::kTerminal)));
        auto* terminal = qobject_cast<TerminalTab*>(details.tab(QLatin1String(ContainerDetails::kTerminal)));
        QVERIFY(terminal);
        QTRY_COMPARE(terminal->terminalCount(), 1); // the first shell opens when the tab shows
        QVERIFY(api.calls.contains(QStringLiteral("terminal dddd shell")));
        QCOMPARE(api.terminals.size(), size_t{1});
        berth::test::FakeTerminalSession* session = api.terminals.front();
        QVERIFY(session);
        QTRY_VERIFY(terminal->currentView()->isRunning());
        session->say("hello-from-the-fake\r\n");
        QTRY_VERIFY(terminal->currentView()->screenText().contains(QStringLiteral("hello-from-the-fake")));
        terminal->attach();
        QVERIFY(api.calls.contains(QStringLiteral("terminal dddd attach")));

        QVERIFY(details.showTab(QLatin1String(ContainerDetails::kFiles)));
        auto* files = qobject_cast<FilesTab*>(details.tab(QLatin1String(ContainerDetails::kFiles)));
        QVERIFY(files);
        QTRY_COMPARE(files->entryNames(), QStringList{QStringLiteral("etc")});
        QVERIFY(api.calls.contains(QStringLiteral("ls dddd /")));
        files->openPath(QStringLiteral("/etc"));
        QTRY_COMPARE(files->entryNames(), QStringList{QStringLiteral("hosts")});
        QCOMPARE(files->currentPath(), QStringLiteral("/etc"));
        files->downloadTo({QStringLiteral("hosts")}, QStringLiteral("/tmp/nowhere"));
        QVERIFY(api.calls.contains(QStringLiteral("download dddd /etc/hosts /tmp/nowhere")));
        files->upload({QStringLiteral("/home/u/notes.txt")});
        QTRY_VERIFY(api.calls.contains(QStringLiteral("upload dddd /etc notes.txt")));
        QTRY_VERIFY(!files->isBusy());

        // The engine's message, word for word, on the tab; the folder shown stays.
        QSignalSpy failed(files, &FilesTab::failed);
        files->openPath(QStringLiteral("/missing"));
        QTRY_COMPARE(failed.size(), 1);
        QVERIFY2(failed.front().front().toString().contains(QStringLiteral("Could not find the file /missing")),
                 qPrintable(failed.front().front().toString()));
        QCOMPARE(files->currentPath(), QStringLiteral("/etc"));
        api.failFiles = berth::ui::ApiError{501, QStringLiteral("Error response from daemon: not implemented: archive")};
        files->refresh();
        QTRY_COMPARE(failed.size(), 2);
        QCOMPARE(failed.back().front().toString(), QStringLiteral("Error response from daemon: not implemented: archive"));
        auto* status = files->findChild<QLabel*>(QStringLiteral("filesStatus"));
        QVERIFY(status);
        QCOMPARE(status->text(), QStringLiteral("Error response from daemon: not implemented: archive"));
    }

    void severalContainersOnLogsAlsoOpenTheirMergedLog() {
        DetailsWindow window(&api_);
        window.showContainers({QStringLiteral("aaaa"), QStringLiteral("bbbb")}, {QStringLiteral("web"), QStringLiteral("db")},
                              QStringLiteral("Logs"));
        QCOMPARE(window.area()->count(), 3);
        QVERIFY(!qobject_cast<ContainerDetails*>(window.area()->currentWidget()));
        QCOMPARE(window.area()->tabText(2), QStringLiteral("2 containers"));
    }

    void closingTheLastContainerHidesTheWindowAndKeepsItsGeometry() {
        QSettings().remove(QStringLiteral("detailsWindow/geometry"));
        {
            DetailsWindow window(&api_);
            window.showContainers({QStringLiteral("aaaa")}, {QStringLiteral("web")}, QStringLiteral("Top"));
            window.resize(760, 700); // within the offscreen screen, which restoreGeometry clamps to
            emit window.area()->tabCloseRequested(0);
            QTRY_VERIFY(!window.isVisible());
        }
        DetailsWindow again(&api_);
        QCOMPARE(again.size(), QSize(760, 700));
    }

private:
    berth::test::FakeEngineApi api_;
};

QTEST_MAIN(DetailsWindowTest)
#include "details_window_test.moc"
