#include "compose/cli/stats_command.h"

#include "compose/cli/flag_reader.h"
#include "compose/cli/project_or_report.h"
#include "compose/cli/stats_format.h"
#include "compose/cli/table.h"
#include "compose/converge/labels.h"

#include <chrono>
#include <cstdio>
#include <thread>
#include <ostream>
#include <sstream>

namespace berth::compose::cli {
namespace {

double number(const nlohmann::json& object, const char* key) {
    auto found = object.find(key);
    return found != object.end() && found->is_number() ? found->get<double>() : 0.0;
}

const nlohmann::json& member(const nlohmann::json& object, const char* key) {
    static const nlohmann::json kEmpty = nlohmann::json::object();
    auto found = object.find(key);
    return found != object.end() && found->is_object() ? *found : kEmpty;
}

std::string percent(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f%%", value);
    return text;
}

// The docker CLI's calculateCPUPercentUnix: the container's share of the host's
// time since the precpu sample, times the online CPUs.
double cpu_percent(const nlohmann::json& stats) {
    const auto& now = member(stats, "cpu_stats");
    const auto& before = member(stats, "precpu_stats");
    const auto& usage = member(now, "cpu_usage");
    double cpu_delta = number(usage, "total_usage") - number(member(before, "cpu_usage"), "total_usage");
    double system_delta = number(now, "system_cpu_usage") - number(before, "system_cpu_usage");
    double cpus = number(now, "online_cpus");
    if (cpus == 0.0 && usage.contains("percpu_usage") && usage["percpu_usage"].is_array())
        cpus = static_cast<double>(usage["percpu_usage"].size());
    return system_delta > 0.0 && cpu_delta > 0.0 ? cpu_delta / system_delta * cpus * 100.0 : 0.0;
}

// calculateMemUsageUnixNoCache: the page cache that can be dropped is not counted
// (cgroup v1 "total_inactive_file", v2 "inactive_file").
double memory_usage(const nlohmann::json& memory) {
    double usage = number(memory, "usage");
    const auto& detail = member(memory, "stats");
    for (const char* key : {"total_inactive_file", "inactive_file"})
        if (detail.contains(key)) {
            double inactive = number(detail, key);
            return inactive < usage ? usage - inactive : usage;
        }
    return usage;
}

std::pair<double, double> network_io(const nlohmann::json& stats) {
    double received = 0, sent = 0;
    for (const auto& [name, network] : member(stats, "networks").items()) {
        received += number(network, "rx_bytes");
        sent += number(network, "tx_bytes");
    }
    return {received, sent};
}

std::pair<double, double> block_io(const nlohmann::json& stats) {
    double read = 0, written = 0;
    const auto& blkio = member(stats, "blkio_stats");
    if (blkio.contains("io_service_bytes_recursive") && blkio["io_service_bytes_recursive"].is_array())
        for (const auto& entry : blkio["io_service_bytes_recursive"]) {
            std::string op = entry.value("op", "");
            if (op == "read" || op == "Read")
                read += number(entry, "value");
            else if (op == "write" || op == "Write")
                written += number(entry, "value");
        }
    return {read, written};
}

} // namespace

std::vector<std::string> stats_row(const nlohmann::json& stats, const std::string& id, bool no_trunc) {
    const auto& memory = member(stats, "memory_stats");
    double used = memory_usage(memory), limit = number(memory, "limit");
    auto [received, sent] = network_io(stats);
    auto [read, written] = block_io(stats);
    std::string name = stats.value("name", "");
    if (name.starts_with("/"))
        name.erase(0, 1);
    char pids[32];
    std::snprintf(pids, sizeof pids, "%.0f", number(member(stats, "pids_stats"), "current"));
    return {no_trunc ? id : id.substr(0, 12),
            name,
            percent(cpu_percent(stats)),
            binary_size(used) + " / " + binary_size(limit),
            percent(limit != 0.0 ? used / limit * 100.0 : 0.0),
            human_size(received) + " / " + human_size(sent),
            human_size(read) + " / " + human_size(written),
            pids};
}

namespace {

// The fields of one sample of every container `list_target` lists.
Result<std::vector<StatsFields>> sample_rows(api::EngineClient& client, const std::string& list_target,
                                             bool no_trunc) {
    auto list = client.get_json(list_target);
    if (!list)
        return std::unexpected(list.error());
    std::vector<StatsFields> rows;
    for (const auto& summary : *list) {
        std::string id = summary.value("Id", "");
        auto stats = client.get_json("/containers/" + id + "/stats?stream=0");
        if (!stats)
            return std::unexpected(stats.error());
        rows.push_back(stats_fields(stats_row(*stats, id, no_trunc)));
    }
    return rows;
}

} // namespace

int run_stats(const std::vector<std::string>& args, const ComposeOptions& options, const std::string& host,
              std::ostream& out, std::ostream& err) {
    bool all = false, no_stream = false, no_trunc = false;
    std::string format_text;
    std::set<std::string> services;
    FlagReader reader(args);
    std::string error;
    while (!reader.done() && error.empty()) {
        if (auto a = reader.boolean("all", "a"))
            all = *a;
        else if (auto once = reader.boolean("no-stream", ""))
            no_stream = *once;
        else if (auto whole = reader.boolean("no-trunc", ""))
            no_trunc = *whole;
        else if (auto chosen = reader.value("format", "", error))
            format_text = *chosen;
        else if (error.empty())
            reader.take_word(services, "stats", error);
    }
    if (error.empty() && services.size() > 1)
        error = "\"compose stats\" accepts at most 1 argument.";
    auto format = parse_stats_format(format_text);
    if (error.empty() && !format)
        error = format.error().message();
    if (FlagReader::reported(error, err))
        return 1;
    auto project = load_project_or_report(options, err);
    if (!project)
        return project.error();
    // docker compose filters by label only: a service it does not define just lists nothing.
    nlohmann::json filters = {{"label", {std::string(converge::kProjectLabel) + "=" + project->name}}};
    if (!services.empty())
        filters["label"].push_back(std::string(converge::kServiceLabel) + "=" + *services.begin());
    api::EngineClient client(host);
    std::string target = std::string("/containers/json?") + (all ? "all=1&" : "") +
                         "filters=" + converge::url_escape(filters.dump());
    if (no_stream) {
        auto rows = sample_rows(client, target, no_trunc);
        if (!rows)
            return report_error(rows.error(), err);
        if (auto printed = print_stats(*format, *rows, out); !printed)
            return report_error(printed.error(), err);
        return 0;
    }
    // The live view, as the docker CLI draws it: the screen cleared and the table
    // redrawn about every second, until Ctrl+C.
    for (;;) {
        auto next = std::chrono::steady_clock::now() + std::chrono::seconds(1);
        auto rows = sample_rows(client, target, no_trunc);
        if (!rows)
            return report_error(rows.error(), err);
        std::ostringstream screen;
        if (auto printed = print_stats(*format, *rows, screen); !printed)
            return report_error(printed.error(), err);
        out << "\033[2J\033[H" << screen.str();
        out << std::flush;
        std::this_thread::sleep_until(next);
    }
}

} // namespace berth::compose::cli
