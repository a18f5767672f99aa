// Docker's healthchecks: the image's HEALTHCHECK or the --health-* flags run
// as execs in the container every interval; the outcome goes into
// State.Health (status, failing streak, the last five probes) and, on a
// change, a "health_status: ..." event.
#include "containers/container_service.h"

#include "base/clock.h"
#include "base/log.h"
#include "logs/stream_framing.h"

#include <csignal>
#include <poll.h>
#include <thread>

namespace berth::containers {

using nlohmann::json;

namespace {

constexpr int64_t kSecond = 1'000'000'000;
constexpr size_t kMaxOutput = 4096; // Docker keeps this much of a probe's output
constexpr size_t kKeptProbes = 5;

int64_t duration(const json& healthcheck, const char* key, int64_t fallback) {
    auto found = healthcheck.find(key);
    if (found == healthcheck.end() || !found->is_number_integer() || found->get<int64_t>() <= 0) return fallback;
    return found->get<int64_t>();
}

// ["CMD", args...] runs as is; ["CMD-SHELL", "cmd"] through /bin/sh -c. Empty: none.
std::vector<std::string> probe_command(const json& healthcheck) {
    std::vector<std::string> test;
    for (const auto& word : healthcheck.value("Test", json::array()))
        if (word.is_string()) test.push_back(word.get<std::string>());
    if (test.empty() || test[0] == "NONE") return {};
    if (test[0] == "CMD-SHELL") return test.size() > 1 ? std::vector<std::string>{"/bin/sh", "-c", test[1]} : test;
    if (test[0] == "CMD") test.erase(test.begin());
    return test;
}

} // namespace

void ContainerService::start_health_checks(const Container& container) {
    json healthcheck = container.config.value("Healthcheck", json());
    if (!healthcheck.is_object() || probe_command(healthcheck).empty()) return;
    std::thread(&ContainerService::run_health_checks, this, container.id, container.state.started_at, healthcheck)
        .detach();
}

bool ContainerService::same_run(const std::string& id, const std::string& started_at) const {
    std::lock_guard state(mutex_);
    if (shutting_down_) return false;
    auto container = store_.get(id);
    return container && container->state.running() && container->state.started_at == started_at;
}

ContainerService::ProbeResult ContainerService::run_probe(const std::string& id, const std::vector<std::string>& command,
                                                          int64_t timeout_ns) {
    ProbeResult result;
    json body{{"Cmd", command}, {"AttachStdout", true}, {"AttachStderr", true}};
    auto exec_id = exec_create(id, body);
    if (!exec_id) {
        result.output = exec_id.error().message();
        return result;
    }
    UniqueFd output;
    auto started = exec_start(*exec_id, false, [&output](Result<UniqueFd> fd) {
        if (fd) output = std::move(*fd);
    });
    if (!started || !output) {
        result.output = started ? "the probe did not start" : started.error().message();
        std::lock_guard state(mutex_);
        execs_.erase(*exec_id);
        return result;
    }
    logs::FrameDecoder frames;
    int64_t deadline = now_ns() + timeout_ns;
    bool timed_out = false;
    while (true) {
        int64_t left_ms = (deadline - now_ns()) / 1'000'000;
        if (left_ms <= 0) {
            timed_out = true;
            break;
        }
        pollfd ready{output.get(), POLLIN, 0};
        if (::poll(&ready, 1, static_cast<int>(std::min<int64_t>(left_ms, 1000))) <= 0) continue;
        char buffer[4096];
        ssize_t n = ::read(output.get(), buffer, sizeof(buffer));
        if (n <= 0) break;
        frames.feed(std::string_view(buffer, static_cast<size_t>(n)));
        while (auto frame = frames.next()) {
            if (!*frame) break;
            if (result.output.size() < kMaxOutput) result.output += (*frame)->payload.substr(0, kMaxOutput - result.output.size());
        }
    }
    if (timed_out) {
        std::lock_guard state(mutex_);
        if (auto found = execs_.find(*exec_id); found != execs_.end() && found->second.pid > 0)
            ::kill(found->second.pid, SIGKILL);
        result.exit_code = -1;
        result.output = std::format("Health check exceeded timeout ({}s)", timeout_ns / kSecond);
    } else if (auto inspected = exec_inspect(*exec_id); inspected && (*inspected)["ExitCode"].is_number()) {
        result.exit_code = (*inspected)["ExitCode"].get<int>();
    }
    std::lock_guard state(mutex_);
    execs_.erase(*exec_id);
    return result;
}

void ContainerService::run_health_checks(std::string id, std::string started_at, json healthcheck) {
    std::vector<std::string> command = probe_command(healthcheck);
    int64_t interval = duration(healthcheck, "Interval", 30 * kSecond);
    int64_t timeout = duration(healthcheck, "Timeout", 30 * kSecond);
    int64_t start_period = duration(healthcheck, "StartPeriod", 0);
    int64_t start_interval = duration(healthcheck, "StartInterval", 5 * kSecond);
    int64_t retries = duration(healthcheck, "Retries", 3);
    int64_t run_started = parse_api_timestamp(started_at).value_or(now_ns());
    while (true) {
        bool in_start_period = now_ns() - run_started < start_period;
        int64_t wait = in_start_period && healthcheck.contains("StartInterval") ? start_interval : interval;
        // Sleep in slices so a stopped container ends its checker promptly.
        for (int64_t slept = 0; slept < wait; slept += 100'000'000) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            if (!same_run(id, started_at)) return;
        }
        std::string start = format_rfc3339_nano(now_ns());
        ProbeResult probe = run_probe(id, command, timeout);
        std::string end = format_rfc3339_nano(now_ns());
        in_start_period = now_ns() - run_started < start_period;

        auto lock = operation_lock(id);
        std::unique_lock operation(*lock);
        if (!same_run(id, started_at)) return;
        auto container = store_.get(id);
        if (!container) return;
        ContainerState& state = container->state;
        state.health_log.push_back({{"Start", start}, {"End", end}, {"ExitCode", probe.exit_code}, {"Output", probe.output}});
        while (state.health_log.size() > kKeptProbes) state.health_log.erase(state.health_log.begin());
        std::string before = state.health_status;
        if (probe.exit_code == 0) {
            state.health_status = "healthy";
            state.failing_streak = 0;
        } else if (!in_start_period) {
            // Failures in the start period do not count, as Docker's.
            if (++state.failing_streak >= retries) state.health_status = "unhealthy";
        }
        commit(*container);
        operation.unlock();
        if (state.health_status != before) emit("health_status: " + state.health_status, *container);
    }
}

} // namespace berth::containers
