#include "daemon/system_handlers.h"

#include "base/build_info.h"
#include "base/clock.h"
#include "base/files.h"
#include "daemon/event_filters.h"
#include "daemon/host_info.h"

#include <chrono>
#include <filesystem>

namespace berth::daemon {
namespace {

using api::Exchange;
using api::Task;
namespace asio = api::asio;
namespace http = api::http;

const char* const kVersion = berth_version();
const char* const kGitCommit = berth_git_commit();

std::string compiler() {
#if defined(__clang__)
    return std::format("clang {}.{}.{}", __clang_major__, __clang_minor__, __clang_patchlevel__);
#else
    return std::format("g++ {}.{}.{}", __GNUC__, __GNUC_MINOR__, __GNUC_PATCHLEVEL__);
#endif
}

int count_open_fds() {
    std::error_code ec;
    int count = 0;
    for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec); !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
        ++count;
    return count;
}

int count_threads() {
    auto status = read_file("/proc/self/status").value_or("");
    auto at = status.find("Threads:");
    return at == std::string::npos ? 0 : std::atoi(status.c_str() + at + 8);
}

Task ping(Exchange& exchange) {
    // Docker's /_ping headers: clients read API-Version and Builder-Version from them.
    exchange.add_header("Cache-Control", "no-cache, no-store, must-revalidate");
    exchange.add_header("Pragma", "no-cache");
    exchange.add_header("Builder-Version", "1");
    exchange.add_header("Swarm", "inactive");
    co_await exchange.reply(http::status::ok, "OK", "text/plain; charset=utf-8");
}

struct EventStreamState {
    explicit EventStreamState(asio::any_io_executor executor) : timer(executor) {}
    asio::steady_timer timer;
    bool client_gone = false;
};

Task stream_events(Exchange& exchange, SystemContext& context) {
    std::optional<int64_t> since, until;
    for (auto [name, target] : {std::pair{"since", &since}, std::pair{"until", &until}}) {
        auto value = exchange.query().get(name);
        if (!value || value->empty()) continue;
        auto parsed = parse_api_timestamp(*value);
        if (!parsed) throw api::ApiException{parsed.error()};
        *target = *parsed;
    }
    auto filters = api::Filters::parse(exchange.query().get("filters").value_or(""));
    if (!filters) throw api::ApiException{filters.error()};
    auto filter = EventFilter::from(std::move(*filters));
    if (!filter) throw api::ApiException{filter.error()};

    auto state = std::make_shared<EventStreamState>(co_await asio::this_coro::executor);
    auto wake = [state] { asio::post(state->timer.get_executor(), [state] { state->timer.cancel(); }); };
    auto subscription = context.events.subscribe(since, wake);
    co_await exchange.begin_stream("application/json");
    exchange.watch_client_close([state] {
        state->client_gone = true;
        state->timer.cancel();
    });

    // `until` is a wall-clock time; wait for it on the steady clock.
    auto deadline = asio::steady_timer::time_point::max();
    if (until) {
        auto remaining = std::chrono::nanoseconds(*until - now_ns());
        deadline = std::chrono::steady_clock::now() + std::max(remaining, std::chrono::nanoseconds(0));
    }
    bool streaming = true;
    while (streaming) {
        for (const Event& event : subscription->take()) {
            if (until && event.time_ns > *until) streaming = false;
            if (!streaming || !filter->matches(event)) continue;
            streaming = co_await exchange.write_chunk(event.to_json().dump() + "\n");
        }
        if (!streaming || state->client_gone || (until && std::chrono::steady_clock::now() >= deadline)) break;
        state->timer.expires_at(deadline);
        boost::system::error_code ignored;
        co_await state->timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
    }
    co_await exchange.end_stream();
}

} // namespace

nlohmann::json version_json() {
    HostFacts host = read_host_facts();
    std::string arch = go_arch(host.architecture);
    nlohmann::json details = {
        {"ApiVersion", api::kMaxApiVersion.str()}, {"MinAPIVersion", api::kMinApiVersion.str()},
        {"GitCommit", kGitCommit},                 {"GoVersion", compiler()},
        {"Os", "linux"},                           {"Arch", arch},
        {"KernelVersion", host.kernel_version},    {"Experimental", "false"},
        {"BuildTime", ""},
    };
    return {
        {"Platform", {{"Name", "Berth Engine"}}},
        {"Components", nlohmann::json::array({{{"Name", "Engine"}, {"Version", kVersion}, {"Details", details}}})},
        {"Version", kVersion},
        {"ApiVersion", api::kMaxApiVersion.str()},
        {"MinAPIVersion", api::kMinApiVersion.str()},
        {"GitCommit", kGitCommit},
        {"GoVersion", compiler()},
        {"Os", "linux"},
        {"Arch", arch},
        {"KernelVersion", host.kernel_version},
        {"BuildTime", ""},
    };
}

// What `docker info` shows under "Registry Mirrors" and "Insecure Registries".
nlohmann::json registry_config(const DaemonConfig& config) {
    nlohmann::json index_configs = {
        {"docker.io",
         {{"Name", "docker.io"}, {"Mirrors", config.registry_mirrors}, {"Secure", true}, {"Official", true}}}};
    for (const auto& registry : config.insecure_registries)
        index_configs[registry] = {{"Name", registry}, {"Mirrors", nlohmann::json::array()}, {"Secure", false},
                                   {"Official", false}};
    return {{"InsecureRegistryCIDRs", nlohmann::json::array({"127.0.0.0/8"})},
            {"IndexConfigs", index_configs},
            {"Mirrors", config.registry_mirrors}};
}

nlohmann::json info_json(const SystemContext& context) {
    HostFacts host = read_host_facts();
    DaemonConfig config = context.config();
    ObjectCounts counts = context.counts ? context.counts() : ObjectCounts{};
    nlohmann::json driver_status = nlohmann::json::array();
    for (const auto& [key, value] : storage_driver_status(config.data_root, context.storage_driver))
        driver_status.push_back({key, value});
    return {
        {"ID", context.engine_id},
        {"Containers", counts.containers},
        {"ContainersRunning", counts.running},
        {"ContainersPaused", counts.paused},
        {"ContainersStopped", counts.stopped},
        {"Images", counts.images},
        {"Driver", context.storage_driver},
        {"DriverStatus", driver_status},
        {"Plugins",
         {{"Volume", nlohmann::json::array()},
          {"Network", nlohmann::json::array()},
          {"Authorization", nullptr},
          {"Log", nlohmann::json::array()}}},
        {"MemoryLimit", host.cgroups.memory},
        {"SwapLimit", host.cgroups.swap},
        {"CpuCfsPeriod", host.cgroups.cpu_cfs_period},
        {"CpuCfsQuota", host.cgroups.cpu_cfs_quota},
        {"CPUShares", host.cgroups.cpu_shares},
        {"CPUSet", host.cgroups.cpuset},
        {"PidsLimit", host.cgroups.pids},
        {"OomKillDisable", false},
        {"IPv4Forwarding", host.ipv4_forwarding},
        {"Debug", config.log_level == log::Level::Debug},
        {"NFd", count_open_fds()},
        {"NGoroutines", count_threads()},
        {"SystemTime", format_rfc3339_nano(now_ns())},
        {"LoggingDriver", "json-file"},
        {"CgroupDriver", "cgroupfs"},
        {"CgroupVersion", host.cgroups.version},
        {"NEventsListener", context.events.subscriber_count()},
        {"KernelVersion", host.kernel_version},
        {"OperatingSystem", host.operating_system},
        {"OSVersion", host.os_version},
        {"OSType", "linux"},
        {"Architecture", host.architecture},
        {"IndexServerAddress", "https://index.docker.io/v1/"},
        {"RegistryConfig", registry_config(config)},
        {"NCPU", host.ncpu},
        {"MemTotal", host.mem_total},
        {"DockerRootDir", config.data_root},
        {"HttpProxy", ""},
        {"HttpsProxy", ""},
        {"NoProxy", ""},
        {"Name", host.hostname},
        {"Labels", nlohmann::json::array()},
        {"ExperimentalBuild", false},
        {"ServerVersion", kVersion},
        {"Runtimes", nlohmann::json::object()},
        {"DefaultRuntime", "berth"},
        {"Swarm",
         {{"NodeID", ""}, {"NodeAddr", ""}, {"LocalNodeState", "inactive"}, {"ControlAvailable", false},
          {"Error", ""}, {"RemoteManagers", nullptr}}},
        {"LiveRestoreEnabled", false},
        {"Isolation", ""},
        {"InitBinary", ""},
        {"ContainerdCommit", {{"ID", ""}}},
        {"RuncCommit", {{"ID", ""}}},
        {"InitCommit", {{"ID", ""}}},
        {"SecurityOptions", nlohmann::json::array()},
        {"Warnings", nlohmann::json::array()},
    };
}

void add_system_routes(api::Router& router, SystemContext& context) {
    router.add(http::verb::get, "/_ping", ping);
    router.add(http::verb::head, "/_ping", ping);
    router.add(http::verb::get, "/version",
               [](Exchange& exchange) -> Task { co_await exchange.reply_json(http::status::ok, version_json()); });
    router.add(http::verb::get, "/info", [&context](Exchange& exchange) -> Task {
        co_await exchange.reply_json(http::status::ok, info_json(context));
    });
    router.add(http::verb::get, "/events",
               [&context](Exchange& exchange) -> Task { co_await stream_events(exchange, context); });
}

} // namespace berth::daemon
