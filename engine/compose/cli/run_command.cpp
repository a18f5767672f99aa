#include "compose/cli/run_command.h"

#include "compose/cli/hijacked_io.h"
#include "compose/cli/process_request.h"
#include "compose/cli/project_or_report.h"
#include "compose/converge/container_body.h"
#include "compose/converge/dependency_order.h"
#include "compose/converge/engine_calls.h"
#include "compose/converge/resources.h"
#include "compose/converge/unhonoured_fields.h"
#include "compose/converge/up.h"
#include "compose/shell_words.h"

#include <fstream>
#include <ostream>
#include <unistd.h>

namespace berth::compose::cli {
namespace {

struct RunRequest : ProcessRequest {
    bool remove = false, no_deps = false, service_ports = false;
    std::string name;
    std::optional<std::string> entrypoint;
};

std::optional<RunRequest> parse(const std::vector<std::string>& args, std::ostream& err) {
    RunRequest request;
    auto own_flag = [&](FlagReader& reader, std::string& error) {
        if (auto rm = reader.boolean("rm", "")) {
            request.remove = *rm;
        } else if (auto no_deps = reader.boolean("no-deps", "")) {
            request.no_deps = *no_deps;
        } else if (auto ports = reader.boolean("service-ports", "")) {
            request.service_ports = *ports;
        } else if (auto n = reader.value("name", "", error)) {
            request.name = *n;
        } else if (auto entry = reader.value("entrypoint", "", error)) {
            request.entrypoint = *entry;
        } else {
            return false;
        }
        return true;
    };
    auto shared = parse_process_request(args, "run", 1, own_flag, err);
    if (!shared)
        return std::nullopt;
    static_cast<ProcessRequest&>(request) = std::move(*shared);
    return request;
}

// 64 hex characters from the kernel's random source (docker compose's slug).
std::string random_slug() {
    std::ifstream random("/dev/urandom", std::ios::binary);
    std::string out;
    constexpr const char* kHex = "0123456789abcdef";
    for (int i = 0; i < 32; ++i) {
        auto byte = static_cast<unsigned char>(random.get());
        out += kHex[byte >> 4];
        out += kHex[byte & 15];
    }
    return out;
}

// The service's create body turned into a one-off's.
nlohmann::json one_off_body(nlohmann::json body, const RunRequest& request, const std::string& slug) {
    body["Labels"][converge::kOneoffLabel] = "True";
    body["Labels"]["com.docker.compose.slug"] = slug;
    if (!request.command.empty())
        body["Cmd"] = request.command;
    if (request.entrypoint) {
        auto words = split_shell_words(*request.entrypoint);
        body["Entrypoint"] = words ? nlohmann::json(*words) : nlohmann::json::array({*request.entrypoint});
    }
    for (const auto& variable : request.env)
        body["Env"].push_back(variable);
    if (!request.user.empty())
        body["User"] = request.user;
    if (!request.workdir.empty())
        body["WorkingDir"] = request.workdir;
    body["Tty"] = request.tty;
    bool attached = !request.detach;
    body["AttachStdin"] = attached;
    body["OpenStdin"] = attached;
    body["StdinOnce"] = attached;
    body["AttachStdout"] = attached;
    body["AttachStderr"] = attached;
    if (!request.service_ports)
        body["HostConfig"].erase("PortBindings");
    body["HostConfig"].erase("RestartPolicy");
    return body;
}

} // namespace

int run_run(const std::vector<std::string>& args, const ComposeOptions& options, const std::string& host,
            std::ostream& out, std::ostream& err) {
    auto request = parse(args, err);
    if (!request)
        return 1;
    request->tty = request->tty && !request->detach && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
    auto project = load_project_or_report(options, err, {request->service});
    if (!project)
        return project.error();
    ProjectModel model = typed_model(*project);
    const ServiceModel* service = model.service(request->service);
    api::EngineClient client(host);
    converge::Progress progress(err);
    if (auto ok = converge::refuse_unhonoured_fields(project->model, {service->name}); !ok)
        return report_error(ok.error(), err);
    auto needed = converge::with_dependencies(model, {service->name});
    needed.erase(service->name);
    if (!request->no_deps && !needed.empty()) {
        converge::UpOptions up_options;
        up_options.services = needed;
        if (auto ok = converge::up(client, *project, up_options, progress); !ok)
            return report_error(ok.error(), err);
    } else if (auto ok = converge::ensure_networks(client, *project, progress); !ok)
        return report_error(ok.error(), err); else if (auto volumes = converge::ensure_volumes(client, *project, progress); !volumes)
        return report_error(volumes.error(), err);
    auto image_id = converge::ensure_image(client, *service, progress);
    if (!image_id)
        return report_error(image_id.error(), err);
    const ConfigValue& config = *project->model.find("services")->find(service->name);
    converge::ContainerSpec spec{model, *service, config, 1, *image_id};
    std::string slug = random_slug();
    std::string name = request->name.empty() ? project->name + "-" + service->name + "-run-" + slug.substr(0, 12)
                                             : request->name;
    auto body = one_off_body(converge::container_create_body(spec), *request, slug);
    auto created = converge::call(client, "POST", "/containers/create?name=" + converge::url_escape(name), body);
    if (!created)
        return report_error(created.error(), err);
    std::string id = created->value("Id", "");
    if (request->detach) {
        if (auto ok = converge::call(client, "POST", "/containers/" + id + "/start"); !ok)
            return report_error(ok.error(), err);
        out << name << "\n";
        return 0;
    }
    auto stream = client.hijack("POST", "/containers/" + id + "/attach?stream=1&stdin=1&stdout=1&stderr=1");
    if (!stream)
        return report_error(stream.error(), err);
    if (auto ok = converge::call(client, "POST", "/containers/" + id + "/start"); !ok)
        return report_error(ok.error(), err);
    pump_stdin(stream->fd.get());
    copy_output(*stream, request->tty);
    auto waited = converge::call(client, "POST", "/containers/" + id + "/wait");
    int status = waited ? waited->value("StatusCode", 0) : 1;
    if (!waited)
        err << waited.error().message() << "\n";
    if (request->remove)
        if (auto ok = converge::call(client, "DELETE", "/containers/" + id + "?force=1&v=1"); !ok)
            err << ok.error().message() << "\n";
    return status;
}

} // namespace berth::compose::cli
