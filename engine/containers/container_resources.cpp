// A container's resources while it runs: stats (docker stats) and live
// changes (docker update).
#include "containers/container_service.h"

#include "base/clock.h"
#include "base/files.h"
#include "containers/runtime_spec_builder.h"

#include <sstream>

namespace berth::containers {

using nlohmann::json;

namespace {

// The container's interfaces as its own network namespace counts them
// (/proc/<pid>/net/dev), in Docker's "networks" shape.
json network_stats(int pid) {
    json networks = json::object();
    auto text = read_file(std::format("/proc/{}/net/dev", pid));
    if (!text) return networks;
    std::istringstream lines(*text);
    std::string line;
    std::getline(lines, line); // two header lines
    std::getline(lines, line);
    while (std::getline(lines, line)) {
        auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::string name = line.substr(0, colon);
        name.erase(0, name.find_first_not_of(' '));
        if (name == "lo") continue;
        std::istringstream fields(line.substr(colon + 1));
        uint64_t v[16] = {};
        for (auto& value : v) fields >> value;
        networks[name] = {{"rx_bytes", v[0]},   {"rx_packets", v[1]}, {"rx_errors", v[2]}, {"rx_dropped", v[3]},
                          {"tx_bytes", v[8]},   {"tx_packets", v[9]}, {"tx_errors", v[10]}, {"tx_dropped", v[11]}};
    }
    return networks;
}

} // namespace

Result<std::pair<std::string, std::string>> ContainerService::stats_names(const std::string& reference) const {
    auto container = store_.find_snapshot(reference); // on an io thread: no copy of the record
    if (!container) return std::unexpected(container.error());
    return std::pair{"/" + (*container)->name, (*container)->id};
}

Result<json> ContainerService::stats(const std::string& reference, runtime::DockerStatsStream& stream) const {
    auto container = store_.find(reference);
    if (!container) return std::unexpected(container.error());
    if (!container->state.running() || !cgroups_) {
        // Docker answers a stopped container with its zero figures.
        runtime::StatsSample empty;
        return runtime::docker_stats_json(empty, nullptr, "/" + container->name, container->id, 0);
    }
    auto sample = runtime::take_stats_sample(*cgroups_, container->id);
    if (!sample) return std::unexpected(sample.error().wrap("reading the stats of {}", container->id));
    json out = stream.next(std::move(*sample));
    if (json networks = network_stats(container->state.pid); !networks.empty()) out["networks"] = networks;
    return out;
}

Result<json> ContainerService::update(const std::string& reference, const json& body) {
    if (!body.is_object()) return fail(ErrorCategory::Invalid, "update configuration must be a JSON object");
    auto found = store_.find(reference);
    if (!found) return std::unexpected(found.error());
    auto lock = operation_lock(found->id);
    std::lock_guard operation(*lock);
    auto container = store_.get(found->id);
    if (!container) return fail(ErrorCategory::NotFound, "No such container: {}", reference);

    static const char* kIntegerFields[] = {"Memory",    "MemorySwap", "MemoryReservation", "NanoCpus",
                                           "CpuShares", "CpuPeriod",  "CpuQuota",          "PidsLimit",
                                           "BlkioWeight", "KernelMemory", "CpuRealtimePeriod", "CpuRealtimeRuntime"};
    json changed = container->host_config;
    for (const char* key : kIntegerFields) {
        if (!body.contains(key) || body[key].is_null()) continue;
        if (!body[key].is_number_integer())
            return fail(ErrorCategory::Invalid, "json: cannot unmarshal {} into Go struct field UpdateConfig.{} of type int64",
                        body[key].type_name(), key);
        // Zero means "unchanged" in an update, as in Docker's.
        if (body[key].get<int64_t>() != 0) changed[key] = body[key];
    }
    for (const char* key : {"CpusetCpus", "CpusetMems"}) {
        if (body.contains(key) && body[key].is_string() && !body[key].get<std::string>().empty()) changed[key] = body[key];
    }
    int64_t memory = changed.value("Memory", int64_t{0});
    int64_t swap = changed.value("MemorySwap", int64_t{0});
    if (memory > 0 && memory < 6 * 1024 * 1024)
        return fail(ErrorCategory::Invalid, "Minimum memory limit allowed is 6MB");
    if (memory > 0 && swap > 0 && swap < memory) {
        bool swap_given = body.contains("MemorySwap") && body["MemorySwap"].is_number_integer() &&
                          body["MemorySwap"].get<int64_t>() != 0;
        return fail(ErrorCategory::Invalid, "{}",
                    swap_given ? "Minimum memoryswap limit should be larger than memory limit, see usage"
                               : "Memory limit should be smaller than already set memoryswap limit, update the "
                                 "memoryswap at the same time");
    }
    if (changed.value("NanoCpus", int64_t{0}) > 0 &&
        (changed.value("CpuPeriod", int64_t{0}) > 0 || changed.value("CpuQuota", int64_t{0}) > 0))
        return fail(ErrorCategory::Invalid, "Conflicting options: Nano CPUs and CPU Period cannot both be set");
    if (body.contains("RestartPolicy") && body["RestartPolicy"].is_object()) {
        std::string name = body["RestartPolicy"].value("Name", "");
        if (!name.empty()) {
            if (name != "no" && name != "always" && name != "unless-stopped" && name != "on-failure")
                return fail(ErrorCategory::Invalid, "invalid restart policy '{}'", name);
            if (container->host_config.value("AutoRemove", false) && name != "no")
                return fail(ErrorCategory::Invalid, "Restart policy cannot be updated because AutoRemove is enabled for the container");
            changed["RestartPolicy"] = body["RestartPolicy"];
        }
    }
    if (container->state.running() && cgroups_) {
        if (auto applied = cgroups_->apply(container->id, cgroup_resources(changed)); !applied)
            return std::unexpected(applied.error().wrap("Cannot update container {}", container->id));
    }
    container->host_config = changed;
    commit(*container);
    emit("update", *container);
    return json{{"Warnings", json::array()}};
}

} // namespace berth::containers
