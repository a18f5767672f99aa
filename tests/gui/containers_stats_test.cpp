// The Containers table's CPU/memory sampler over the fake engine: few requests
// in flight, the CPU % from two one-shot samples, nothing asked while inactive.
#include "fake_engine_api.h"

#include "ui/models/containers_model.h"
#include "ui/models/containers_stats.h"

#include <QAbstractItemModelTester>

#include <QSignalSpy>
#include <QtTest/QTest>

using namespace berth;
using nlohmann::json;

class ContainersStatsTest : public QObject {
    Q_OBJECT
private slots:
    void boundsRequestsInFlight();
    void cpuFromTwoOneShotSamples();
    void inactiveAsksNothing();
    void modelColumnsFromStats();
};

namespace {

// A one-shot sample: precpu_stats empty, as Docker sends it.
json oneShot(const char* read, double total, double system, double usedMiB) {
    return {
        {"read", read},
        {"cpu_stats", {{"cpu_usage", {{"total_usage", total}}}, {"system_cpu_usage", system}, {"online_cpus", 4}}},
        {"precpu_stats", json::object()},
        {"memory_stats", {{"usage", usedMiB * 1048576}, {"limit", 512.0 * 1048576}, {"stats", {{"inactive_file", 0}}}}},
    };
}

int statsCalls(const test::FakeEngineApi& api) {
    return static_cast<int>(api.calls.filter(QStringLiteral("stats ")).size());
}

} // namespace

void ContainersStatsTest::boundsRequestsInFlight() {
    test::FakeEngineApi api;
    QStringList running;
    for (int i = 0; i < 10; ++i) {
        running << QStringLiteral("c%1").arg(i);
        api.statsSamples[running.last()] = oneShot("2026-01-01T00:00:00Z", 1e9, 8e9, 10);
    }
    api.holdStats = true;
    ui::ContainersStats stats(&api, [&] { return running; });
    stats.sampleRound();
    QCOMPARE(stats.inFlight(), ui::ContainersStats::kMaxInFlight);
    QCOMPARE(statsCalls(api), ui::ContainersStats::kMaxInFlight);
    stats.sampleRound(); // a second round does not ask twice for what is pending
    QCOMPARE(statsCalls(api), ui::ContainersStats::kMaxInFlight);
    // Each answer lets the next queued container be asked, never more than the bound at once.
    for (int round = 0; round < 3; ++round) {
        api.releaseStats();
        QTRY_VERIFY(stats.inFlight() == ui::ContainersStats::kMaxInFlight || statsCalls(api) == 10);
        QVERIFY(stats.inFlight() <= ui::ContainersStats::kMaxInFlight);
    }
    QCOMPARE(statsCalls(api), 10);
    api.releaseStats();
    QTRY_COMPARE(stats.inFlight(), 0);
    QCOMPARE(statsCalls(api), 10);
    QVERIFY(stats.point(QStringLiteral("c9")).has_value());
    QCOMPARE(stats.point(QStringLiteral("c9"))->memoryUsed, 10.0 * 1048576);
    QCOMPARE(stats.point(QStringLiteral("c9"))->memoryLimit, 512.0 * 1048576);
    QVERIFY(!stats.hasCpu(QStringLiteral("c9")));
}

void ContainersStatsTest::cpuFromTwoOneShotSamples() {
    test::FakeEngineApi api;
    const QString id = QStringLiteral("web");
    QStringList running{id};
    api.statsSamples[id] = oneShot("2026-01-01T00:00:00Z", 1e9, 8e9, 20);
    ui::ContainersStats stats(&api, [&] { return running; });
    QSignalSpy updated(&stats, &ui::ContainersStats::updated);
    stats.sampleRound();
    QTRY_COMPARE(updated.size(), 1);
    QCOMPARE(stats.point(id)->cpuPercent, 0.0);
    // 0.5 s of CPU over 4 s of system time on 4 CPUs: docker stats shows 50 %.
    api.statsSamples[id] = oneShot("2026-01-01T00:00:03Z", 1.5e9, 12e9, 30);
    stats.sampleRound();
    QTRY_COMPARE(updated.size(), 2);
    QVERIFY(stats.hasCpu(id));
    QCOMPARE(stats.point(id)->cpuPercent, 50.0);
    QCOMPARE(stats.point(id)->memoryUsed, 30.0 * 1048576);
    // Stopped: forgotten, so a restart starts a fresh CPU window.
    running.clear();
    stats.sampleRound();
    QVERIFY(!stats.point(id).has_value());
    QVERIFY(!stats.hasCpu(id));
}

void ContainersStatsTest::inactiveAsksNothing() {
    test::FakeEngineApi api;
    QStringList running{QStringLiteral("a")};
    api.statsSamples[QStringLiteral("a")] = oneShot("2026-01-01T00:00:00Z", 1e9, 8e9, 1);
    ui::ContainersStats stats(&api, [&] { return running; });
    stats.setInterval(std::chrono::milliseconds(20));
    QTest::qWait(100);
    QCOMPARE(statsCalls(api), 0);
    stats.setActive(true); // a round at once, then one per interval
    QCOMPARE(statsCalls(api), 1);
    QTRY_VERIFY(statsCalls(api) >= 3);
    stats.setActive(false);
    QTRY_COMPARE(stats.inFlight(), 0);
    const int asked = statsCalls(api);
    QTest::qWait(100);
    QCOMPARE(statsCalls(api), asked);
}

void ContainersStatsTest::modelColumnsFromStats() {
    test::FakeEngineApi api;
    const std::string web(64, '1');
    const std::string old(64, '2');
    api.containers = {test::makeContainer(web, "web", "running"), test::makeContainer(old, "old", "exited")};
    ui::ContainersModel model(&api);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ui::ContainersStats stats(&api, [&] { return QStringList{QString::fromStdString(web)}; });
    model.setStats(&stats);
    model.reload();
    QTRY_COMPARE(model.rowCount(), 2);
    const int webRow = model.rowOf(QString::fromStdString(web));
    const int oldRow = model.rowOf(QString::fromStdString(old));
    auto text = [&](int row, int column) { return model.index(row, column).data().toString(); };
    QCOMPARE(model.headerData(ui::ContainersModel::Cpu, Qt::Horizontal).toString(), QStringLiteral("CPU %"));
    QCOMPARE(text(webRow, ui::ContainersModel::Memory), QString()); // not sampled yet

    api.statsSamples[QString::fromStdString(web)] = oneShot("2026-01-01T00:00:00Z", 1e9, 8e9, 64);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    stats.sampleRound();
    QTRY_VERIFY(!changed.isEmpty());
    QCOMPARE(text(webRow, ui::ContainersModel::Memory), QStringLiteral("64.0 MiB / 512.0 MiB"));
    QCOMPARE(text(webRow, ui::ContainersModel::Cpu), QString()); // one sample: no CPU % yet
    api.statsSamples[QString::fromStdString(web)] = oneShot("2026-01-01T00:00:03Z", 1.5e9, 12e9, 64);
    stats.sampleRound();
    QTRY_COMPARE(text(webRow, ui::ContainersModel::Cpu), QStringLiteral("50.0 %"));
    QCOMPARE(model.index(webRow, ui::ContainersModel::Cpu).data(ui::ContainersModel::SortRole).toDouble(), 50.0);
    QCOMPARE(text(oldRow, ui::ContainersModel::Cpu), QString()); // stopped: empty
    QCOMPARE(text(oldRow, ui::ContainersModel::Memory), QString());
}

QTEST_MAIN(ContainersStatsTest)
#include "containers_stats_test.moc"
