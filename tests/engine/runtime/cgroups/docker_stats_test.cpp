// The stats JSON in dockerd's shape for each hierarchy, checked field by field
// and through the docker CLI's own arithmetic (cli/command/container/stats_helpers.go).
#include "runtime/cgroups/docker_stats.h"

#include <gtest/gtest.h>

namespace berth::runtime {
namespace {

using nlohmann::json;

constexpr int64_t kSecond = 1'000'000'000;
constexpr uint64_t kMachineMemory = 1ull << 30;

// The docker CLI's CPU %: the container's share of the host's CPU time between
// the two samples of one object, scaled by the online CPUs.
double cli_cpu_percent(const json& v) {
    double cpu_delta = v["cpu_stats"]["cpu_usage"]["total_usage"].get<double>() -
                       v["precpu_stats"]["cpu_usage"]["total_usage"].get<double>();
    double system_delta =
        v["cpu_stats"].value("system_cpu_usage", 0.0) - v["precpu_stats"].value("system_cpu_usage", 0.0);
    double online = v["cpu_stats"].value("online_cpus", 0.0);
    if (online == 0.0) online = static_cast<double>(v["cpu_stats"]["cpu_usage"].value("percpu_usage", json::array()).size());
    if (system_delta > 0.0 && cpu_delta > 0.0) return cpu_delta / system_delta * online * 100.0;
    return 0.0;
}

// The docker CLI's memory usage: usage without the inactive page cache.
double cli_memory_usage(const json& memory) {
    auto usage = memory.value("usage", uint64_t{0});
    const json& stats = memory.contains("stats") ? memory["stats"] : json::object();
    if (stats.contains("total_inactive_file")) {
        auto cache = stats["total_inactive_file"].get<uint64_t>();
        if (cache < usage) return static_cast<double>(usage - cache);
    }
    auto cache = stats.value("inactive_file", uint64_t{0});
    if (cache < usage) return static_cast<double>(usage - cache);
    return static_cast<double>(usage);
}

// The docker CLI's BLOCK I/O column: ops by their first letter.
std::pair<uint64_t, uint64_t> cli_block_io(const json& blkio) {
    uint64_t read = 0, write = 0;
    const json& entries = blkio["io_service_bytes_recursive"];
    if (entries.is_null()) return {0, 0};
    for (const auto& e : entries) {
        std::string op = e["op"];
        if (op.empty()) continue;
        if (op[0] == 'r' || op[0] == 'R') read += e["value"].get<uint64_t>();
        if (op[0] == 'w' || op[0] == 'W') write += e["value"].get<uint64_t>();
    }
    return {read, write};
}

StatsSample v1_sample(int64_t read_ns, uint64_t cpu_ns, uint64_t system_ns) {
    StatsSample s;
    s.read_ns = read_ns;
    s.cgroup.version = "1";
    s.cgroup.cpu.total_ns = cpu_ns;
    s.cgroup.cpu.percpu_ns = {cpu_ns / 2, cpu_ns - cpu_ns / 2};
    s.cgroup.cpu.user_ns = cpu_ns / 10 * 6;
    s.cgroup.cpu.system_ns = cpu_ns / 10 * 3;
    s.cgroup.cpu.periods = 10;
    s.cgroup.cpu.throttled_periods = 2;
    s.cgroup.cpu.throttled_time_ns = 5000;
    s.cgroup.memory.usage = 10 << 20;
    s.cgroup.memory.max_usage = 20 << 20;
    s.cgroup.memory.limit = 64 << 20;
    s.cgroup.memory.stat = {{"cache", 4096}, {"total_inactive_file", 2 << 20}, {"shmem", 0}};
    s.cgroup.blkio.service_bytes = {{8, 0, "Read", 4096}, {8, 0, "Write", 8192}, {8, 0, "Total", 12288}};
    s.cgroup.blkio.serviced = {{8, 0, "Read", 1}, {8, 0, "Write", 2}};
    s.cgroup.pids.current = 4;
    s.host.system_cpu_usage_ns = system_ns;
    s.host.online_cpus = 4;
    return s;
}

StatsSample v2_sample() {
    StatsSample s;
    s.read_ns = 1'700'000'000 * kSecond + kSecond / 2;
    s.cgroup.version = "2";
    s.cgroup.cpu.total_ns = 1'500'000;
    s.cgroup.cpu.user_ns = 1'000'000;
    s.cgroup.cpu.system_ns = 500'000;
    s.cgroup.cpu.periods = 4;
    s.cgroup.cpu.throttled_periods = 1;
    s.cgroup.cpu.throttled_time_ns = 250'000;
    s.cgroup.memory.usage = 10 << 20;
    s.cgroup.memory.failcnt = 1;
    s.cgroup.memory.stat = {{"anon", 4096}, {"inactive_file", 2 << 20}, {"zswap", 0}};
    s.cgroup.blkio.service_bytes = {{8, 0, "read", 4096}, {8, 0, "write", 8192}};
    s.cgroup.blkio.serviced = {{8, 0, "read", 1}, {8, 0, "write", 2}};
    s.cgroup.pids.current = 3;
    s.host.system_cpu_usage_ns = 100'000'000'000'000;
    s.host.online_cpus = 4;
    return s;
}

TEST(DockerStatsJson, V2FirstSampleHasDockerdsShape) {
    json out = docker_stats_json(v2_sample(), nullptr, "/web", "0123abcd", kMachineMemory);
    json stats = out["memory_stats"]["stats"];
    EXPECT_EQ(stats.size(), 31u) << "dockerd's v2 keys, always all of them";
    EXPECT_EQ(stats["inactive_file"], 2 << 20);
    EXPECT_EQ(stats["anon"], 4096);
    EXPECT_EQ(stats["pgfault"], 0);
    EXPECT_FALSE(stats.contains("zswap")) << "keys dockerd does not copy stay out";
    out["memory_stats"].erase("stats");
    json expected = json::parse(R"({
      "read": "2023-11-14T22:13:20.5Z",
      "preread": "0001-01-01T00:00:00Z",
      "pids_stats": {"current": 3, "limit": 18446744073709551615},
      "blkio_stats": {
        "io_service_bytes_recursive": [{"major": 8, "minor": 0, "op": "read", "value": 4096},
                                       {"major": 8, "minor": 0, "op": "write", "value": 8192}],
        "io_serviced_recursive": null, "io_queue_recursive": null, "io_service_time_recursive": null,
        "io_wait_time_recursive": null, "io_merged_recursive": null, "io_time_recursive": null,
        "sectors_recursive": null},
      "num_procs": 0,
      "storage_stats": {},
      "cpu_stats": {
        "cpu_usage": {"total_usage": 1500000, "usage_in_kernelmode": 500000, "usage_in_usermode": 1000000},
        "system_cpu_usage": 100000000000000,
        "online_cpus": 4,
        "throttling_data": {"periods": 4, "throttled_periods": 1, "throttled_time": 250000}},
      "precpu_stats": {
        "cpu_usage": {"total_usage": 0, "usage_in_kernelmode": 0, "usage_in_usermode": 0},
        "throttling_data": {"periods": 0, "throttled_periods": 0, "throttled_time": 0}},
      "memory_stats": {"usage": 10485760, "failcnt": 1, "limit": 1073741824},
      "name": "/web",
      "id": "0123abcd"
    })");
    EXPECT_EQ(out, expected) << out.dump(2);
}

TEST(DockerStatsJson, V1HasPercpuMaxUsageAndEveryBlkioList) {
    StatsSample before = v1_sample(1'700'000'000 * kSecond, 1'000'000'000, 100'000'000'000'000);
    StatsSample now = v1_sample(1'700'000'001 * kSecond, 1'500'000'000, 100'004'000'000'000);
    json out = docker_stats_json(now, &before, "/web", "0123abcd", kMachineMemory);
    EXPECT_EQ(out["read"], "2023-11-14T22:13:21Z");
    EXPECT_EQ(out["preread"], "2023-11-14T22:13:20Z");
    EXPECT_EQ(out["cpu_stats"]["cpu_usage"]["percpu_usage"], json::parse("[750000000, 750000000]"));
    EXPECT_EQ(out["cpu_stats"]["cpu_usage"]["usage_in_usermode"], 900'000'000);
    EXPECT_EQ(out["cpu_stats"]["cpu_usage"]["usage_in_kernelmode"], 450'000'000);
    EXPECT_EQ(out["precpu_stats"]["cpu_usage"]["total_usage"], 1'000'000'000);
    EXPECT_EQ(out["precpu_stats"]["system_cpu_usage"], 100'000'000'000'000);
    EXPECT_EQ(out["precpu_stats"]["online_cpus"], 4);
    EXPECT_EQ(out["memory_stats"]["usage"], 10 << 20);
    EXPECT_EQ(out["memory_stats"]["max_usage"], 20 << 20);
    EXPECT_EQ(out["memory_stats"]["limit"], 64 << 20);
    EXPECT_FALSE(out["memory_stats"].contains("failcnt")) << "omitempty";
    EXPECT_EQ(out["memory_stats"]["stats"].size(), 32u) << "dockerd's v1 keys";
    EXPECT_EQ(out["memory_stats"]["stats"]["total_inactive_file"], 2 << 20);
    EXPECT_EQ(out["memory_stats"]["stats"]["hierarchical_memsw_limit"], 0);
    EXPECT_EQ(out["pids_stats"], json::parse(R"({"current": 4})")) << "v1's \"max\" reads as 0 and is left out";
    json blkio = out["blkio_stats"];
    EXPECT_EQ(blkio["io_service_bytes_recursive"].size(), 3u);
    EXPECT_EQ(blkio["io_service_bytes_recursive"][0], json::parse(R"({"major":8,"minor":0,"op":"Read","value":4096})"));
    EXPECT_EQ(blkio["io_serviced_recursive"].size(), 2u);
    EXPECT_EQ(blkio["sectors_recursive"], json::array()) << "dockerd copies v1's lists: [] not null";
}

TEST(DockerStatsJson, DockerCliArithmeticV1) {
    // 0.5 s of CPU over 4 s of host CPU time on 4 CPUs: one CPU's worth, 100 %.
    StatsSample before = v1_sample(1'700'000'000 * kSecond, 1'000'000'000, 100'000'000'000'000);
    StatsSample now = v1_sample(1'700'000'001 * kSecond, 1'500'000'000, 100'002'000'000'000);
    json out = docker_stats_json(now, &before, "/web", "id", kMachineMemory);
    EXPECT_DOUBLE_EQ(cli_cpu_percent(out), 100.0);
    EXPECT_DOUBLE_EQ(cli_memory_usage(out["memory_stats"]), 8 << 20) << "10 MiB minus 2 MiB total_inactive_file";
    EXPECT_DOUBLE_EQ(cli_memory_usage(out["memory_stats"]) / out["memory_stats"]["limit"].get<double>() * 100, 12.5);
    EXPECT_EQ(cli_block_io(out["blkio_stats"]), (std::pair<uint64_t, uint64_t>{4096, 8192}))
        << "Total is neither read nor write";
}

TEST(DockerStatsJson, DockerCliArithmeticV2) {
    StatsSample before = v2_sample();
    StatsSample now = v2_sample();
    now.read_ns += kSecond;
    now.cgroup.cpu.total_ns += 250'000'000;                 // a quarter of a CPU second
    now.host.system_cpu_usage_ns += 4 * kSecond;            // 4 CPUs for one second
    json out = docker_stats_json(now, &before, "/web", "id", kMachineMemory);
    EXPECT_DOUBLE_EQ(cli_cpu_percent(out), 25.0);
    EXPECT_DOUBLE_EQ(cli_memory_usage(out["memory_stats"]), 8 << 20) << "10 MiB minus 2 MiB inactive_file";
    EXPECT_EQ(out["memory_stats"]["limit"], kMachineMemory) << "\"max\" capped at the machine's memory";
    EXPECT_EQ(cli_block_io(out["blkio_stats"]), (std::pair<uint64_t, uint64_t>{4096, 8192}));
}

TEST(DockerStatsJson, FirstSampleGivesNoCpuPercent) {
    json out = docker_stats_json(v2_sample(), nullptr, "/web", "id", kMachineMemory);
    // precpu is zero, so the CLI would divide the whole uptime: dockerd's
    // stream=false waits for a second sample for this reason (one-shot does not).
    EXPECT_GT(cli_cpu_percent(out), 0.0);
    EXPECT_EQ(out["precpu_stats"].value("system_cpu_usage", uint64_t{0}), 0u);
}

TEST(DockerStatsJson, LimitsAboveTheMachineAreCapped) {
    StatsSample s = v1_sample(kSecond, 1, 1);
    s.cgroup.memory.limit = 9223372036854771712ull; // v1's "no limit"
    EXPECT_EQ(docker_stats_json(s, nullptr, "", "", kMachineMemory)["memory_stats"]["limit"], kMachineMemory);
    EXPECT_EQ(docker_stats_json(s, nullptr, "", "", 0)["memory_stats"]["limit"], 9223372036854771712ull)
        << "machine memory unknown: as read";
    json nameless = docker_stats_json(s, nullptr, "", "", 0);
    EXPECT_FALSE(nameless.contains("name"));
    EXPECT_FALSE(nameless.contains("id"));
}

TEST(DockerStatsJson, EmptyIoStatIsNullOnV2) {
    StatsSample s = v2_sample();
    s.cgroup.blkio = {};
    json out = docker_stats_json(s, nullptr, "/web", "id", kMachineMemory);
    EXPECT_TRUE(out["blkio_stats"]["io_service_bytes_recursive"].is_null());
}

TEST(DockerStatsStream, EachObjectCarriesTheSampleBefore) {
    DockerStatsStream stream("/web", "id", kMachineMemory);
    StatsSample first = v1_sample(1'700'000'000 * kSecond, 1'000'000'000, 100'000'000'000'000);
    StatsSample second = v1_sample(1'700'000'001 * kSecond, 1'500'000'000, 100'002'000'000'000);
    json a = stream.next(first);
    EXPECT_EQ(a["preread"], "0001-01-01T00:00:00Z");
    EXPECT_TRUE(stream.has_previous());
    json b = stream.next(second);
    EXPECT_EQ(b["preread"], "2023-11-14T22:13:20Z");
    EXPECT_EQ(b["precpu_stats"], a["cpu_stats"]);
    EXPECT_DOUBLE_EQ(cli_cpu_percent(b), 100.0);
}

TEST(ProcStat, SumsTheFirstSevenFieldsAndCountsCpus) {
    auto usage = parse_proc_stat("cpu  100 5 50 1000 10 1 2 7 0 0\n"
                                 "cpu0 50 2 25 500 5 1 1 3 0 0\n"
                                 "cpu1 50 3 25 500 5 0 1 4 0 0\n"
                                 "intr 12345 0 0\n"
                                 "cpu9 this line is not one of the cpu lines\n");
    ASSERT_TRUE(usage) << usage.error().message();
    // (100+5+50+1000+10+1+2) ticks of 10 ms; steal (7) is left out as dockerd leaves it.
    EXPECT_EQ(usage->system_cpu_usage_ns, uint64_t{1168} * 10'000'000u);
    EXPECT_EQ(usage->online_cpus, 2u);
    EXPECT_FALSE(parse_proc_stat("cpu  1 2 3\n"));
    EXPECT_FALSE(parse_proc_stat("intr 1\n"));
}

TEST(ProcStat, ThisHostsIsReadable) {
    auto usage = read_system_cpu_usage();
    ASSERT_TRUE(usage) << usage.error().message();
    EXPECT_GT(usage->system_cpu_usage_ns, 0u);
    EXPECT_GE(usage->online_cpus, 1u);
}

} // namespace
} // namespace berth::runtime
