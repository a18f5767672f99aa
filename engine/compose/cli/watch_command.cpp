#include "compose/cli/watch_command.h"

#include "compose/cli/build_command.h"
#include "compose/cli/converge_commands.h"
#include "compose/cli/file_watcher.h"
#include "compose/cli/flag_reader.h"
#include "compose/cli/local_archive.h"
#include "compose/cli/project_or_report.h"
#include "compose/cli/watch_rules.h"
#include "compose/converge/engine_calls.h"
#include "compose/converge/labels.h"

#include <atomic>
#include <csignal>
#include <ostream>
#include <thread>

namespace berth::compose::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace std::chrono_literals;

std::atomic<bool> stop_requested{false};
extern "C" void request_stop(int) { stop_requested = true; }

struct WatchRequest {
    bool up = true;
    std::set<std::string> services;
};

std::optional<WatchRequest> parse(const std::vector<std::string>& args, std::ostream& err) {
    WatchRequest request;
    FlagReader reader(args);
    std::string error;
    while (!reader.done() && error.empty()) {
        if (auto no_up = reader.boolean("no-up", "")) {
            request.up = !*no_up;
        } else if (reader.boolean("quiet", "") || reader.boolean("prune", "")) {
        } else {
            reader.take_word(request.services, "watch", error);
        }
    }
    if (FlagReader::reported(error, err))
        return std::nullopt;
    return request;
}

Result<> expect_success(const Result<api::ClientResponse>& response) {
    if (!response)
        return std::unexpected(response.error());
    if (response->status / 100 != 2)
        return std::unexpected(api::error_from_response(*response));
    return {};
}

// `command` run in the container as an exec, waited for; its exit status must be 0.
Result<> exec_in(api::EngineClient& client, const std::string& id, const json& command) {
    auto created = client.request("POST", "/containers/" + id + "/exec",
                                  json{{"Cmd", command}, {"AttachStdout", false}, {"AttachStderr", false}}.dump());
    if (auto ok = expect_success(created); !ok)
        return ok;
    std::string exec_id = json::parse(created->body, nullptr, false).value("Id", "");
    if (auto ok = expect_success(client.request("POST", "/exec/" + exec_id + "/start", R"({"Detach": true})")); !ok)
        return ok;
    for (int attempt = 0; attempt < 200; ++attempt) {
        auto state = client.get_json("/exec/" + exec_id + "/json");
        if (!state)
            return std::unexpected(state.error());
        if (!state->value("Running", false)) {
            int code = state->value("ExitCode", 0);
            if (code != 0)
                return fail(ErrorCategory::System, "{} exited with {}", command.dump(), code);
            return {};
        }
        std::this_thread::sleep_for(50ms);
    }
    return fail(ErrorCategory::System, "{} still running after 10 s", command.dump());
}

// One path into one container: copied when it is on the host, removed there when it is not.
Result<> sync_path(api::EngineClient& client, const std::string& id, const SyncPath& path) {
    std::error_code missing;
    if (!fs::exists(fs::symlink_status(path.host, missing)))
        return exec_in(client, id, json::array({"rm", "-rf", path.container}));
    fs::path target(path.container);
    auto tar = pack_path(path.host, target.filename().string());
    if (!tar)
        return std::unexpected(tar.error());
    std::string into = "/containers/" + id + "/archive?path=" + converge::url_escape(target.parent_path().string());
    auto put = client.request("PUT", into, *tar, "application/x-tar");
    if (put && put->status == 404) { // its directory is not there yet
        if (auto made = exec_in(client, id, json::array({"mkdir", "-p", target.parent_path().string()})); !made)
            return made;
        put = client.request("PUT", into, *tar, "application/x-tar");
    }
    return expect_success(put);
}

void write_sync_message(std::ostream& out, const std::string& service, size_t paths) {
    if (paths <= 10)
        out << "Syncing \"" << service << "\" after changes were detected\n";
    else
        out << "Syncing service \"" << service << "\" after " << paths << " changes were detected\n";
}

Result<> sync_service(api::EngineClient& client, const ComposeProject& project, const std::string& service,
                      const WatchWork& work, std::ostream& out) {
    write_sync_message(out, service, work.sync.size());
    out << std::flush;
    auto containers = converge::project_containers(client, project.name);
    if (!containers)
        return std::unexpected(containers.error());
    for (const auto& container : *containers) {
        if (container.service != service || container.oneoff || container.state != "running")
            continue;
        for (const auto& path : work.sync)
            if (auto synced = sync_path(client, container.id, path); !synced)
                return std::unexpected(std::move(synced.error()).wrap("syncing {} to {}", path.host.string(), container.name));
        if (work.restart)
            if (auto ok = expect_success(client.request("POST", "/containers/" + container.id + "/restart")); !ok)
                return ok;
    }
    return {};
}

void rebuild_service(const ComposeOptions& options, const std::string& host, const std::string& service,
                     std::ostream& out, std::ostream& err) {
    out << "Rebuilding service \"" << service << "\" after changes were detected...\n" << std::flush;
    if (run_build({service}, options, host, out, err) != 0) {
        out << "Build failed.\n";
        return;
    }
    out << "service \"" << service << "\" successfully built\n" << std::flush;
    if (run_up({"-d", "--no-deps", "--force-recreate", service}, options, host, out, err) != 0)
        out << "Failed to recreate service after update.\n";
}

} // namespace

int run_watch(const std::vector<std::string>& args, const ComposeOptions& options, const std::string& host,
              std::ostream& out, std::ostream& err) {
    auto request = parse(args, err);
    if (!request)
        return 1;
    auto project = load_project_or_report(options, err, request->services);
    if (!project)
        return project.error();
    auto watches = watch_rules(*project, request->services);
    if (!watches)
        return report_error(watches.error(), err);
    if (request->up) {
        std::vector<std::string> up_args = {"-d"};
        up_args.insert(up_args.end(), request->services.begin(), request->services.end());
        if (int status = run_up(up_args, options, host, out, err); status != 0)
            return status;
    }
    std::vector<fs::path> roots;
    for (const auto& watch : *watches)
        for (const auto& rule : watch.rules)
            roots.push_back(rule.path);
    auto watcher = FileWatcher::open(roots);
    if (!watcher)
        return report_error(watcher.error(), err);
    stop_requested = false;
    std::signal(SIGINT, request_stop);
    std::signal(SIGTERM, request_stop);
    api::EngineClient client(host);
    out << "Watch enabled\n" << std::flush;
    while (!stop_requested) {
        auto changed = watcher->wait(500ms, 250ms);
        if (!changed)
            return report_error(changed.error(), err);
        for (const auto& watch : *watches) {
            WatchWork work = watch_work(watch, *changed);
            if (work.rebuild)
                rebuild_service(options, host, watch.service, out, err);
            else if (!work.sync.empty())
                if (auto synced = sync_service(client, *project, watch.service, work, out); !synced)
                    err << "Error handling changed files for service " << watch.service << ": "
                        << synced.error().message() << "\n";
        }
    }
    out << "Watch disabled\n";
    return 0;
}

} // namespace berth::compose::cli
