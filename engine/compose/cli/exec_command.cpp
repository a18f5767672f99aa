#include "compose/cli/exec_command.h"

#include "compose/cli/hijacked_io.h"
#include "compose/cli/process_request.h"
#include "compose/cli/project_or_report.h"
#include "compose/converge/engine_calls.h"
#include "compose/converge/log_stream.h"

#include <ostream>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace berth::compose::cli {
namespace {

struct ExecRequest : ProcessRequest {
    bool privileged = false;
    int index = 1;
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
    api::EngineClient client(host);
    auto selection = load_containers_or_report(options, {request->service}, client, err);
    if (!selection)
        return selection.error();
    const converge::ObservedContainer* target = nullptr;
    for (const auto& container : selection->containers)
        if (container.number == request->index && container.state == "running")
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
    if (!created)
        return report_error(created.error(), err);
    std::string exec_id = created->value("Id", "");
    nlohmann::json start = {{"Detach", request->detach}, {"Tty", request->tty}};
    if (request->detach) {
        auto started = converge::call(client, "POST", "/exec/" + exec_id + "/start", start);
        if (!started)
            return report_error(started.error(), err);
        return 0;
    }
    auto stream = client.hijack("POST", "/exec/" + exec_id + "/start", start.dump());
    if (!stream)
        return report_error(stream.error(), err);
    {
        std::optional<RawTerminal> raw;
        if (request->tty)
            raw.emplace();
        pump_stdin(stream->fd.get());
        copy_output(*stream, request->tty);
    }
    auto inspected = client.get_json("/exec/" + exec_id + "/json");
    if (!inspected)
        return report_error(inspected.error(), err);
    return inspected->value("ExitCode", 0);
}

} // namespace berth::compose::cli
