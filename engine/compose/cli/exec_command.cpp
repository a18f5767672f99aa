#include "compose/cli/exec_command.h"

#include "compose/cli/flag_reader.h"
#include "compose/cli/hijacked_io.h"
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
