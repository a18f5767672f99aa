#include "compose/cli/wait_command.h"

#include "compose/cli/flag_reader.h"
#include "compose/cli/project_or_report.h"
#include "compose/converge/engine_calls.h"
#include "compose/converge/up.h"

#include <mutex>
#include <optional>
#include <ostream>
#include <thread>

namespace berth::compose::cli {

Result<int64_t> wait_for_exit(const std::string& host, const std::string& id) {
    api::EngineClient client(host);
    std::string answer;
    auto waited = client.stream("POST", "/containers/" + id + "/wait", [&](std::string_view chunk) {
        answer += chunk;
        return true;
    });
    if (!waited)
        return std::unexpected(waited.error());
    auto parsed = nlohmann::json::parse(answer, nullptr, false);
    if (!parsed.is_object())
        return fail(ErrorCategory::System, "waiting for container {}: the engine answered {}", id, answer);
    return parsed.value("StatusCode", int64_t{0});
}

int run_wait(const std::vector<std::string>& args, const ComposeOptions& options, const std::string& host,
             std::ostream& out, std::ostream& err) {
    bool down_project = false;
    std::set<std::string> services;
    FlagReader reader(args);
    std::string error;
    while (!reader.done() && error.empty()) {
        if (auto down = reader.boolean("down-project", ""))
            down_project = *down;
        else
            reader.take_word(services, "wait", error);
    }
    if (error.empty() && services.empty())
        error = "\"compose wait\" requires at least 1 argument.";
    if (FlagReader::reported(error, err))
        return 1;
    api::EngineClient client(host);
    // docker compose waits for one-off containers of the services too.
    auto selection = load_containers_or_report(options, services, client, err, true);
    if (!selection)
        return selection.error();
    const auto& project = selection->project;
    auto* observed = &selection->containers;
    std::erase_if(*observed, [](const converge::ObservedContainer& container) { return container.state != "running"; });
    if (observed->empty()) {
        err << "no containers for project \"" << project.name << "\"\n";
        return 1;
    }
    std::mutex mutex;
    int64_t status = 0;
    std::optional<Error> failure;
    {
        std::vector<std::jthread> waiters;
        for (const auto& container : *observed)
            waiters.emplace_back([&, id = container.id] {
                auto code = wait_for_exit(host, id);
                std::lock_guard lock(mutex);
                if (!code) {
                    failure = code.error();
                    return;
                }
                out << "container \"" << id << "\" exited with status code " << *code << "\n" << std::flush;
                status = *code;
            });
    }
    if (failure) {
        report_error(*failure, err);
        return 42; // docker compose's status when waiting itself failed
    }
    if (down_project) {
        converge::Progress progress(err);
        converge::DownOptions down;
        down.remove_orphans = true;
        if (auto ok = converge::down(client, project, down, progress); !ok)
            return report_error(ok.error(), err);
    }
    return static_cast<int>(status);
}

} // namespace berth::compose::cli
