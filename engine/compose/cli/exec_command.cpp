#include "compose/cli/exec_command.h"

#include "compose/cli/hijacked_io.h"
#include "compose/cli/process_request.h"
#include "compose/cli/project_or_report.h"
#include "compose/converge/engine_calls.h"
#include "compose/converge/log_stream.h"

#include <ostream>
#include <sys/socket.h>
#include <termios.h>
#include <thread>
#include <unistd.h>

namespace berth::compose::cli {
namespace {

struct ExecRequest : ProcessRequest {
    bool privileged = false;
    int index = 1;
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
    auto own_flag = [&](FlagReader& reader, std::string& error) {
        if (auto p = reader.boolean("privileged", "")) {
            request.privileged = *p;
        } else if (auto n = reader.value("index", "", error)) {
            request.index = std::atoi(n->c_str());
        } else {
            return false;
        }
        return true;
    };
    auto shared = parse_process_request(args, "exec", 2, own_flag, err);
    if (!shared)
        return std::nullopt;
    static_cast<ProcessRequest&>(request) = std::move(*shared);
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
    auto project = load_project_or_report(options, err, {request->service});
    if (!project)
        return 1;
    api::EngineClient client(host);
    auto observed = converge::project_containers(client, project->name);
    if (!observed) {
        return report_error(observed.error(), err);
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
        return report_error(created.error(), err);
    }
    std::string exec_id = created->value("Id", "");
    nlohmann::json start = {{"Detach", request->detach}, {"Tty", request->tty}};
    if (request->detach) {
        auto started = converge::call(client, "POST", "/exec/" + exec_id + "/start", start);
        if (!started) {
            return report_error(started.error(), err);
        }
        return 0;
    }
    auto stream = client.hijack("POST", "/exec/" + exec_id + "/start", start.dump());
    if (!stream) {
        return report_error(stream.error(), err);
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
        return report_error(inspected.error(), err);
    }
    return inspected->value("ExitCode", 0);
}

} // namespace berth::compose::cli
