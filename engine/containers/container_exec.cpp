// docker exec: a process in a running container's namespaces and cgroup, run by
// a monitor of its own (berth-monitor in exec mode) with the container's
// capabilities, seccomp filter and limits, as Docker gives an exec.
#include "containers/container_service.h"

#include "base/files.h"
#include "base/go_errno.h"
#include "base/ids.h"
#include "base/log.h"
#include "containers/config/user_lookup.h"
#include "monitor/monitor_client.h"

#include <filesystem>

namespace berth::containers {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::vector<std::string> strings(const json& value) {
    std::vector<std::string> out;
    if (value.is_array())
        for (const auto& item : value)
            if (item.is_string()) out.push_back(item.get<std::string>());
    return out;
}

// The container's monitor.json holds the spec its init runs with: an exec starts from it.
Result<monitor::MonitorConfig> container_monitor_config(const Container& container) {
    auto text = read_file(monitor::config_path(container.bundle));
    if (!text) return std::unexpected(text.error());
    auto parsed = json::parse(*text, nullptr, false);
    if (parsed.is_discarded()) return fail(ErrorCategory::System, "the container's monitor configuration is unreadable");
    return monitor::monitor_config_from_json(parsed);
}

} // namespace

Result<std::string> ContainerService::exec_create(const std::string& reference, const json& body) {
    auto found = store_.find_snapshot(reference); // on an io thread: no copy of the record
    if (!found) return std::unexpected(found.error());
    const auto& container = *found;
    if (container->state.status == "paused")
        return fail(ErrorCategory::Conflict, "Container {} is paused, unpause the container before exec",
                    container->id);
    if (!container->state.running() || container->state.status == "restarting")
        return fail(ErrorCategory::Conflict, "Container {} is not running", container->id);
    if (!body.is_object()) return fail(ErrorCategory::Invalid, "exec configuration must be a JSON object");
    if (strings(body.value("Cmd", json::array())).empty())
        return fail(ErrorCategory::Invalid, "No exec command specified");
    ExecInstance exec;
    exec.id = random_hex(32);
    exec.container_id = container->id;
    exec.body = body;
    exec.bundle = container->bundle + "/exec/" + exec.id;
    std::lock_guard state(mutex_);
    execs_[exec.id] = exec;
    return exec.id;
}

Result<bool> ContainerService::exec_tty(const std::string& exec_id) const {
    std::lock_guard state(mutex_);
    auto found = execs_.find(exec_id);
    if (found == execs_.end()) return fail(ErrorCategory::NotFound, "No such exec instance: {}", exec_id);
    return found->second.body.value("Tty", false);
}

Result<> ContainerService::exec_start(const std::string& exec_id, bool detach,
                                      std::function<void(Result<UniqueFd>)> deliver) {
    ExecInstance exec;
    {
        std::lock_guard state(mutex_);
        auto found = execs_.find(exec_id);
        if (found == execs_.end()) return fail(ErrorCategory::NotFound, "No such exec instance: {}", exec_id);
        if (found->second.started)
            return fail(ErrorCategory::Conflict, "Error: Exec command {} is already running", exec_id);
        found->second.started = true;
        exec = found->second;
    }
    auto container = store_.get(exec.container_id);
    if (!container || container->state.status != "running")
        return fail(ErrorCategory::Conflict, "Container {} is not running", exec.container_id);
    auto base = container_monitor_config(*container);
    if (!base) return std::unexpected(base.error().wrap("preparing the exec"));

    const json& body = exec.body;
    runtime::ProcessSpec process = base->spec.process;
    process.args = strings(body.value("Cmd", json::array()));
    for (const auto& entry : strings(body.value("Env", json::array()))) {
        std::string key = entry.substr(0, entry.find('='));
        std::erase_if(process.env, [&](const std::string& existing) { return existing.substr(0, existing.find('=')) == key; });
        process.env.push_back(entry);
    }
    if (std::string dir = body.value("WorkingDir", ""); !dir.empty()) process.cwd = dir;
    else process.cwd = container->config.value("WorkingDir", "").empty() ? "/" : container->config.value("WorkingDir", "");
    process.terminal = body.value("Tty", false);
    if (std::string user = body.value("User", ""); !user.empty()) {
        // Resolved against the container's own files, as it sees them now.
        auto passwd = read_file(container->rootfs + "/etc/passwd").value_or("");
        auto group = read_file(container->rootfs + "/etc/group").value_or("");
        auto resolved = config::resolve_process_user(user, {}, passwd, group);
        if (!resolved) return std::unexpected(resolved.error());
        process.uid = resolved->uid;
        process.gid = resolved->gid;
        process.additional_gids = resolved->additional_gids;
    }
    if (body.value("Privileged", false)) {
        process.capabilities = runtime::available_capabilities();
        process.seccomp.reset();
    }

    std::error_code ec;
    fs::create_directories(exec.bundle, ec);
    if (ec) return fail(ErrorCategory::System, "creating {}: {}", exec.bundle, go_error_text(ec));
    monitor::MonitorConfig config = *base;
    config.spec.process = std::move(process);
    config.exec_in_pid = container->state.pid;
    config.tty = body.value("Tty", false);
    config.console_rows = config.console_cols = 0;
    if (auto size = body.find("ConsoleSize"); size != body.end() && size->is_array() && size->size() == 2 &&
                                              (*size)[0].is_number_unsigned()) {
        config.console_rows = (*size)[0].get<unsigned>();
        config.console_cols = (*size)[1].get<unsigned>();
    }
    config.open_stdin = body.value("AttachStdin", false) && !detach;
    config.stdin_once = true;
    config.log_driver = "none";
    config.pending_attaches = detach ? 0 : 1;
    bool attach_in = body.value("AttachStdin", false), attach_out = body.value("AttachStdout", false),
         attach_err = body.value("AttachStderr", false);
    auto started = monitor::start_monitor(options_.monitor_binary, exec.bundle, config, [&](pid_t) {
        if (detach) return;
        deliver(monitor::connect_monitor(exec.bundle, std::format("attach {} {} {}", attach_in ? 1 : 0,
                                                                  attach_out ? 1 : 0, attach_err ? 1 : 0)));
    });
    if (!started) {
        // An exec that could not execute its command ends like Docker's: 127 not found, 126 not executable.
        ErrorCategory category = started.error().category();
        {
            std::lock_guard state(mutex_);
            execs_[exec_id].exit_code = category == ErrorCategory::NotFound ? 127 : 126;
        }
        if (category == ErrorCategory::NotFound || category == ErrorCategory::Forbidden)
            return fail(ErrorCategory::Invalid, "OCI runtime exec failed: {}", started.error().message());
        return std::unexpected(started.error().wrap("starting the exec"));
    }
    {
        std::lock_guard state(mutex_);
        auto& record = execs_[exec_id];
        record.pid = started->pid;
        if (started->exec_failed) {
            record.exit_code = started->exec_failed->exit_code;
            return fail(ErrorCategory::Invalid, "{}", started->exec_failed->error);
        }
        // Its end may be recorded already: the attach was handed over (and
        // may have ended, and been inspected) before we got here.
        if (!record.exit_code) record.running = true;
    }
    emit("exec_start: " + strings(body.value("Cmd", json::array())).front(), *container);
    auto connection = monitor::connect_monitor(exec.bundle, "wait");
    if (!connection) finish_exec(exec_id);
    else watcher_.watch("exec:" + exec_id, std::move(*connection), [this, exec_id] { finish_exec(exec_id); });
    return {};
}

// Once, for an exec started and not yet ended (it may not be marked running
// yet: see exec_start).
void ContainerService::finish_exec(const std::string& exec_id) {
    std::string bundle;
    {
        std::lock_guard state(mutex_);
        auto found = execs_.find(exec_id);
        if (found == execs_.end() || !found->second.started || found->second.exit_code) return;
        bundle = found->second.bundle;
    }
    auto record = monitor::read_exit_record(bundle);
    std::lock_guard state(mutex_);
    auto found = execs_.find(exec_id);
    if (found == execs_.end() || !found->second.started || found->second.exit_code) return;
    found->second.running = false;
    found->second.exit_code = record ? record->exit_code : 126;
    notify_changed(found->second.container_id);
}

Result<json> ContainerService::exec_inspect(const std::string& exec_id) {
    // The monitor writes the exit record before the attach stream ends: a client
    // that asks right after the stream closed must see the exit code.
    {
        std::string bundle;
        {
            std::lock_guard state(mutex_);
            auto found = execs_.find(exec_id);
            if (found == execs_.end()) return fail(ErrorCategory::NotFound, "No such exec instance: {}", exec_id);
            if (found->second.started && !found->second.exit_code) bundle = found->second.bundle;
        }
        if (!bundle.empty() && monitor::read_exit_record(bundle)) finish_exec(exec_id);
    }
    std::lock_guard state(mutex_);
    auto found = execs_.find(exec_id);
    if (found == execs_.end()) return fail(ErrorCategory::NotFound, "No such exec instance: {}", exec_id);
    const ExecInstance& exec = found->second;
    const json& body = exec.body;
    auto cmd = strings(body.value("Cmd", json::array()));
    json arguments = json::array();
    for (size_t i = 1; i < cmd.size(); ++i) arguments.push_back(cmd[i]);
    return json{{"ID", exec.id},
                {"Running", exec.running},
                {"ExitCode", exec.exit_code ? json(*exec.exit_code) : json(nullptr)},
                {"ProcessConfig",
                 {{"tty", body.value("Tty", false)},
                  {"entrypoint", cmd.empty() ? "" : cmd.front()},
                  {"arguments", arguments},
                  {"privileged", body.value("Privileged", false)},
                  {"user", body.value("User", "")}}},
                {"OpenStdin", body.value("AttachStdin", false)},
                {"OpenStderr", body.value("AttachStderr", false)},
                {"OpenStdout", body.value("AttachStdout", false)},
                {"CanRemove", false},
                {"ContainerID", exec.container_id},
                {"DetachKeys", body.value("DetachKeys", "")},
                {"Pid", exec.pid}};
}

Result<> ContainerService::exec_resize(const std::string& exec_id, unsigned rows, unsigned cols) {
    std::string bundle;
    {
        std::lock_guard state(mutex_);
        auto found = execs_.find(exec_id);
        if (found == execs_.end()) return fail(ErrorCategory::NotFound, "No such exec instance: {}", exec_id);
        if (!found->second.running) return fail(ErrorCategory::Conflict, "Exec {} is not running", exec_id);
        bundle = found->second.bundle;
    }
    auto connection = monitor::connect_monitor(bundle, std::format("resize {} {}", rows, cols));
    if (!connection) return std::unexpected(connection.error());
    return {};
}

} // namespace berth::containers
