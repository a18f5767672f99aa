#include "monitor/monitor_client.h"

#include "base/files.h"

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

namespace berth::monitor {
namespace {

using nlohmann::json;

// One line from the startup pipe; empty when the monitor closed it.
Result<std::string> read_line(int fd, std::string& buffer, int timeout_ms) {
    while (true) {
        if (auto newline = buffer.find('\n'); newline != std::string::npos) {
            std::string line = buffer.substr(0, newline);
            buffer.erase(0, newline + 1);
            return line;
        }
        pollfd ready{fd, POLLIN, 0};
        int polled = ::poll(&ready, 1, timeout_ms);
        if (polled < 0 && errno == EINTR) continue;
        if (polled == 0) return fail(ErrorCategory::System, "the monitor did not answer within {} ms", timeout_ms);
        char chunk[4096];
        ssize_t n = ::read(fd, chunk, sizeof(chunk));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return std::string();
        buffer.append(chunk, static_cast<size_t>(n));
    }
}

Error monitor_error(const json& line) {
    auto category = static_cast<ErrorCategory>(line.value("category", static_cast<int>(ErrorCategory::System)));
    return Error(category, line.value("error", "unknown error"));
}

// fork, setsid, fork: the monitor belongs to no one but init (or a subreaper)
// and survives berthd. Returns once the intermediate child has exited.
Result<> spawn_detached(const std::string& binary, const std::string& bundle, int startup_fd) {
    pid_t middle = ::fork();
    if (middle < 0) return fail_errno("forking for the monitor");
    if (middle == 0) {
        ::setsid();
        pid_t monitor = ::fork();
        if (monitor != 0) ::_exit(monitor < 0 ? 1 : 0);
        ::dup2(startup_fd, 3);
        int null = ::open("/dev/null", O_RDWR);
        ::dup2(null, 0);
        ::dup2(null, 1);
        // stderr stays: the monitor's own complaints land in berthd's log.
        // One call, however many connections berthd holds (a loop to 1024 missed the rest).
        ::close_range(4, ~0U, 0);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, nullptr);
        execl(binary.c_str(), binary.c_str(), bundle.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    int status = 0;
    while (::waitpid(middle, &status, 0) < 0 && errno == EINTR) {}
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return fail(ErrorCategory::System, "could not start the monitor");
    return {};
}

} // namespace

Result<Started> start_monitor(const std::string& monitor_binary, const std::string& bundle,
                              const MonitorConfig& config, const std::function<void(pid_t)>& on_created) {
    if (auto written = write_file_atomically(config_path(bundle), to_json(config).dump(), 0600,
                                              Durability::Replaced);
        !written)
        return std::unexpected(written.error());
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) < 0) return fail_errno("creating the monitor's startup pipe");
    UniqueFd read_end(fds[0]), write_end(fds[1]);
    if (auto spawned = spawn_detached(monitor_binary, bundle, write_end.get()); !spawned)
        return std::unexpected(spawned.error());
    write_end.reset();

    std::string buffer;
    auto line = read_line(read_end.get(), buffer, 30000);
    if (!line) return std::unexpected(line.error());
    if (line->empty()) return fail(ErrorCategory::System, "the monitor ended before creating the container");
    json created = json::parse(*line, nullptr, false);
    if (created.is_discarded() || !created.is_object()) return fail(ErrorCategory::System, "monitor said: {}", *line);
    if (created.contains("error")) return std::unexpected(monitor_error(created));
    pid_t pid = created.value("created", 0);
    on_created(pid);

    line = read_line(read_end.get(), buffer, 30000);
    if (!line) return std::unexpected(line.error());
    if (line->empty()) return fail(ErrorCategory::System, "the monitor ended before starting the container");
    json started = json::parse(*line, nullptr, false);
    if (started.is_discarded() || !started.is_object()) return fail(ErrorCategory::System, "monitor said: {}", *line);
    Started result;
    result.pid = pid;
    if (started.contains("error")) {
        if (!started.contains("exit_code")) return std::unexpected(monitor_error(started));
        ExitRecord record;
        record.exit_code = started.value("exit_code", 127);
        record.error = started.value("error", "");
        result.exec_failed = record;
    }
    return result;
}

Result<std::string> socket_address_path(const std::string& path, UniqueFd& directory) {
    if (path.size() < sizeof(sockaddr_un::sun_path)) return path;
    auto slash = path.rfind('/');
    directory.reset(::open(path.substr(0, slash).c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!directory) return fail_errno("opening the directory of {}", path);
    std::string short_path = std::format("/proc/self/fd/{}/{}", directory.get(), path.substr(slash + 1));
    if (short_path.size() >= sizeof(sockaddr_un::sun_path))
        return fail(ErrorCategory::System, "socket path too long: {}", path);
    return short_path;
}

Result<UniqueFd> connect_monitor(const std::string& bundle, const std::string& command) {
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd) return fail_errno("creating a socket");
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::string path = socket_path(bundle);
    UniqueFd directory;
    auto usable = socket_address_path(path, directory);
    if (!usable) return std::unexpected(usable.error());
    std::copy(usable->begin(), usable->end(), address.sun_path);
    if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof(address)) < 0)
        return fail_errno("connecting to the monitor at {}", path);
    std::string line = command + "\n";
    if (::send(fd.get(), line.data(), line.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(line.size()))
        return fail_errno("talking to the monitor at {}", path);
    return fd;
}

std::optional<ExitRecord> read_exit_record(const std::string& bundle) {
    auto text = read_file(exit_path(bundle));
    if (!text) return std::nullopt;
    auto parsed = json::parse(*text, nullptr, false);
    if (parsed.is_discarded()) return std::nullopt;
    return exit_record_from_json(parsed);
}

bool monitor_alive(const std::string& bundle) {
    auto text = read_file(pid_path(bundle));
    if (!text) return false;
    pid_t pid = std::atoi(text->c_str());
    if (pid <= 0 || ::kill(pid, 0) != 0) return false;
    auto comm = read_file(std::format("/proc/{}/comm", pid));
    return comm && comm->starts_with("berth-monitor");
}

} // namespace berth::monitor
