// docker stats' arithmetic, checked against a sample worked by hand.
#include "ui/details/stats_point.h"

#include <QtTest/QTest>

using namespace berth::ui;
using nlohmann::json;

class StatsPointTest : public QObject {
    Q_OBJECT
private slots:
    void computesLikeDockerStats();
    void cgroupV1CacheAndLimits();
};

namespace {
json sample(const char* read, double total, double precpu, double system, double presystem, double rx, double written) {
    return {
        {"read", read},
        {"cpu_stats", {{"cpu_usage", {{"total_usage", total}}}, {"system_cpu_usage", system}, {"online_cpus", 4}}},
        {"precpu_stats", {{"cpu_usage", {{"total_usage", precpu}}}, {"system_cpu_usage", presystem}}},
        {"memory_stats", {{"usage", 100.0 * 1048576}, {"limit", 1024.0 * 1048576}, {"stats", {{"inactive_file", 30.0 * 1048576}}}}},
        {"pids_stats", {{"current", 7}}},
        {"networks", {{"eth0", {{"rx_bytes", rx}, {"tx_bytes", 10}}}, {"eth1", {{"rx_bytes", 5}, {"tx_bytes", 0}}}}},
        {"blkio_stats", {{"io_service_bytes_recursive", json::array({{{"major", 8}, {"op", "write"}, {"value", written}},
                                                                      {{"major", 8}, {"op", "read"}, {"value", 0}}})}}},
    };
}
} // namespace

void StatsPointTest::computesLikeDockerStats() {
    const json first = sample("2026-01-01T00:00:00.000000000Z", 1e9, 0.5e9, 8e9, 4e9, 1000, 0);
    // 0.5 s of CPU over 4 s of system time (1 s on 4 CPUs): docker shows 50 %.
    const json second = sample("2026-01-01T00:00:02.000000000Z", 1.5e9, 1e9, 12e9, 8e9, 5000, 4096);
    StatsPoint point = statsPoint(second, first, 0.25);
    QCOMPARE(point.cpuPercent, 50.0);
    QCOMPARE(point.cpuOfHost, 12.5);
    QCOMPARE(point.cpuOfLimit, 100.0); // capped: 0.5 of a CPU against a quarter
    QCOMPARE(point.memoryUsed, 70.0 * 1048576);
    QCOMPARE(point.memoryLimit, 1024.0 * 1048576);
    QCOMPARE(point.pids, 7.0);
    QCOMPARE(point.rxBytesPerSecond, 2000.0); // (5005 - 1005) / 2 s
    QCOMPARE(point.writeBytesPerSecond, 2048.0);
    QCOMPARE(statsPoint(first, json(), 0).cpuOfLimit, -1.0);
    QCOMPARE(statsPoint(first, json(), 0).rxBytesPerSecond, 0.0);
}

void StatsPointTest::cgroupV1CacheAndLimits() {
    json v1 = sample("2026-01-01T00:00:00Z", 0, 0, 0, 0, 0, 0);
    v1["memory_stats"]["stats"] = {{"total_inactive_file", 10.0 * 1048576}};
    QCOMPARE(statsPoint(v1, json(), 0).memoryUsed, 90.0 * 1048576);
    QCOMPARE(cpuLimit(json{{"HostConfig", {{"NanoCpus", 1500000000}}}}), 1.5);
    QCOMPARE(cpuLimit(json{{"HostConfig", {{"CpuQuota", 50000}, {"CpuPeriod", 100000}}}}), 0.5);
    QCOMPARE(cpuLimit(json{{"HostConfig", json::object()}}), 0.0);
}

QTEST_GUILESS_MAIN(StatsPointTest)
#include "stats_point_test.moc"
