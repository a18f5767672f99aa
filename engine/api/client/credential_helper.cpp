#include "api/client/credential_helper.h"

#include "base/unique_fd.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <optional>
#include <poll.h>
#include <spawn.h>
#include <thread>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace berth::api {
namespace {

// The docker-credential-helpers protocol's word for "no such entry".
constexpr std::string_view kNotFound = "credentials not found in native keychain";

struct Pipe {
    UniqueFd read;
    UniqueFd write;
};

Result<Pipe> make_pipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return fail_errno("creating a pipe");
    return Pipe{UniqueFd(fds[0]), UniqueFd(fds[1])};
}

// The helper's stdin is a socket so that we write it with MSG_NOSIGNAL: a
// helper that exits without reading must not kill us with SIGPIPE.
Result<Pipe> make_input() {
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
        return fail_errno("creating a socket pair");
    ::shutdown(fds[0], SHUT_WR);
    return Pipe{UniqueFd(fds[0]), UniqueFd(fds[1])};
}

// posix_spawnp, not fork: the app and berth compose are many-threaded.
Result<pid_t> spawn_helper(const std::string& program, int stdin_fd, int stdout_fd) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, stdin_fd, 0);
    posix_spawn_file_actions_adddup2(&actions, stdout_fd, 1);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    std::string verb = "get";
    char* argv[] = {const_cast<char*>(program.c_str()), verb.data(), nullptr};
    pid_t pid = -1;
    int rc = posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) return std::unexpected(Error::from_errno(rc, "exec: \"" + program + "\""));
    return pid;
}

// The helper's stdout up to its end, or an error when `deadline` passes first.
Result<std::string> read_until_eof(int fd, std::chrono::steady_clock::time_point deadline) {
    std::string out;
    char buffer[4096];
    for (;;) {
        auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return fail(ErrorCategory::Unavailable, "no answer in time");
        pollfd waiting{fd, POLLIN, 0};
        int ready = ::poll(&waiting, 1, static_cast<int>(left.count()));
        if (ready < 0 && errno == EINTR) continue;
        if (ready < 0) return fail_errno("waiting for its answer");
        if (ready == 0) continue;
        ssize_t got = ::read(fd, buffer, sizeof buffer);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) return fail_errno("reading its answer");
        if (got == 0) return out;
        out.append(buffer, static_cast<size_t>(got));
    }
}

// Its exit status, or nullopt when it was still running at `deadline` (it
// closed its stdout but goes on, or never answered) and was killed, or when
// it cannot be waited for.
std::optional<int> reap(pid_t pid, std::chrono::steady_clock::time_point deadline) {
    int status = 0;
    for (;;) {
        pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid) return status;
        if (done < 0 && errno != EINTR) return std::nullopt; // reaped elsewhere: its status is unknown
        if (std::chrono::steady_clock::now() >= deadline) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    ::kill(pid, SIGKILL);
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return std::nullopt;
}

std::string trimmed(std::string text) {
    auto end = text.find_last_not_of(" \t\r\n");
    text.erase(end == std::string::npos ? 0 : end + 1);
    return text.substr(std::min(text.size(), text.find_first_not_of(" \t\r\n")));
}

Result<HelperCredentials> parse_answer(const std::string& out) {
    auto answer = nlohmann::json::parse(out, nullptr, false);
    if (!answer.is_object() || !answer.contains("Secret") || !answer["Secret"].is_string())
        // Not shown: it may hold a secret.
        return fail(ErrorCategory::System, "its answer is not a credential");
    return HelperCredentials{answer.value("Username", ""), answer["Secret"].get<std::string>()};
}

} // namespace

Result<HelperCredentials> run_credential_helper(const std::string& helper, const std::string& server_address,
                                                std::chrono::milliseconds timeout) {
    const std::string program = "docker-credential-" + helper;
    auto context = [&](Error error) {
        return std::unexpected(std::move(error).wrap("error getting credentials from {}", program));
    };
    auto input = make_input();
    auto output = make_pipe();
    if (!input) return context(input.error());
    if (!output) return context(output.error());
    auto pid = spawn_helper(program, input->read.get(), output->write.get());
    if (!pid) return context(pid.error());
    input->read.reset();
    output->write.reset();
    // A server address is far shorter than a socket's buffer: this send never
    // blocks. A helper that did not read it says so in its answer.
    [[maybe_unused]] auto sent =
        ::send(input->write.get(), server_address.data(), server_address.size(), MSG_NOSIGNAL);
    input->write.reset();
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    auto out = read_until_eof(output->read.get(), deadline);
    auto status = reap(*pid, out ? deadline : std::chrono::steady_clock::now());
    if (!out) return context(out.error());
    // Killed: what it printed is not trusted (nor shown: it may hold a secret).
    if (!status) return context(Error(ErrorCategory::Unavailable, "it did not exit in time"));
    if (!WIFEXITED(*status) || WEXITSTATUS(*status) != 0) {
        std::string said = trimmed(*out);
        if (said == kNotFound) return fail(ErrorCategory::NotFound, "{}", said);
        // Its words, as the docker CLI shows them, unless they look like an
        // answer (JSON) or run long: those may hold a secret.
        bool shown = !said.empty() && said.size() <= 200 && said.find('{') == std::string::npos;
        return context(Error(ErrorCategory::System, shown ? said : "it failed"));
    }
    auto credentials = parse_answer(*out);
    if (!credentials) return context(credentials.error());
    return credentials;
}

} // namespace berth::api
