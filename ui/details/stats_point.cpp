#include "ui/details/stats_point.h"

#include <QDateTime>
#include <QString>

namespace berth::ui {
namespace {

using nlohmann::json;

double number(const json& object, std::initializer_list<const char*> path) {
    const json* at = &object;
    for (const char* key : path) {
        if (!at->is_object()) return 0;
        auto found = at->find(key);
        if (found == at->end()) return 0;
        at = &*found;
    }
    return at->is_number() ? at->get<double>() : 0;
}

double readSeconds(const json& sample) {
    auto read = sample.find("read");
    if (read == sample.end() || !read->is_string()) return 0;
    const QDateTime time = QDateTime::fromString(QString::fromStdString(read->get<std::string>()), Qt::ISODateWithMs);
    return time.isValid() ? static_cast<double>(time.toMSecsSinceEpoch()) / 1000.0 : 0;
}

struct Counters {
    double rx = 0, tx = 0, read = 0, write = 0;
};

Counters counters(const json& sample) {
    Counters c;
    if (auto networks = sample.find("networks"); networks != sample.end() && networks->is_object())
        for (const auto& [name, network] : networks->items()) {
            c.rx += number(network, {"rx_bytes"});
            c.tx += number(network, {"tx_bytes"});
        }
    const json* io = nullptr;
    if (auto blkio = sample.find("blkio_stats"); blkio != sample.end() && blkio->is_object())
        if (auto entries = blkio->find("io_service_bytes_recursive"); entries != blkio->end() && entries->is_array())
            io = &*entries;
    if (io)
        for (const auto& entry : *io) {
            std::string op = entry.value("op", std::string());
            for (auto& ch : op) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            if (op == "read") c.read += number(entry, {"value"});
            else if (op == "write") c.write += number(entry, {"value"});
        }
    return c;
}

double onlineCpus(const json& sample) {
    double online = number(sample, {"cpu_stats", "online_cpus"});
    if (online > 0) return online;
    const json& cpu = sample.value("cpu_stats", json::object());
    const json& usage = cpu.value("cpu_usage", json::object());
    if (auto percpu = usage.find("percpu_usage"); percpu != usage.end() && percpu->is_array())
        return static_cast<double>(percpu->size());
    return 1;
}

} // namespace

double cpuLimit(const json& inspect) {
    const json& host = inspect.value("HostConfig", json::object());
    const double nano = number(host, {"NanoCpus"});
    if (nano > 0) return nano / 1e9;
    const double quota = number(host, {"CpuQuota"});
    const double period = number(host, {"CpuPeriod"});
    if (quota > 0) return quota / (period > 0 ? period : 100'000);
    return 0;
}

StatsPoint statsPoint(const json& sample, const json& previous, double limitCpus) {
    StatsPoint point;
    point.seconds = readSeconds(sample);
    const double cpuDelta =
        number(sample, {"cpu_stats", "cpu_usage", "total_usage"}) - number(sample, {"precpu_stats", "cpu_usage", "total_usage"});
    const double systemDelta =
        number(sample, {"cpu_stats", "system_cpu_usage"}) - number(sample, {"precpu_stats", "system_cpu_usage"});
    const double online = onlineCpus(sample);
    if (cpuDelta > 0 && systemDelta > 0) {
        point.cpuOfHost = cpuDelta / systemDelta * 100.0;
        point.cpuPercent = point.cpuOfHost * online;
    }
    if (limitCpus > 0) point.cpuOfLimit = std::min(100.0, point.cpuPercent / limitCpus);

    const double usage = number(sample, {"memory_stats", "usage"});
    double cache = number(sample, {"memory_stats", "stats", "total_inactive_file"}); // cgroup v1
    if (cache <= 0) cache = number(sample, {"memory_stats", "stats", "inactive_file"}); // v2
    point.memoryUsed = cache > 0 && cache < usage ? usage - cache : usage;
    point.memoryLimit = number(sample, {"memory_stats", "limit"});
    point.pids = number(sample, {"pids_stats", "current"});

    if (!previous.is_null()) {
        double elapsed = point.seconds - readSeconds(previous);
        if (elapsed <= 0) elapsed = 1; // docker sends one a second
        const Counters now = counters(sample);
        const Counters before = counters(previous);
        auto rate = [elapsed](double a, double b) { return a >= b ? (a - b) / elapsed : 0.0; }; // counters reset on restart
        point.rxBytesPerSecond = rate(now.rx, before.rx);
        point.txBytesPerSecond = rate(now.tx, before.tx);
        point.readBytesPerSecond = rate(now.read, before.read);
        point.writeBytesPerSecond = rate(now.write, before.write);
    }
    return point;
}

} // namespace berth::ui
