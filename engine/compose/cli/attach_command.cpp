#include "compose/cli/attach_command.h"

#include "compose/cli/flag_reader.h"
#include "compose/cli/hijacked_io.h"
#include "compose/cli/project_or_report.h"
#include "compose/cli/wait_command.h"
#include "compose/converge/engine_calls.h"

#include <optional>
#include <ostream>

namespace berth::compose::cli {
namespace {

// The docker CLI's inspectContainerAndCheckState words.
std::string refusal(const nlohmann::json& state) {
    if (!state.value("Running", false))
        return "You cannot attach to a stopped container, start it first";
    if (state.value("Paused", false))
        return "You cannot attach to a paused container, unpause it first";
    if (state.value("Restarting", false))
        return "You cannot attach to a restarting container, wait until it is running";
    return {};
}

} // namespace

int run_attach(const std::vector<std::string>& args, const ComposeOptions& options, const std::string& host,
               std::ostream& /*out*/, std::ostream& err) {
    int index = 0;
    bool no_stdin = false;
    std::set<std::string> services;
    FlagReader reader(args);
    std::string error;
    while (!reader.done() && error.empty()) {
        if (auto n = reader.value("index", "", error))
            index = std::atoi(n->c_str());
        else if (auto none = reader.boolean("no-stdin", ""))
            no_stdin = *none;
        else if (reader.boolean("sig-proxy", "") || reader.value("detach-keys", "", error)) {
        } else
            reader.take_word(services, "attach", error);
    }
    if (error.empty() && services.size() != 1)
        error = "\"compose attach\" requires exactly 1 argument.";
    if (FlagReader::reported(error, err))
        return 1;
    const std::string service = *services.begin();
    api::EngineClient client(host);
    auto selection = load_containers_or_report(options, services, client, err);
    if (!selection)
        return selection.error();
    const converge::ObservedContainer* target = nullptr;
    for (const auto& container : selection->containers)
        if (container.state == "running" && (index == 0 || container.number == index) &&
            (!target || container.number < target->number))
            target = &container;
    if (!target) {
        err << "service \"" << service << "\" is not running\n";
        return 1;
    }
    auto inspected = client.get_json("/containers/" + target->id + "/json");
    if (!inspected)
        return report_error(inspected.error(), err);
    if (auto refused = refusal(inspected->value("State", nlohmann::json::object())); !refused.empty()) {
        err << refused << "\n";
        return 1;
    }
    const auto& config = inspected->value("Config", nlohmann::json::object());
    bool tty = config.value("Tty", false);
    bool stdin_attached = !no_stdin && config.value("OpenStdin", false);
    auto stream = client.hijack("POST", "/containers/" + target->id + "/attach?stream=1&stdout=1&stderr=1" +
                                            (stdin_attached ? "&stdin=1" : ""));
    if (!stream)
        return report_error(stream.error(), err);
    {
        std::optional<RawTerminal> raw;
        if (tty && stdin_attached && isatty(STDIN_FILENO))
            raw.emplace();
        if (stdin_attached)
            pump_stdin(stream->fd.get());
        copy_output(*stream, tty);
    }
    auto status = wait_for_exit(host, target->id);
    return status ? static_cast<int>(*status) : report_error(status.error(), err);
}

} // namespace berth::compose::cli
