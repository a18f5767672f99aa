// Running containers: start (rootfs, network, cgroup, monitor), exits, stop,
// kill, restart, wait, attach, pause, and recovery after a berthd restart.
#include "containers/container_service.h"
#include "containers/network_attachments.h"

#include "base/clock.h"
#include "base/files.h"
#include "base/go_errno.h"
#include "base/log.h"
#include "containers/config/signals.h"
#include "containers/config/user_lookup.h"
#include "containers/etc_files.h"
#include "containers/runtime_spec_builder.h"
#include "monitor/monitor_client.h"
#include "network/netns.h"

#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <mutex>
#include <thread>
#include <unistd.h>

namespace berth::containers {

namespace fs = std::filesystem;
using nlohmann::json;
using runtime::NamespaceKind;

namespace {

// A file of the container's rootfs, read without following its symlinks out of
// it (an image's /etc/passwd may be a link to anywhere).
std::string read_in_root(const std::string& root, const std::string& path) {
    UniqueFd root_fd(::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!root_fd) return "";
    open_how how{};
    how.flags = O_RDONLY | O_CLOEXEC;
    how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
    UniqueFd fd(static_cast<int>(::syscall(SYS_openat2, root_fd.get(), path.c_str(), &how, sizeof(how))));
    if (!fd) return "";
    std::string content;
    char buffer[8192];
    ssize_t n;
    while ((n = ::read(fd.get(), buffer, sizeof(buffer))) > 0 && content.size() < (1 << 20))
        content.append(buffer, static_cast<size_t>(n));
    return content;
}

std::string mode_of(const json& host_config, const char* key) {
    auto found = host_config.find(key);
    return found != host_config.end() && found->is_string() ? found->get<std::string>() : "";
}

} // namespace

Result<> ContainerService::prepare_network(Container& c, std::map<NamespaceKind, std::string>& joins,
                                           std::vector<NamespaceKind>& host) {
    // Other namespaces first: --pid, --ipc, --uts.
    auto join_other = [&](NamespaceKind kind, const std::string& mode, const char* flag) -> Result<> {
        if (mode == "host") {
            host.push_back(kind);
        } else if (mode.starts_with("container:")) {
            auto other = store_.find(mode.substr(10));
            if (!other) return std::unexpected(other.error().wrap("joining the {} namespace", flag));
            if (other->state.status != "running")
                return fail(ErrorCategory::Conflict, "cannot join {} of a non running container: {}", flag, other->id);
            joins[kind] = std::format("/proc/{}/ns/{}", other->state.pid,
                                      kind == NamespaceKind::Pid ? "pid" : kind == NamespaceKind::Ipc ? "ipc" : "net");
        }
        return {};
    };
    if (auto joined = join_other(NamespaceKind::Pid, mode_of(c.host_config, "PidMode"), "PID"); !joined) return joined;
    if (auto joined = join_other(NamespaceKind::Ipc, mode_of(c.host_config, "IpcMode"), "IPC"); !joined) return joined;
    if (mode_of(c.host_config, "UTSMode") == "host") host.push_back(NamespaceKind::Uts);

    std::string mode = mode_of(c.host_config, "NetworkMode");
    c.network = json::object();
    if (mode == "host") {
        host.push_back(NamespaceKind::Network);
        return {};
    }
    if (mode.starts_with("container:")) return join_other(NamespaceKind::Network, mode, "network");
    auto netns = network::NetworkNamespace::create(options_.exec_root + "/netns", c.id);
    if (!netns) return std::unexpected(netns.error().wrap("creating the network namespace"));
    c.network["netns"] = netns->path();
    joins[NamespaceKind::Network] = netns->path();
    if (mode == "none") {
        netns->release();
        return {};
    }
    if (!networks_) return fail(ErrorCategory::Unavailable, "the default bridge network is not available on this host");
    // A failure part way is undone with the rest of the network by release_network().
    if (auto attached = attach_networks(c); !attached) return attached;
    netns->release();
    return {};
}

void ContainerService::release_network(Container& c) {
    if (!c.network.contains("netns")) return;
    unpublish_ports(c);
    if (networks_) detach_networks(c);
    if (auto removed = network::remove_network_namespace(c.network.value("netns", "")); !removed)
        log::warn("removing the network namespace of {}: {}", c.id, removed.error().message());
    c.network = json::object();
}

// What a stopped container no longer needs: its mount, network, cgroup and bundle.
void ContainerService::release_runtime(Container& c) {
    release_network(c);
    unmount_volume_points(c);
    if (cgroups_) {
        if (auto removed = cgroups_->remove(c.id); !removed)
            log::warn("removing the cgroup of {}: {}", c.id, removed.error().message());
    }
    if (auto unmounted = snapshotter_.unmount(store_.directory(c.id)); !unmounted)
        log::warn("unmounting the rootfs of {}: {}", c.id, unmounted.error().message());
    std::error_code ec;
    fs::remove_all(bundle_dir(c.id), ec);
}

Result<bool> ContainerService::start(const std::string& reference) {
    auto found = store_.find(reference);
    if (!found) return std::unexpected(found.error());
    auto lock = operation_lock(found->id);
    std::unique_lock operation(*lock);
    auto container = store_.get(found->id);
    if (!container) return fail(ErrorCategory::NotFound, "No such container: {}", reference);
    if (container->state.status == "paused")
        return fail(ErrorCategory::Conflict, "cannot start a paused container, try unpause instead");
    if (container->state.running()) return true;
    {
        std::lock_guard state(mutex_);
        ++restart_generation_[container->id];
    }
    container->manually_stopped = false;
    bool auto_remove = container->host_config.value("AutoRemove", false);
    std::string id = container->id;
    auto started = start_locked(std::move(*container));
    if (!started && auto_remove) {
        // Docker removes an --rm container that could not start; `docker run --rm` waits for that.
        operation.unlock();
        if (auto removed = remove(id, true, true); !removed)
            log::warn("removing {} after its failed start: {}", id, removed.error().message());
    }
    return started;
}

Result<bool> ContainerService::start_locked(Container c) {
    if (cgroups_ && options_.warm_cgroup_attach) options_.warm_cgroup_attach();
    std::string dir = store_.directory(c.id);
    auto fail_start = [&](Error error) -> Result<bool> {
        release_runtime(c);
        c.state.error = error.message();
        if (c.state.exit_code == 0) c.state.exit_code = 128;
        commit(c);
        std::vector<PendingAttach> pending;
        {
            std::lock_guard state(mutex_);
            pending = std::move(pending_attaches_[c.id]);
            pending_attaches_.erase(c.id);
        }
        for (auto& attach : pending) attach.deliver(std::unexpected(error));
        return std::unexpected(std::move(error));
    };

    auto lowers = images_.layer_paths(c.image_id);
    if (!lowers) return fail_start(lowers.error().wrap("preparing the root filesystem"));
    auto rootfs = snapshotter_.mount(dir, *lowers);
    if (!rootfs) return fail_start(rootfs.error());
    c.rootfs = *rootfs;
    if (auto mounted = mount_volume_points(c); !mounted) return fail_start(mounted.error());

    std::map<NamespaceKind, std::string> joins;
    std::vector<NamespaceKind> host;
    if (auto prepared = prepare_network(c, joins, host); !prepared) return fail_start(prepared.error());
    bool host_network = std::ranges::contains(host, NamespaceKind::Network);
    bool host_uts = host_network || std::ranges::contains(host, NamespaceKind::Uts);
    if (host_network && !std::ranges::contains(host, NamespaceKind::Uts)) host.push_back(NamespaceKind::Uts);

    // /etc/hostname, /etc/hosts, /etc/resolv.conf, bind-mounted by the spec.
    std::string hostname = etc_hostname(c, host_uts);
    if (auto written = write_etc_files(c, hostname, host_network); !written) return fail_start(written.error());
    auto strings = [](const json& value) {
        std::vector<std::string> out;
        if (value.is_array())
            for (const auto& item : value)
                if (item.is_string()) out.push_back(item.get<std::string>());
        return out;
    };

    // The user, from the image's own passwd and group files.
    std::vector<std::string> group_add = strings(c.host_config.value("GroupAdd", json::array()));
    auto user = config::resolve_process_user(c.config.value("User", ""), group_add, read_in_root(c.rootfs, "/etc/passwd"),
                                     read_in_root(c.rootfs, "/etc/group"));
    if (!user) return fail_start(user.error());

    SpecInputs inputs;
    inputs.rootfs = c.rootfs;
    inputs.container_dir = dir;
    inputs.hostname = hostname;
    inputs.joins = joins;
    inputs.host = host;
    inputs.default_seccomp_profile = options_.seccomp_profile;
    inputs.available_capabilities = runtime::available_capabilities();
    inputs.go_arch = options_.go_arch;
    inputs.kernel_version = options_.kernel_version;
    inputs.uid = user->uid;
    inputs.gid = user->gid;
    inputs.additional_gids = user->additional_gids;
    inputs.home = user->home;
    inputs.init_path = options_.init_binary;
    inputs.cgroup_v2 = cgroups_ && cgroups_->version() == "2";
    auto spec = build_runtime_spec(c, inputs);
    if (!spec) return fail_start(spec.error());

    if (cgroups_) {
        if (auto created = cgroups_->create(c.id); !created) return fail_start(created.error());
        if (auto applied = cgroups_->apply(c.id, cgroup_resources(c.host_config)); !applied)
            return fail_start(applied.error());
        if (auto restricted = cgroups_->restrict_devices(c.id, device_rules(c.host_config, *spec)); !restricted)
            return fail_start(restricted.error());
    }

    std::error_code ec;
    fs::remove_all(c.bundle, ec);
    fs::create_directories(c.bundle, ec);
    if (ec) return fail_start(Error(ErrorCategory::System, std::format("creating {}: {}", c.bundle, go_error_text(ec))));
    monitor::MonitorConfig config;
    config.container_id = c.id;
    config.spec = std::move(*spec);
    config.tty = c.tty();
    if (auto size = c.host_config.find("ConsoleSize"); size != c.host_config.end() && size->is_array() &&
                                                       size->size() == 2 && (*size)[0].is_number_unsigned()) {
        config.console_rows = (*size)[0].get<unsigned>();
        config.console_cols = (*size)[1].get<unsigned>();
    }
    config.open_stdin = c.config.value("OpenStdin", false);
    config.stdin_once = c.config.value("StdinOnce", false);
    json log_config = c.host_config.value("LogConfig", json::object());
    config.log_driver = log_config.value("Type", "json-file");
    const json log_opts = log_config.value("Config", json::object());
    for (const auto& [key, value] : log_opts.items())
        if (value.is_string()) config.log_opts[key] = value.get<std::string>();
    config.log_path = c.log_path;
    if (cgroups_) {
        config.cgroup_root = "/sys/fs/cgroup";
        config.cgroup_parent = options_.cgroup_parent;
        config.cgroup_name = c.id;
        config.cgroup_version = cgroups_->version();
    }
    std::vector<PendingAttach> pending;
    {
        std::lock_guard state(mutex_);
        pending = std::move(pending_attaches_[c.id]);
        pending_attaches_.erase(c.id);
    }
    config.pending_attaches = static_cast<int>(pending.size());
    auto started = monitor::start_monitor(options_.monitor_binary, c.bundle, config, [&](pid_t) {
        for (auto& attach : pending) {
            auto fd = monitor::connect_monitor(
                c.bundle, std::format("attach {} {} {}", attach.streams.in ? 1 : 0, attach.streams.out ? 1 : 0,
                                      attach.streams.err ? 1 : 0));
            attach.deliver(std::move(fd));
        }
        pending.clear();
    });
    for (auto& attach : pending) attach.deliver(std::unexpected(Error(ErrorCategory::System, "the container did not start")));
    if (!started) return fail_start(started.error().wrap("starting the container's monitor"));
    if (started->exec_failed) {
        c.state.exit_code = started->exec_failed->exit_code;
        ErrorCategory category = c.state.exit_code == 127 || c.state.exit_code == 126 ? ErrorCategory::Invalid
                                                                                       : ErrorCategory::System;
        return fail_start(Error(category, started->exec_failed->error));
    }

    c.state.status = "running";
    c.state.pid = started->pid;
    c.state.exit_code = 0;
    c.state.error.clear();
    c.state.oom_killed = false;
    c.state.started_at = format_rfc3339_nano(now_ns());
    c.state.finished_at = kZeroTime;
    if (c.config.contains("Healthcheck") && !c.config["Healthcheck"].is_null()) c.state.health_status = "starting";
    c.has_been_started = true;
    commit(c);
    emit("start", c);
    watch_exit(c);
    start_health_checks(c);
    return false;
}

void ContainerService::watch_exit(const Container& c) {
    auto connection = monitor::connect_monitor(c.bundle, "wait");
    std::string id = c.id;
    if (!connection) {
        // The monitor is gone already: the exit is on disk (or lost with it).
        std::thread([this, id] { handle_exit(id); }).detach();
        return;
    }
    watcher_.watch(id, std::move(*connection), [this, id] { handle_exit(id); });
}

void ContainerService::record_exit(Container& c, int exit_code, bool oom, const std::string& finished_at,
                                   const std::string& error) {
    c.state.status = "exited";
    c.state.exit_code = exit_code;
    c.state.oom_killed = oom;
    c.state.pid = 0;
    c.state.finished_at = finished_at.empty() ? format_rfc3339_nano(now_ns()) : finished_at;
    c.state.error = error;
    if (!c.state.health_status.empty()) c.state.health_status = "unhealthy";
}

void ContainerService::handle_exit(const std::string& id) {
    auto lock = operation_lock(id);
    std::unique_lock operation(*lock);
    auto container = store_.get(id);
    if (!container || !container->state.running()) return;
    // The monitor writes exit.json before it answers; a monitor killed outright leaves none.
    auto record = monitor::read_exit_record(container->bundle);
    for (int attempt = 0; !record && attempt < 20 && monitor::monitor_alive(container->bundle); ++attempt) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        record = monitor::read_exit_record(container->bundle);
    }
    if (!record) {
        // Without the monitor nothing holds the process: make sure it is gone too.
        if (container->state.pid > 0) ::kill(container->state.pid, SIGKILL);
        record = monitor::ExitRecord{};
        record->exit_code = 255;
        record->error = "the container's monitor disappeared";
    }
    if (container->state.status == "paused" && cgroups_) (void)cgroups_->freeze(id, false);
    release_runtime(*container);
    record_exit(*container, record->exit_code, record->oom_killed, record->finished_at, record->error);
    commit(*container);
    {
        std::lock_guard state(mutex_);
        ++exits_[id];
        last_exit_codes_[id] = record->exit_code;
        notify_changed();
    }
    if (record->oom_killed) emit("oom", *container);
    emit("die", *container, {{"exitCode", std::to_string(record->exit_code)}});
    operation.unlock();

    if (container->host_config.value("AutoRemove", false)) {
        if (auto removed = remove(id, true, true); !removed) // --rm takes anonymous volumes along
            log::warn("auto-removing {}: {}", id, removed.error().message());
        return;
    }
    maybe_restart(id);
}

// Docker's restart policies: no, always, unless-stopped, on-failure[:max]; the
// delay doubles from 100 ms after each quick exit, back to 100 ms once a run lasted 10 s.
void ContainerService::maybe_restart(const std::string& id) {
    auto container = store_.get(id);
    if (!container || container->manually_stopped) return;
    json policy = container->host_config.value("RestartPolicy", json::object());
    std::string name = policy.value("Name", "no");
    int max_retries = policy.value("MaximumRetryCount", 0);
    bool restart = name == "always" || name == "unless-stopped" ||
                   (name == "on-failure" && container->state.exit_code != 0 &&
                    (max_retries == 0 || container->restart_count < max_retries));
    if (!restart) return;
    int64_t ran_ns = parse_api_timestamp(container->state.finished_at).value_or(0) -
                     parse_api_timestamp(container->state.started_at).value_or(0);
    int quick_exits = ran_ns < 10'000'000'000 ? std::min(container->restart_count, 12) : 0;
    auto delay = std::chrono::milliseconds(100) * (1 << quick_exits);
    int generation;
    {
        std::lock_guard state(mutex_);
        generation = ++restart_generation_[id];
    }
    container->state.status = "restarting";
    commit(*container);
    std::thread([this, id, delay, generation] {
        std::this_thread::sleep_for(delay);
        {
            std::lock_guard state(mutex_);
            if (shutting_down_ || restart_generation_[id] != generation) return;
        }
        auto lock = operation_lock(id);
        std::lock_guard operation(*lock);
        auto current = store_.get(id);
        if (!current || current->state.status != "restarting" || current->manually_stopped) return;
        current->restart_count++;
        current->state.status = "exited";
        if (auto started = start_locked(*current); !started)
            log::warn("restarting {}: {}", id, started.error().message());
    }).detach();
}

Result<> ContainerService::signal_container(const Container& c, int signo) {
    if (c.state.pid <= 0) return {};
    if (::kill(c.state.pid, signo) < 0 && errno != ESRCH) return fail_errno("signalling container {}", c.id);
    return {};
}

bool ContainerService::wait_until_stopped(const std::string& id, int timeout_seconds) {
    std::unique_lock state(mutex_);
    auto stopped = [&] {
        auto c = store_.get(id);
        return !c || !c->state.running() || c->state.status == "restarting";
    };
    if (timeout_seconds < 0) {
        changed_.wait(state, stopped);
        return true;
    }
    return changed_.wait_for(state, std::chrono::seconds(timeout_seconds), stopped);
}

Result<bool> ContainerService::stop(const std::string& reference, std::optional<int> timeout,
                                    std::optional<std::string> signal) {
    auto container = store_.find(reference);
    if (!container) return std::unexpected(container.error());
    {
        std::lock_guard state(mutex_);
        ++restart_generation_[container->id]; // a pending restart is off
    }
    container->manually_stopped = true;
    if (container->state.status == "restarting") container->state.status = "exited";
    if (!container->state.running()) {
        commit(*container);
        return true;
    }
    commit(*container);
    std::string signal_name = signal.value_or(container->config.value("StopSignal", "SIGTERM"));
    if (signal_name.empty()) signal_name = "SIGTERM";
    auto signo = config::parse_signal(signal_name);
    if (!signo) return std::unexpected(signo.error());
    int seconds = timeout.value_or(container->config.value("StopTimeout", 10));
    if (container->state.status == "paused" && cgroups_) (void)cgroups_->freeze(container->id, false);
    if (auto sent = signal_container(*container, *signo); !sent) return std::unexpected(sent.error());
    emit("kill", *container, {{"signal", std::to_string(*signo)}});
    if (!wait_until_stopped(container->id, seconds)) {
        (void)signal_container(*container, SIGKILL);
        emit("kill", *container, {{"signal", "9"}});
        wait_until_stopped(container->id, -1);
    }
    if (auto stopped = store_.get(container->id)) emit("stop", *stopped);
    return false;
}

Result<> ContainerService::restart(const std::string& reference, std::optional<int> timeout,
                                   std::optional<std::string> signal) {
    auto stopped = stop(reference, timeout, std::move(signal));
    if (!stopped) return std::unexpected(stopped.error());
    auto started = start(reference);
    if (!started) return std::unexpected(started.error());
    if (auto container = store_.find(reference)) emit("restart", *container);
    return {};
}

Result<> ContainerService::kill(const std::string& reference, const std::string& signal) {
    auto container = store_.find(reference);
    if (!container) return std::unexpected(container.error());
    auto signo = config::parse_signal(signal.empty() ? "SIGKILL" : signal);
    if (!signo) return std::unexpected(signo.error());
    if (!container->state.running() || container->state.status == "restarting")
        return fail(ErrorCategory::Conflict, "cannot kill container: {}: container {} is not running", reference,
                    container->id);
    if (*signo == SIGKILL) {
        container->manually_stopped = false; // Docker: kill does not count as a manual stop for restart policies
    }
    if (auto sent = signal_container(*container, *signo); !sent) return sent;
    emit("kill", *container, {{"signal", std::to_string(*signo)}});
    return {};
}

Result<> ContainerService::pause(const std::string& reference, bool paused) {
    auto container = store_.find(reference);
    if (!container) return std::unexpected(container.error());
    auto lock = operation_lock(container->id);
    std::lock_guard operation(*lock);
    container = store_.get(container->id).value_or(*container);
    if (!cgroups_) return fail(ErrorCategory::NotImplemented, "pause needs the freezer cgroup, which this host lacks");
    if (paused) {
        if (container->state.status == "paused")
            return fail(ErrorCategory::Conflict, "Container {} is already paused", container->id);
        if (container->state.status != "running")
            return fail(ErrorCategory::Conflict, "Container {} is not running", container->id);
    } else if (container->state.status != "paused") {
        return fail(ErrorCategory::Conflict, "Container {} is not paused", container->id);
    }
    if (auto frozen = cgroups_->freeze(container->id, paused); !frozen) return frozen;
    container->state.status = paused ? "paused" : "running";
    commit(*container);
    emit(paused ? "pause" : "unpause", *container);
    return {};
}

Result<> ContainerService::resize(const std::string& reference, unsigned rows, unsigned cols) {
    auto container = store_.find(reference);
    if (!container) return std::unexpected(container.error());
    if (!container->state.running())
        return fail(ErrorCategory::Conflict, "Container {} is not running", container->id);
    auto connection = monitor::connect_monitor(container->bundle, std::format("resize {} {}", rows, cols));
    if (!connection) return std::unexpected(connection.error());
    return {};
}

Result<ContainerService::WaitToken> ContainerService::wait_begin(const std::string& reference,
                                                                   const std::string& condition_text) {
    std::string condition = condition_text.empty() ? "not-running" : condition_text;
    if (condition != "not-running" && condition != "next-exit" && condition != "removed")
        return fail(ErrorCategory::Invalid, "invalid condition: \"{}\"", condition);
    auto container = store_.find_snapshot(reference); // a pointer, not the record's copy
    if (!container) return std::unexpected(container.error());
    std::lock_guard state(mutex_);
    return WaitToken{(*container)->id, condition, exits_[(*container)->id], (*container)->state.exit_code};
}

std::optional<WaitResult> ContainerService::wait_poll(const WaitToken& token) const {
    std::lock_guard state(mutex_);
    auto current = store_.snapshot(token.id); // under the service's lock: a pointer, not a copy
    WaitResult result;
    if (!current) {
        result.status_code = token.last_exit_code;
        if (auto last = last_exit_codes_.find(token.id); last != last_exit_codes_.end()) result.status_code = last->second;
        return result;
    }
    bool done = token.condition == "next-exit" ? exits_[token.id] > token.exits_before
                : token.condition == "not-running" ? !current->state.running()
                                                   : false; // "removed"
    if (!done) return std::nullopt;
    result.status_code = current->state.exit_code;
    result.error = current->state.error;
    return result;
}

Result<> ContainerService::attach(const std::string& reference, AttachStreams streams,
                                  std::function<void(Result<UniqueFd>)> deliver) {
    auto container = store_.find(reference);
    if (!container) return std::unexpected(container.error());
    auto lock = operation_lock(container->id);
    std::lock_guard operation(*lock);
    container = store_.get(container->id).value_or(*container);
    if (container->state.running()) {
        auto fd = monitor::connect_monitor(container->bundle, std::format("attach {} {} {}", streams.in ? 1 : 0,
                                                                           streams.out ? 1 : 0, streams.err ? 1 : 0));
        if (!fd) return std::unexpected(fd.error());
        emit("attach", *container);
        deliver(std::move(fd));
        return {};
    }
    std::lock_guard state(mutex_);
    pending_attaches_[container->id].push_back({streams, std::move(deliver)});
    emit("attach", *container);
    return {};
}

// berthd killed in the middle of a start leaves what the start made before the
// record said "running": the network namespace (its file named by the id, which
// a later start could not create again), the rootfs mount, the cgroup, the
// bundle. With no monitor left nothing of the container runs: they go as an
// exit would take them. (Found by tests/acceptance/fault_kill_test.sh.)
void ContainerService::release_interrupted_start(Container& c) {
    std::error_code ec;
    std::string netns = options_.exec_root + "/netns/" + c.id;
    bool left_netns = fs::exists(netns, ec);
    if (!left_netns && !fs::exists(bundle_dir(c.id), ec)) return;
    if (monitor::monitor_alive(bundle_dir(c.id)) && !stop_unrecorded_process(c)) {
        log::warn("container {} is recorded as {} but its monitor runs and could not be stopped: left alone", c.id,
                  c.state.status);
        return;
    }
    log::info("releasing what an interrupted start of container {} left", c.id);
    if (left_netns && !c.network.contains("netns")) c.network["netns"] = netns;
    release_runtime(c);
    commit(c);
}

// The process of a start that berthd never recorded (nor answered: the client
// saw the connection drop) is stopped, so that the record, which says the
// container does not run, stays true: SIGKILL to everything in its cgroup; its
// monitor then writes the exit and goes. True once the monitor is gone.
bool ContainerService::stop_unrecorded_process(const Container& c) {
    if (!cgroups_) return false;
    auto processes = cgroups_->processes(c.id);
    if (!processes) return false;
    log::info("stopping the process of container {}: its start was cut short before it was recorded", c.id);
    for (pid_t pid : *processes) ::kill(pid, SIGKILL);
    for (int attempt = 0; attempt < 100; ++attempt) {
        if (!monitor::monitor_alive(bundle_dir(c.id))) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

void ContainerService::recover() {
    recover_volumes();
    if (ports_) {
        std::vector<std::string> stopped;
        for (const auto& container : store_.list())
            if (!container.state.running()) stopped.push_back(container.id);
        ports_->remove_stale(stopped);
    }
    for (auto container : store_.list()) {
        if (container.state.running()) {
            if (monitor::monitor_alive(container.bundle)) {
                log::info("following container {} (pid {}) again", container.id, container.state.pid);
                restore_ports(container);
                watch_exit(container);
                start_health_checks(container);
            } else {
                handle_exit(container.id);
            }
        } else if (container.state.status == "restarting") {
            container.state.status = "exited";
            commit(container);
            maybe_restart(container.id);
        } else {
            release_interrupted_start(container);
        }
    }
    // Docker restarts always and unless-stopped containers when the daemon starts.
    for (const auto& container : store_.list()) {
        if (container.state.running() || container.manually_stopped || !container.has_been_started) continue;
        std::string policy = container.host_config.value("RestartPolicy", json::object()).value("Name", "no");
        if (policy == "always" || policy == "unless-stopped") {
            if (auto started = start(container.id); !started)
                log::warn("restarting {} at start: {}", container.id, started.error().message());
        }
    }
}

} // namespace berth::containers
