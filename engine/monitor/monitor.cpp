#include "monitor/monitor.h"

#include "base/clock.h"
#include "base/files.h"
#include "base/log.h"
#include "base/unique_fd.h"
#include "logs/log_driver.h"
#include "logs/stream_framing.h"
#include "monitor/monitor_client.h"
#include "monitor/monitor_config.h"
#include "monitor/resident_pages.h"
#include "runtime/cgroups/manager.h"
#include "runtime/process.h"
#include "runtime/terminal.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <memory>
#include <poll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <vector>

namespace berth::monitor {
namespace {

using nlohmann::json;

enum class Stream : uint8_t { Stdin = 0, Stdout = 1, Stderr = 2 };

struct Client {
    UniqueFd fd;
    std::string command;  // until the first newline
    bool commanded = false;
    bool attach = false;
    bool want_stdin = false, want_stdout = false, want_stderr = false;
    bool waiter = false;
    bool input_closed = false; // an attach client that shut down its sending side still reads output
    std::string pending; // output not yet written (the socket is non-blocking)
};

Result<UniqueFd> listen_on(const std::string& path) {
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!fd) return fail_errno("creating the monitor socket");
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    UniqueFd directory;
    auto usable = socket_address_path(path, directory);
    if (!usable) return std::unexpected(usable.error());
    std::copy(usable->begin(), usable->end(), address.sun_path);
    ::unlink(path.c_str());
    if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof(address)) < 0)
        return fail_errno("binding {}", path);
    ::chmod(path.c_str(), 0600);
    if (::listen(fd.get(), 64) < 0) return fail_errno("listening on {}", path);
    return fd;
}

void write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        data.remove_prefix(static_cast<size_t>(n));
    }
}

// An exec joins every namespace the container has of its own.
std::vector<runtime::NamespaceKind> exec_namespaces(const runtime::RuntimeSpec& spec) {
    std::vector<runtime::NamespaceKind> kinds;
    for (const auto& ns : spec.namespaces) kinds.push_back(ns.kind);
    return kinds;
}

// A client's command line: its verb and up to three numbers ("attach 1 0 1",
// "resize 24 80"); a number that does not parse reads as 0. Parsed by hand, not
// with an istringstream: the locale machinery would be mapped back in at every
// attach (see release_idle_pages).
struct Command {
    std::string_view verb;
    std::array<unsigned, 3> numbers{};
};

Command parse_command(std::string_view line) {
    Command command;
    size_t numbers = 0;
    for (size_t at = 0; at < line.size();) {
        size_t end = std::min(line.find(' ', at), line.size());
        std::string_view word = line.substr(at, end - at);
        at = end + 1;
        if (word.empty()) continue;
        if (command.verb.empty()) command.verb = word;
        else if (numbers < command.numbers.size())
            std::from_chars(word.data(), word.data() + word.size(), command.numbers[numbers++]);
    }
    return command;
}

void set_nonblocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK); }

class Monitor {
public:
    Monitor(std::string bundle, MonitorConfig config, int startup_fd)
        : bundle_(std::move(bundle)), config_(std::move(config)), startup_fd_(startup_fd) {}

    Result<> run();

private:
    Result<> make_stdio();
    Result<> create_process();
    void report(const json& line);
    void accept_clients(bool block_for_attaches);
    void read_client(Client& client, short revents = POLLIN);
    void handle_command(Client& client);
    void forward_output(Stream stream, int fd);
    void flush(Client& client);
    void drain_output();
    ExitRecord exit_record(int status);
    void finish(const ExitRecord& record);
    void release_pages();
    void wait_for_exit();

    std::string bundle_;
    MonitorConfig config_;
    int startup_fd_;
    UniqueFd listener_;
    UniqueFd signals_;
    // Our ends of the container's stdio; with a tty, `out_` is the pty master and
    // carries both directions.
    UniqueFd in_, out_, err_;
    // The container's ends, closed once the process holds them.
    UniqueFd child_in_, child_out_, child_err_;
    std::unique_ptr<logs::LogDriver> log_;
    uint64_t dropped_log_writes_ = 0; // in a row, since the last write that went through
    std::unique_ptr<runtime::CgroupManager> cgroup_;
    uint64_t oom_kills_before_ = 0;
    std::optional<runtime::ContainerProcess> process_;
    pid_t pid_ = -1;
    std::vector<std::unique_ptr<Client>> clients_;
    std::vector<pollfd> poll_fds_;
    bool released_ = false;     // nothing has run since the last release_pages
    int64_t released_at_ = 0;   // when that was (now_ns)
    bool attached_once_ = false;
};

Result<> Monitor::make_stdio() {
    // With a tty the runtime opens the pty inside the container and hands the
    // master back after create (runtime/terminal.h): nothing to make here.
    if (config_.tty) return {};
    auto make_pipe = [](UniqueFd& read_end, UniqueFd& write_end) -> Result<> {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) < 0) return fail_errno("creating a pipe");
        read_end.reset(fds[0]);
        write_end.reset(fds[1]);
        return {};
    };
    if (auto made = make_pipe(out_, child_out_); !made) return made;
    if (auto made = make_pipe(err_, child_err_); !made) return made;
    if (config_.open_stdin) {
        if (auto made = make_pipe(child_in_, in_); !made) return made;
    } else {
        child_in_.reset(::open("/dev/null", O_RDONLY | O_CLOEXEC));
        if (!child_in_) return fail_errno("opening /dev/null");
    }
    return {};
}

Result<> Monitor::create_process() {
    if (!config_.cgroup_version.empty()) {
        cgroup_ = config_.cgroup_version == "2" ? runtime::make_cgroup_v2(config_.cgroup_root, config_.cgroup_parent)
                                                : runtime::make_cgroup_v1(config_.cgroup_root, config_.cgroup_parent);
        if (auto count = cgroup_->oom_kill_count(config_.cgroup_name)) oom_kills_before_ = *count;
    }
    auto join_cgroup = [this](pid_t pid) -> Result<> {
        if (!cgroup_) return {};
        return cgroup_->add_process(config_.cgroup_name, pid);
    };
    runtime::Stdio stdio{child_in_.get(), child_out_.get(), child_err_.get()};
    if (config_.tty) stdio = runtime::Stdio{};
    auto created = config_.exec_in_pid > 0
                       ? runtime::spawn_exec(config_.exec_in_pid, config_.spec.process, exec_namespaces(config_.spec),
                                             stdio, join_cgroup)
                       : runtime::ContainerProcess::create(config_.spec, stdio, join_cgroup);
    if (!created) return std::unexpected(created.error());
    pid_ = created->pid();
    process_.emplace(std::move(*created));
    if (config_.tty) {
        out_ = process_->take_terminal();
        if (!out_) return fail(ErrorCategory::System, "the container's terminal did not arrive");
        if (config_.console_rows > 0 && config_.console_cols > 0)
            (void)runtime::set_window_size(out_.get(), static_cast<unsigned short>(config_.console_rows),
                                           static_cast<unsigned short>(config_.console_cols));
    }
    return {};
}

void Monitor::report(const json& line) {
    if (startup_fd_ >= 0) write_all(startup_fd_, line.dump() + "\n");
}

void Monitor::accept_clients(bool block_for_attaches) {
    while (true) {
        int fd = ::accept4(listener_.get(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (fd < 0) {
            if (errno == EINTR) continue;
            if (errno != EAGAIN || !block_for_attaches) return;
            pollfd ready{listener_.get(), POLLIN, 0};
            if (::poll(&ready, 1, 10000) <= 0) return; // berthd gave up on its attach clients
            continue;
        }
        auto client = std::make_unique<Client>();
        client->fd.reset(fd);
        clients_.push_back(std::move(client));
        if (!block_for_attaches) continue;
        // An attach is only counted once its command line has arrived.
        Client& added = *clients_.back();
        while (!added.commanded && added.fd) {
            pollfd ready{added.fd.get(), POLLIN, 0};
            if (::poll(&ready, 1, 10000) <= 0) break;
            read_client(added);
        }
        int attached = static_cast<int>(std::count_if(clients_.begin(), clients_.end(),
                                                      [](const auto& c) { return c->attach; }));
        if (attached >= config_.pending_attaches) return;
    }
}

void Monitor::handle_command(Client& client) {
    Command command = parse_command(client.command);
    if (command.verb == "attach") {
        client.attach = true;
        client.want_stdin = command.numbers[0] != 0;
        client.want_stdout = command.numbers[1] != 0;
        client.want_stderr = command.numbers[2] != 0;
        attached_once_ = true;
    } else if (command.verb == "wait") {
        client.waiter = true;
    } else if (command.verb == "resize") {
        if (config_.tty && out_)
            (void)runtime::set_window_size(out_.get(), static_cast<unsigned short>(command.numbers[0]),
                                           static_cast<unsigned short>(command.numbers[1]));
        client.fd.reset();
    } else if (command.verb == "close-stdin") {
        in_.reset();
        client.fd.reset();
    } else {
        client.fd.reset();
    }
}

void Monitor::read_client(Client& client, short revents) {
    char buffer[16384];
    ssize_t n = ::read(client.fd.get(), buffer, sizeof(buffer));
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
    if (n <= 0) {
        // An attach client that shut down its sending side ended its input: with
        // StdinOnce the container's stdin ends too. One that closed outright
        // (POLLHUP: a detach, or a client that died) leaves the stdin open, as
        // Docker's detach keys do.
        bool detached = (revents & POLLHUP) != 0 && !client.input_closed;
        if (client.attach && client.want_stdin && config_.stdin_once && !detached) {
            if (config_.tty) write_all(out_.get(), "\x04"); // EOF on the pty's line discipline
            in_.reset();
        }
        if (client.attach && n == 0 && !client.input_closed && !detached) client.input_closed = true;
        else client.fd.reset();
        return;
    }
    std::string_view data(buffer, static_cast<size_t>(n));
    if (!client.commanded) {
        auto newline = data.find('\n');
        client.command.append(data.substr(0, newline));
        if (newline == std::string_view::npos) return;
        client.commanded = true;
        data.remove_prefix(newline + 1);
        handle_command(client);
    }
    if (!data.empty() && client.attach && client.want_stdin) {
        int target = config_.tty ? out_.get() : in_.get();
        if (target >= 0) write_all(target, data);
    }
}

void Monitor::flush(Client& client) {
    while (!client.pending.empty() && client.fd) {
        ssize_t n = ::send(client.fd.get(), client.pending.data(), client.pending.size(), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) return;
        if (n <= 0) {
            client.fd.reset();
            return;
        }
        client.pending.erase(0, static_cast<size_t>(n));
    }
}

void Monitor::forward_output(Stream stream, int fd) {
    char buffer[32768];
    ssize_t n = ::read(fd, buffer, sizeof(buffer));
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
    if (n <= 0) { // EOF (EIO on a pty whose slave is gone)
        if (fd == out_.get()) out_.reset();
        else err_.reset();
        return;
    }
    std::string_view data(buffer, static_cast<size_t>(n));
    if (log_) {
        auto logged = log_->write(stream == Stream::Stderr ? logs::LogStream::Stderr : logs::LogStream::Stdout,
                                  data, now_ns());
        // A full disk fails every write: said once, and once more when they go
        // through again, not once per line (which would fill berthd's log too).
        if (!logged && dropped_log_writes_++ == 0)
            log::warn("logging for {}: {}; the container's output is not logged until it can be written again",
                      config_.container_id, logged.error().message());
        if (logged && dropped_log_writes_ > 0) {
            log::info("logging for {}: writing again; {} pieces of output were not logged", config_.container_id,
                      dropped_log_writes_);
            dropped_log_writes_ = 0;
        }
    }
    std::string framed;
    logs::append_frame(framed, stream == Stream::Stderr ? logs::StdStream::Stderr : logs::StdStream::Stdout, data);
    constexpr size_t kMaxPending = 4 << 20; // a client that stops reading is dropped, not waited for
    for (auto& client : clients_) {
        if (!client->attach || !client->fd) continue;
        if (stream == Stream::Stdout ? !client->want_stdout : !client->want_stderr) continue;
        client->pending += framed;
        if (client->pending.size() > kMaxPending) client->fd.reset();
        else flush(*client);
    }
}

// After the process ended: what is left in the pipes, for a short while (a
// daemonised grandchild of an exec may hold them open forever).
void Monitor::drain_output() {
    int64_t deadline = now_ns() + 2'000'000'000;
    while ((out_ || err_) && now_ns() < deadline) {
        pollfd fds[2] = {{out_ ? out_.get() : -1, POLLIN, 0}, {err_ ? err_.get() : -1, POLLIN, 0}};
        if (::poll(fds, 2, 200) <= 0) continue;
        if (fds[0].revents) forward_output(Stream::Stdout, fds[0].fd);
        if (fds[1].revents) forward_output(Stream::Stderr, fds[1].fd);
    }
}

ExitRecord Monitor::exit_record(int status) {
    ExitRecord record;
    record.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (cgroup_) {
        auto count = cgroup_->oom_kill_count(config_.cgroup_name);
        record.oom_killed = count && *count > oom_kills_before_;
    }
    record.finished_at = format_rfc3339_nano(now_ns());
    return record;
}

void Monitor::finish(const ExitRecord& record) {
    if (log_) (void)log_->close(now_ns());
    if (auto written = write_file_atomically(exit_path(bundle_), to_json(record).dump() + "\n", 0600); !written)
        log::error("recording the exit of {}: {}", config_.container_id, written.error().message());
    std::string line = to_json(record).dump() + "\n";
    for (auto& client : clients_) {
        if (!client->fd) continue;
        if (client->waiter) client->pending += line;
        // Blocking now: what is left goes out before we go.
        ::fcntl(client->fd.get(), F_SETFL, ::fcntl(client->fd.get(), F_GETFL) & ~O_NONBLOCK);
        flush(*client);
    }
    ::unlink(socket_path(bundle_).c_str());
}

// When the monitor drops its pages again (release_idle_pages): once it has been
// quiet for a second after some activity (output, an attach, a wait client); and
// if it never is (a container that logs steadily), every 10 s, so that one-time
// work (the first read of the time zone, say) does not stay mapped for good.
constexpr int kIdleReleaseMs = 1000;
constexpr int64_t kBusyReleaseNs = 10'000'000'000;

void Monitor::release_pages() {
    released_ = true;
    released_at_ = now_ns(); // before: what runs after the release is mapped back in
    if (auto released = release_idle_pages(); !released)
        log::warn("monitor of {}: {}", config_.container_id, released.error().message());
}

void Monitor::wait_for_exit() {
    // Setting up touched most of the binary; supervising needs little of it.
    release_pages();
    while (true) {
        // Kept from one round to the next: an idle round allocates nothing (see release_idle_pages).
        auto& fds = poll_fds_;
        fds.clear();
        fds.push_back({signals_.get(), POLLIN, 0});
        fds.push_back({listener_.get(), POLLIN, 0});
        fds.push_back({out_ ? out_.get() : -1, POLLIN, 0});
        fds.push_back({err_ ? err_.get() : -1, POLLIN, 0});
        for (auto& client : clients_)
            fds.push_back({client->fd ? client->fd.get() : -1,
                           static_cast<short>((client->input_closed ? 0 : POLLIN) |
                                              (client->pending.empty() ? 0 : POLLOUT)),
                           0});
        int ready = ::poll(fds.data(), fds.size(), released_ ? -1 : kIdleReleaseMs);
        if (ready < 0 && errno != EINTR) return;
        if (ready == 0) {
            release_pages();
            continue;
        }
        released_ = false;
        if (fds[2].revents) forward_output(Stream::Stdout, fds[2].fd);
        if (fds[3].revents) forward_output(Stream::Stderr, fds[3].fd);
        for (size_t i = 0; i < clients_.size(); ++i) {
            Client& client = *clients_[i];
            short revents = fds[4 + i].revents;
            if (!client.fd || !revents) continue;
            if (revents & POLLOUT) flush(client);
            if (client.fd && (revents & (POLLIN | POLLHUP | POLLERR))) read_client(client, revents);
        }
        std::erase_if(clients_, [](const auto& c) { return !c->fd; });
        if (fds[1].revents) accept_clients(false);
        if (fds[0].revents) {
            signalfd_siginfo info{};
            while (::read(signals_.get(), &info, sizeof(info)) == sizeof(info)) {}
            int status = 0;
            pid_t reaped;
            while ((reaped = ::waitpid(-1, &status, WNOHANG)) > 0) {
                if (reaped != pid_) continue;
                drain_output();
                finish(exit_record(status));
                return;
            }
        }
        if (now_ns() - released_at_ > kBusyReleaseNs) release_pages();
    }
}

Result<> Monitor::run() {
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGCHLD);
    sigprocmask(SIG_BLOCK, &mask, nullptr);
    signals_.reset(::signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK));
    std::signal(SIGPIPE, SIG_IGN);
    write_file_atomically(pid_path(bundle_), std::to_string(::getpid()) + "\n", 0600, Durability::Replaced);

    auto listening = listen_on(socket_path(bundle_));
    if (!listening) return std::unexpected(listening.error());
    listener_ = std::move(*listening);
    auto failed = [this](const Error& error) -> Result<> {
        report({{"error", error.message()}, {"category", static_cast<int>(error.category())}});
        return std::unexpected(error);
    };
    if (auto made = make_stdio(); !made) return failed(made.error());
    if (config_.exec_in_pid == 0) {
        logs::ContainerLogInfo info;
        info.id = config_.container_id;
        auto driver = logs::make_log_driver(config_.log_driver, config_.log_opts, config_.log_path, info);
        if (!driver) return failed(driver.error().wrap("starting the log driver"));
        log_ = std::move(*driver);
    }
    if (auto created = create_process(); !created) return failed(created.error());
    report({{"created", pid_}});
    if (config_.pending_attaches > 0) accept_clients(true);
    auto started = process_->start();
    child_in_.reset();
    child_out_.reset();
    child_err_.reset();
    if (!started) {
        // The process never ran its command: record why, as Docker keeps it in State.Error.
        ExitRecord record = exit_record(process_->wait().value_or(127) << 8);
        record.exit_code = started.error().category() == ErrorCategory::NotFound    ? 127
                           : started.error().category() == ErrorCategory::Forbidden ? 126
                                                                                    : 128;
        record.error = started.error().message();
        report({{"error", record.error}, {"category", static_cast<int>(started.error().category())},
                {"exit_code", record.exit_code}});
        // Attached clients (docker exec) read why on stderr, as Docker prints it.
        std::string message = "OCI runtime exec failed: " + record.error + "\n";
        for (auto& client : clients_) {
            if (!client->attach) continue;
            if (config_.tty) client->pending += message;
            else logs::append_frame(client->pending, logs::StdStream::Stderr, message);
        }
        finish(record);
        return {};
    }
    process_->release(); // reaped by wait_for_exit from now on
    report({{"started", pid_}});
    // The monitor lives as long as the container: free what starting took (the
    // spec with its seccomp rules); wait_for_exit gives it back to the kernel.
    config_.spec = {};
    if (startup_fd_ >= 0) ::close(startup_fd_);
    startup_fd_ = -1;
    if (out_) set_nonblocking(out_.get());
    if (err_) set_nonblocking(err_.get());
    wait_for_exit();
    return {};
}

} // namespace

Result<> run_monitor(const std::string& bundle, int startup_fd) {
    auto text = read_file(config_path(bundle));
    if (!text) return std::unexpected(text.error());
    auto parsed = json::parse(*text, nullptr, false);
    if (parsed.is_discarded()) return fail(ErrorCategory::Invalid, "{}: not JSON", config_path(bundle));
    auto config = monitor_config_from_json(parsed);
    if (!config) return std::unexpected(config.error());
    Monitor monitor(bundle, std::move(*config), startup_fd);
    return monitor.run();
}

} // namespace berth::monitor
