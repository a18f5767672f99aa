#include "compose/cli/exec_command.h"

#include "compose/cli/flag_reader.h"
#include "compose/converge/engine_calls.h"
#include "compose/converge/log_stream.h"

#include <ostream>
#include <sys/socket.h>
#include <termios.h>
#include <thread>
#include <unistd.h>

namespace berth::compose::cli {
namespace {

struct ExecRequest {
    bool detach = false;
    bool tty = true;
    std::vector<std::string> env;
    std::string user, workdir;
    bool privileged = false;
    int index = 1;
    std::string service;
    std::vector<std::string> command;
};

// The terminal in raw mode while a TTY exec runs; restored on scope exit.
class RawTerminal {
public:
    RawTerminal() {
        if (tcgetattr(STDIN_FILENO, &saved_) != 0)
            return;
        termios raw = saved_;
        cfmakeraw(&raw);
        active_ = tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0;
    }
    ~RawTerminal() {
        if (active_)
            tcsetattr(STDIN_FILENO, TCSANOW, &saved_);
    }
    RawTerminal(const RawTerminal&) = delete;
    RawTerminal& operator=(const RawTerminal&) = delete;

private:
    termios saved_{};
    bool active_ = false;
};

void write_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        ssize_t wrote = write(fd, bytes.data(), bytes.size());
        if (wrote <= 0)
            return;
        bytes.remove_prefix(static_cast<size_t>(wrote));
    }
}

// Copies stdin into the exec until EOF, then half-closes, as the docker CLI does.
// Detached: it may block on a terminal after the exec ended; the process exits anyway.
void pump_stdin(int socket) {
    std::thread([socket] {
        char buffer[8192];
        for (ssize_t got; (got = read(STDIN_FILENO, buffer, sizeof buffer)) > 0;)
            write_all(socket, std::string_view(buffer, static_cast<size_t>(got)));
        shutdown(socket, SHUT_WR);
    }).detach();
}

// The exec's output until the daemon closes: frames demultiplexed (no TTY) or raw.
void copy_output(api::HijackedStream& stream, bool tty) {
    std::string pending;
    auto emit = [&](std::string_view chunk) {
        if (tty) {
            write_all(STDOUT_FILENO, chunk);
            return;
        }
        pending.append(chunk);
        while (pending.size() >= 8) {
            auto byte = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(pending[i])); };
            uint32_t size = byte(4) << 24 | byte(5) << 16 | byte(6) << 8 | byte(7);
            if (pending.size() - 8 < size)
                break;
            write_all(pending[0] == 2 ? STDERR_FILENO : STDOUT_FILENO, std::string_view(pending).substr(8, size));
            pending.erase(0, 8 + size);
        }
    };
    emit(stream.early);
    char buffer[16384];
    for (ssize_t got; (got = read(stream.fd.get(), buffer, sizeof buffer)) > 0;)
        emit(std::string_view(buffer, static_cast<size_t>(got)));
}

std::optional<ExecRequest> parse(const std::vector<std::string>& args, std::ostream& err) {
    ExecRequest request;
    FlagReader reader(args);
    std::string error;
    while (!reader.done() && error.empty() && reader.peek().starts_with("-")) {
        if (auto d = reader.boolean("detach", "d")) {
            request.detach = *d;
        } else if (auto no_tty = reader.boolean("no-TTY", "T")) {
            request.tty = !*no_tty;
        } else if (auto i = reader.boolean("interactive", "i")) {
        } else if (auto p = reader.boolean("privileged", "")) {
            request.privileged = *p;
        } else if (auto e = reader.value("env", "e", error)) {
            request.env.push_back(*e);
        } else if (auto u = reader.value("user", "u", error)) {
            request.user = *u;
        } else if (auto w = reader.value("workdir", "w", error)) {
            request.workdir = *w;
        } else if (auto n = reader.value("index", "", error)) {
            request.index = std::atoi(n->c_str());
        } else if (error.empty()) {
            error = "unknown flag: " + reader.peek().substr(0, reader.peek().find('='));
        }
    }
    if (error.empty() && reader.done())
        error = "\"compose exec\" requires at least 2 arguments.";
    if (!error.empty()) {
        err << error << "\n";
        return std::nullopt;
    }
    request.service = reader.peek();
    for (reader.skip(); !reader.done(); reader.skip())
        request.command.push_back(reader.peek());
    if (request.command.empty()) {
        err << "\"compose exec\" requires at least 2 arguments.\n";
        return std::nullopt;
    }
    return request;
}

} // namespace

int run_exec(const std::vector<std::string>& args, const ComposeOptions& options, const std::string& host,
             std::ostream& /*out*/, std::ostream& err) {
    auto request = parse(args, err);
    if (!request)
        return 1;
    // A TTY only when there is a terminal to give it.
    request->tty = request->tty && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
    auto project = load_compose_project(options);
    if (!project) {
        err << project.error().message() << "\n";
        return 1;
    }
    if (!typed_model(*project).service(request->service)) {
        err << "no such service: " << request->service << "\n";
        return 1;
    }
    api::EngineClient client(host);
    auto observed = converge::project_containers(client, project->name);
    if (!observed) {
        err << observed.error().message() << "\n";
        return 1;
    }
    const converge::ObservedContainer* target = nullptr;
    for (const auto& container : *observed)
        if (!container.oneoff && container.service == request->service && container.number == request->index &&
            container.state == "running")
            target = &container;
    if (!target) {
        err << "service \"" << request->service << "\" is not running\n";
        return 1;
    }
    nlohmann::json body = {{"AttachStdin", !request->detach},
                           {"AttachStdout", !request->detach},
                           {"AttachStderr", !request->detach},
                           {"Tty", request->tty},
                           {"Cmd", request->command},
                           {"Privileged", request->privileged}};
    if (!request->env.empty())
        body["Env"] = request->env;
    if (!request->user.empty())
        body["User"] = request->user;
    if (!request->workdir.empty())
        body["WorkingDir"] = request->workdir;
    auto created = converge::call(client, "POST", "/containers/" + target->id + "/exec", body);
    if (!created) {
        err << created.error().message() << "\n";
        return 1;
    }
    std::string exec_id = created->value("Id", "");
    nlohmann::json start = {{"Detach", request->detach}, {"Tty", request->tty}};
    if (request->detach) {
        auto started = converge::call(client, "POST", "/exec/" + exec_id + "/start", start);
        if (!started) {
            err << started.error().message() << "\n";
            return 1;
        }
        return 0;
    }
    auto stream = client.hijack("POST", "/exec/" + exec_id + "/start", start.dump());
    if (!stream) {
        err << stream.error().message() << "\n";
        return 1;
    }
    {
        std::optional<RawTerminal> raw;
        if (request->tty)
            raw.emplace();
        pump_stdin(stream->fd.get());
        copy_output(*stream, request->tty);
    }
    auto inspected = client.get_json("/exec/" + exec_id + "/json");
    if (!inspected) {
        err << inspected.error().message() << "\n";
        return 1;
    }
    return inspected->value("ExitCode", 0);
}

} // namespace berth::compose::cli
