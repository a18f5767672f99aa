#include "compose/cli/service_verbs.h"

#include "compose/cli/flag_reader.h"
#include "compose/cli/project_or_report.h"
#include "compose/cli/table.h"
#include "compose/converge/engine_calls.h"
#include "compose/converge/image_pull.h"
#include "compose/converge/labels.h"
#include "compose/converge/progress.h"

#include <iostream>
#include <map>
#include <set>
#include <unistd.h>

namespace berth::compose::cli {
namespace {

using converge::ObservedContainer;

// One engine call per container, with docker compose's two progress words.
bool act_on_each(api::EngineClient& client, const std::vector<ObservedContainer>& containers, const std::string& action,
                 const std::string& doing, const std::string& done, std::ostream& err) {
    converge::Progress progress(err);
    for (const auto& container : containers) {
        auto resource = converge::container_resource(container.name);
        progress.event(resource, doing);
        std::string target = "/containers/" + container.id + action;
        auto ok = action.starts_with("?") || action.empty()
                      ? converge::call(client, "DELETE", target)
                      : converge::call(client, "POST", target);
        if (!ok) {
            report_error(ok.error(), err);
            return false;
        }
        progress.event(resource, done);
    }
    return true;
}

// docker compose's status when a pull failed (what 2.26.1 returns).
constexpr int kPullFailed = 18;

// The daemon's own message without our client's "Error response from daemon (503): " prefix.
std::string daemon_words(const std::string& message) {
    constexpr std::string_view kPrefix = "Error response from daemon (";
    if (!message.starts_with(kPrefix))
        return message;
    auto end = message.find("): ");
    return end == std::string::npos ? message : message.substr(end + 3);
}

bool running(const ObservedContainer& container) { return container.state == "running"; }

// rm: stopped containers (after stopping running ones with -s), asked for unless -f.
int remove_stopped(api::EngineClient& client, std::vector<ObservedContainer> containers, bool force, bool stop,
                   bool volumes, std::ostream& err) {
    if (stop) {
        std::vector<ObservedContainer> up;
        for (auto& container : containers)
            if (running(container) || container.state == "paused") {
                up.push_back(container);
                container.state = "exited";
            }
        if (!act_on_each(client, up, "/stop", "Stopping", "Stopped", err))
            return 1;
    }
    std::erase_if(containers, [](const auto& container) { return running(container) || container.state == "paused"; });
    if (containers.empty()) {
        err << "No stopped containers\n";
        return 0;
    }
    if (!force) {
        std::string names;
        for (const auto& container : containers)
            names += (names.empty() ? "" : ", ") + container.name;
        err << "Going to remove " << names << "\n? Are you sure? (y/N) " << std::flush;
        std::string answer;
        std::getline(std::cin, answer);
        if (!answer.starts_with("y") && !answer.starts_with("Y"))
            return 0;
    }
    return act_on_each(client, containers, volumes ? "?v=1" : "", "Removing", "Removed", err) ? 0 : 1;
}

} // namespace

int run_container_verb(const std::string& verb, const std::vector<std::string>& args, const ComposeOptions& options,
                       const std::string& host, std::ostream& /*out*/, std::ostream& err) {
    std::set<std::string> services;
    std::string signal = "SIGKILL";
    bool force = false, stop = false, volumes = false;
    FlagReader reader(args);
    std::string error;
    while (!reader.done() && error.empty()) {
        if (auto given = verb == "kill" ? reader.value("signal", "s", error) : std::nullopt) {
            signal = *given;
        } else if (auto f = verb == "rm" ? reader.boolean("force", "f") : std::nullopt) {
            force = *f;
        } else if (auto s = verb == "rm" ? reader.boolean("stop", "s") : std::nullopt) {
            stop = *s;
        } else if (auto v = verb == "rm" ? reader.boolean("volumes", "v") : std::nullopt) {
            volumes = *v;
        } else {
            reader.take_word(services, verb, error);
        }
    }
    if (FlagReader::reported(error, err))
        return 1;
    api::EngineClient client(host);
    auto selection = load_containers_or_report(options, services, client, err);
    if (!selection)
        return selection.error();
    auto& containers = selection->containers;
    if (verb == "rm")
        return remove_stopped(client, containers, force, stop, volumes, err);
    if (verb == "pause") {
        std::erase_if(containers, [](const auto& container) { return !running(container); });
        return act_on_each(client, containers, "/pause", "Pausing", "Paused", err) ? 0 : 1;
    }
    if (verb == "unpause") {
        std::erase_if(containers, [](const auto& container) { return container.state != "paused"; });
        return act_on_each(client, containers, "/unpause", "Unpausing", "Unpaused", err) ? 0 : 1;
    }
    std::erase_if(containers, [](const auto& container) { return !running(container); });
    if (containers.empty()) {
        err << "no container to kill\n";
        return 0;
    }
    return act_on_each(client, containers, "/kill?signal=" + converge::url_escape(signal), "Killing", "Killed", err)
               ? 0
               : 1;
}

int run_top(const std::vector<std::string>& args, const ComposeOptions& options, const std::string& host,
            std::ostream& out, std::ostream& err) {
    std::set<std::string> services;
    for (const auto& word : args) {
        if (word.starts_with("-")) {
            err << unknown_word(word, "top") << "\n";
            return 1;
        }
        services.insert(word);
    }
    api::EngineClient client(host);
    auto selection = load_containers_or_report(options, services, client, err);
    if (!selection)
        return selection.error();
    for (const auto& container : selection->containers) {
        if (!running(container))
            continue;
        auto top = client.get_json("/containers/" + container.id + "/top");
        if (!top)
            return report_error(top.error(), err);
        std::vector<std::vector<std::string>> rows;
        rows.push_back(top->value("Titles", std::vector<std::string>{}));
        // docker compose ends each process cell with a tab (so the command is padded too), not the titles:
        // an empty last cell gives that; its tabwriter's least cell width is 5.
        for (const auto& process : top->value("Processes", nlohmann::json::array())) {
            rows.push_back(process.get<std::vector<std::string>>());
            rows.back().emplace_back();
        }
        out << container.name << "\n";
        print_table(rows, out, 5);
        out << "\n";
    }
    return 0;
}

int run_port(const std::vector<std::string>& args, const ComposeOptions& options, const std::string& host,
             std::ostream& out, std::ostream& err) {
    std::string protocol = "tcp", index = "1";
    std::vector<std::string> words;
    FlagReader reader(args);
    std::string error;
    while (!reader.done() && error.empty()) {
        if (auto given = reader.value("protocol", "", error)) {
            protocol = *given;
        } else if (auto number = reader.value("index", "", error)) {
            index = *number;
        } else if (!error.empty()) {
        } else if (!reader.peek().starts_with("-")) {
            words.push_back(reader.peek());
            reader.skip();
        } else {
            error = unknown_word(reader.peek(), "port");
        }
    }
    if (error.empty() && words.size() != 2)
        error = "\"compose port\" requires exactly 2 arguments.";
    if (FlagReader::reported(error, err))
        return 1;
    api::EngineClient client(host);
    auto selection = load_containers_or_report(options, {words[0]}, client, err);
    if (!selection)
        return selection.error();
    const ObservedContainer* chosen = nullptr;
    for (const auto& container : selection->containers)
        if (std::to_string(container.number) == index)
            chosen = &container;
    if (!chosen) {
        err << "service \"" << words[0] << "\" is not running container #" << index << "\n";
        return 1;
    }
    auto inspected = client.get_json("/containers/" + chosen->id + "/json");
    if (!inspected)
        return report_error(inspected.error(), err);
    std::string key = words[1] + "/" + protocol;
    const auto& ports = (*inspected)["NetworkSettings"]["Ports"];
    if (ports.is_object() && ports.contains(key) && ports[key].is_array() && !ports[key].empty()) {
        const auto& binding = ports[key].front();
        out << binding.value("HostIp", "") << ":" << binding.value("HostPort", "") << "\n";
        return 0;
    }
    err << "no port " << key << " for container " << chosen->name << "\n";
    return 1;
}

int run_images(const std::vector<std::string>& args, const ComposeOptions& options, const std::string& host,
               std::ostream& out, std::ostream& err) {
    std::set<std::string> services;
    bool quiet = false;
    std::string format = "table";
    FlagReader reader(args);
    std::string error;
    while (!reader.done() && error.empty()) {
        if (auto q = reader.boolean("quiet", "q")) {
            quiet = *q;
        } else if (auto f = reader.value("format", "", error)) {
            format = *f;
        } else {
            reader.take_word(services, "images", error);
        }
    }
    if (FlagReader::reported(error, err))
        return 1;
    api::EngineClient client(host);
    auto selection = load_containers_or_report(options, services, client, err);
    if (!selection)
        return selection.error();
    std::vector<std::vector<std::string>> rows = {{"CONTAINER", "REPOSITORY", "TAG", "IMAGE ID", "SIZE"}};
    nlohmann::json listed = nlohmann::json::array();
    for (const auto& container : selection->containers) {
        auto inspected = client.get_json("/containers/" + container.id + "/json");
        if (!inspected)
            return report_error(inspected.error(), err);
        std::string image_id = inspected->value("Image", "");
        auto image = client.get_json("/images/" + image_id + "/json");
        if (!image)
            return report_error(image.error(), err);
        std::string repository = "<none>", tag = "<none>";
        if (auto tags = image->value("RepoTags", std::vector<std::string>{}); !tags.empty()) {
            auto colon = tags.front().rfind(':');
            repository = tags.front().substr(0, colon);
            tag = colon == std::string::npos ? "latest" : tags.front().substr(colon + 1);
        }
        std::string short_id = image_id.starts_with("sha256:") ? image_id.substr(7, 12) : image_id.substr(0, 12);
        double size = image->value("Size", 0.0);
        if (quiet)
            out << image_id << "\n";
        rows.push_back({container.name, repository, tag, short_id, human_size(size)});
        listed.push_back({{"ID", image_id}, {"ContainerName", container.name}, {"Repository", repository},
                          {"Tag", tag}, {"Size", static_cast<int64_t>(size)}});
    }
    if (format == "json")
        out << listed.dump() << "\n";
    else if (!quiet)
        print_table(rows, out, 20);
    return 0;
}

int run_pull(const std::vector<std::string>& args, const ComposeOptions& options, const std::string& host,
             std::ostream& /*out*/, std::ostream& err) {
    std::set<std::string> services;
    bool ignore_failures = false;
    FlagReader reader(args);
    std::string error;
    while (!reader.done() && error.empty()) {
        if (auto ignore = reader.boolean("ignore-pull-failures", "")) {
            ignore_failures = *ignore;
        } else if (auto quiet = reader.boolean("quiet", "q")) {
        } else {
            reader.take_word(services, "pull", error);
        }
    }
    return with_project(error, options, host, services, err, [&](const ProjectScope& scope) {
        converge::Progress progress(err);
        std::string first_error;
        for (const auto& service : scope.model.services) {
            if ((!services.empty() && !services.contains(service.name)) || service.has_build)
                continue;
            std::string stream_error;
            if (auto pulled = converge::pull_image(scope.client, service.name, service.image, progress); !pulled)
                stream_error = daemon_words(pulled.error().message());
            if (!stream_error.empty()) {
                progress.service_event(service.name, "Error", stream_error);
                if (!ignore_failures && first_error.empty())
                    first_error = stream_error;
                continue;
            }
        }
        if (first_error.empty())
            return 0;
        err << "Error response from daemon: " << first_error << "\n";
        return kPullFailed;
    });
}

int run_ls(const std::vector<std::string>& args, const std::string& host, std::ostream& out, std::ostream& err) {
    bool all = false, quiet = false;
    std::string format = "table";
    FlagReader reader(args);
    std::string error;
    while (!reader.done() && error.empty()) {
        if (auto a = reader.boolean("all", "a")) {
            all = *a;
        } else if (auto q = reader.boolean("quiet", "q")) {
            quiet = *q;
        } else if (auto f = reader.value("format", "", error)) {
            format = *f;
        } else if (error.empty()) {
            error = unknown_word(reader.peek(), "ls");
        }
    }
    if (FlagReader::reported(error, err))
        return 1;
    api::EngineClient client(host);
    auto list = client.get_json("/containers/json?all=1&filters=" +
                                converge::url_escape(R"({"label":["com.docker.compose.project"]})"));
    if (!list)
        return report_error(list.error(), err);
    struct Project {
        std::map<std::string, int> states;
        std::set<std::string> files;
    };
    std::map<std::string, Project> projects;
    for (const auto& summary : *list) {
        const auto& labels = summary.value("Labels", nlohmann::json::object());
        auto& project = projects[labels.value(converge::kProjectLabel, "")];
        ++project.states[summary.value("State", "")];
        if (auto files = labels.value(converge::kConfigFilesLabel, ""); !files.empty())
            project.files.insert(files);
    }
    std::vector<std::vector<std::string>> rows = {{"NAME", "STATUS", "CONFIG FILES"}};
    nlohmann::json listed = nlohmann::json::array();
    for (const auto& [name, project] : projects) {
        if (!all && !project.states.contains("running"))
            continue;
        std::string status, files;
        for (const auto& [state, count] : project.states)
            status += (status.empty() ? "" : ", ") + state + "(" + std::to_string(count) + ")";
        for (const auto& file : project.files)
            files += (files.empty() ? "" : ",") + file;
        if (quiet)
            out << name << "\n";
        rows.push_back({name, status, files});
        listed.push_back({{"Name", name}, {"Status", status}, {"ConfigFiles", files}});
    }
    if (format == "json")
        out << listed.dump() << "\n";
    else if (!quiet)
        print_table(rows, out);
    return 0;
}

} // namespace berth::compose::cli
