#include "compose/cli/converge_commands.h"

#include "compose/cli/build_command.h"
#include "compose/cli/flag_reader.h"
#include "compose/cli/logs_command.h"
#include "compose/cli/project_or_report.h"
#include "compose/cli/table.h"
#include "compose/converge/dependency_order.h"
#include "compose/converge/engine_calls.h"
#include "compose/converge/labels.h"
#include "compose/converge/lifecycle.h"
#include "compose/converge/up.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <ctime>
#include <format>
#include <set>
#include <ostream>

namespace berth::compose::cli {
namespace {

// Docker's units.HumanDuration, as `docker compose ps` prints CREATED.
std::string human_duration(int64_t seconds) {
    if (seconds < 1)
        return "Less than a second";
    if (seconds == 1)
        return "1 second";
    if (seconds < 60)
        return std::to_string(seconds) + " seconds";
    int64_t minutes = seconds / 60;
    if (minutes == 1)
        return "About a minute";
    if (minutes < 60)
        return std::to_string(minutes) + " minutes";
    int64_t hours = (seconds + 1800) / 3600;
    if (hours == 1)
        return "About an hour";
    if (hours < 48)
        return std::to_string(hours) + " hours";
    if (hours < 24 * 7 * 2)
        return std::to_string(hours / 24) + " days";
    if (hours < 24 * 30 * 2)
        return std::to_string(hours / 24 / 7) + " weeks";
    if (hours < 24 * 365 * 2)
        return std::to_string(hours / 24 / 30) + " months";
    return std::to_string(hours / 24 / 365) + " years";
}

// "127.0.0.1:8080->80/tcp, 443/tcp" from a summary's Ports.
std::string ports_text(const nlohmann::json& summary) {
    std::string out;
    if (auto ports = summary.find("Ports"); ports != summary.end() && ports->is_array())
        for (const auto& port : *ports) {
            std::string entry;
            if (port.contains("PublicPort"))
                entry = port.value("IP", "") + ":" + std::to_string(port.value("PublicPort", 0)) + "->";
            entry += std::to_string(port.value("PrivatePort", 0)) + "/" + port.value("Type", "tcp");
            out += (out.empty() ? "" : ", ") + entry;
        }
    return out;
}

// The command as docker compose's ps shows it: quoted, cut to 20 characters with "…".
std::string command_text(const nlohmann::json& summary) {
    std::string command = summary.value("Command", "");
    // Count characters, not bytes, as Go's runes.
    size_t characters = 0, cut = command.size();
    for (size_t i = 0; i < command.size(); ++i)
        if ((static_cast<unsigned char>(command[i]) & 0xC0) != 0x80 && ++characters == 20)
            cut = i;
    if (characters > 20)
        command = command.substr(0, cut) + "\u2026";
    return "\"" + command + "\"";
}

// "2026-12-06 17:22:26 +0000 UTC", Go's time.String of the creation time.
std::string created_at(int64_t seconds) {
    std::time_t time = static_cast<std::time_t>(seconds);
    std::tm utc{};
    gmtime_r(&time, &utc);
    char text[64];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S +0000 UTC", &utc);
    return text;
}

nlohmann::json ps_json(const nlohmann::json& summary, const converge::ObservedContainer& container,
                       const std::string& project, int64_t now) {
    std::string labels;
    if (auto map = summary.find("Labels"); map != summary.end() && map->is_object())
        for (const auto& [key, value] : map->items())
            labels += (labels.empty() ? "" : ",") + key + "=" + value.get<std::string>();
    std::string status = summary.value("Status", "");
    std::string health = status.find("(healthy)") != std::string::npos     ? "healthy"
                         : status.find("(unhealthy)") != std::string::npos ? "unhealthy"
                         : status.find("(health: starting)") != std::string::npos ? "starting"
                                                                                  : "";
    nlohmann::json publishers = nlohmann::json::array();
    if (auto ports = summary.find("Ports"); ports != summary.end() && ports->is_array())
        for (const auto& port : *ports)
            publishers.push_back({{"URL", port.value("IP", "")},
                                  {"TargetPort", port.value("PrivatePort", 0)},
                                  {"PublishedPort", port.value("PublicPort", 0)},
                                  {"Protocol", port.value("Type", "tcp")}});
    std::string networks;
    if (auto settings = summary.find("NetworkSettings"); settings != summary.end() && settings->contains("Networks"))
        for (const auto& [name, ignored] : (*settings)["Networks"].items())
            networks += (networks.empty() ? "" : ",") + name;
    std::string mounts;
    int local_volumes = 0;
    if (auto list = summary.find("Mounts"); list != summary.end() && list->is_array())
        for (const auto& mount : *list) {
            bool volume = mount.value("Type", "") == "volume";
            local_volumes += volume && mount.value("Driver", "local") == "local" ? 1 : 0;
            mounts += (mounts.empty() ? "" : ",") + (volume ? mount.value("Name", "") : mount.value("Source", ""));
        }
    int exit_code = 0;
    if (status.starts_with("Exited ("))
        exit_code = std::atoi(status.c_str() + 8);
    int64_t created = summary.value("Created", int64_t{0});
    return {{"Command", command_text(summary)},
            {"CreatedAt", created_at(created)},
            {"ExitCode", exit_code},
            {"Health", health},
            {"ID", container.id.substr(0, 12)},
            {"Image", summary.value("Image", "")},
            {"Labels", labels},
            {"LocalVolumes", std::to_string(local_volumes)},
            {"Mounts", mounts},
            {"Name", container.name},
            {"Names", container.name},
            {"Networks", networks},
            {"Ports", ports_text(summary)},
            {"Project", project},
            {"Publishers", publishers.empty() ? nlohmann::json(nullptr) : publishers},
            {"RunningFor", human_duration(now - created) + " ago"},
            {"Service", container.service},
            {"Size", "0B"},
            {"State", container.state},
            {"Status", status}};
}

int report(const Result<>& result, std::ostream& err) { return result ? 0 : report_error(result.error(), err); }

} // namespace

namespace {

enum class BuildPolicy { Missing, Always, Never }; // up's default, --build, --no-build

// -t/--timeout: whole seconds, as pflag's int; `error` in its words otherwise.
std::optional<int> read_timeout(FlagReader& reader, std::string& error) {
    auto value = reader.value("timeout", "t", error);
    if (!value)
        return std::nullopt;
    int seconds = 0;
    auto [end, problem] = std::from_chars(value->data(), value->data() + value->size(), seconds);
    if (problem != std::errc() || end != value->data() + value->size() || value->empty()) {
        error = "invalid argument \"" + *value + "\" for \"-t, --timeout\" flag: strconv.ParseInt: parsing \"" + *value +
                "\": invalid syntax";
        return std::nullopt;
    }
    return seconds;
}

// What `up` builds first, as docker compose: of the services it brings up (and
// their dependencies unless --no-deps), those with a build section whose image
// the engine lacks (`pull_policy: build`: always), all of them with --build.
std::vector<std::string> services_to_build(api::EngineClient& client, const ComposeProject& project,
                                           const converge::UpOptions& up_options, BuildPolicy policy) {
    std::vector<std::string> out;
    if (policy == BuildPolicy::Never)
        return out;
    ProjectModel model = typed_model(project);
    std::set<std::string> selected = up_options.services;
    if (!selected.empty() && !up_options.no_deps)
        selected = converge::with_dependencies(model, selected);
    const auto* services = project.model.find("services");
    for (const auto& service : model.services) {
        if (!service.has_build || (!selected.empty() && !selected.contains(service.name)))
            continue;
        const auto* config = services ? services->find(service.name) : nullptr;
        const auto* pull_policy = config ? config->find("pull_policy") : nullptr;
        bool always = policy == BuildPolicy::Always || (pull_policy && pull_policy->kind() == ConfigValue::Kind::String &&
                                                        pull_policy->as_string() == "build");
        auto present = client.get_json("/images/" + converge::url_escape(service.image) + "/json");
        if (always || (!present && present.error().category() == ErrorCategory::NotFound))
            out.push_back(service.name);
    }
    return out;
}

} // namespace

int run_up(const std::vector<std::string>& args, const ComposeOptions& options, const std::string& host,
           std::ostream& out, std::ostream& err, bool create_only) {
    converge::UpOptions up_options;
    up_options.no_start = create_only;
    bool detach = create_only;
    BuildPolicy build = BuildPolicy::Missing;
    AttachOptions attach;
    attach.colour = colour_wanted();
    FlagReader reader(args);
    std::string error;
    while (!reader.done() && error.empty()) {
        if (auto value = reader.boolean("detach", "d")) {
            detach = *value;
        } else if (auto force = reader.boolean("force-recreate", "")) {
            if (*force)
                up_options.recreate = converge::RecreatePolicy::Force;
        } else if (auto never = reader.boolean("no-recreate", "")) {
            if (*never)
                up_options.recreate = converge::RecreatePolicy::Never;
        } else if (auto no_deps = reader.boolean("no-deps", "")) {
            up_options.no_deps = *no_deps;
        } else if (auto always = reader.boolean("build", "")) {
            build = *always ? BuildPolicy::Always : build;
        } else if (auto no_build = reader.boolean("no-build", "")) {
            build = *no_build ? BuildPolicy::Never : build;
        } else if (auto orphans = reader.boolean("remove-orphans", "")) {
            up_options.remove_orphans = *orphans;
        } else if (auto wait = reader.boolean("wait", "")) {
            up_options.wait = *wait;
        } else if (auto no_start = reader.boolean("no-start", "")) {
            up_options.no_start = *no_start;
        } else if (auto abort = reader.boolean("abort-on-container-exit", "")) {
            attach.abort_on_exit = *abort;
        } else if (auto shown = reader.value("attach", "", error)) {
            attach.attach.insert(*shown);
        } else if (auto hidden = reader.value("no-attach", "", error)) {
            attach.no_attach.insert(*hidden);
        } else if (auto from = reader.value("exit-code-from", "", error)) {
            attach.exit_code_from = *from;
        } else if (auto no_colour = reader.boolean("no-color", "")) {
            attach.colour = attach.colour && !*no_colour;
        } else if (auto no_prefix = reader.boolean("no-log-prefix", "")) {
            attach.prefix = !*no_prefix;
        } else if (auto scale = reader.value("scale", "", error)) {
            auto parsed = converge::parse_scale(*scale);
            if (!parsed)
                error = "invalid --scale option \"" + *scale + "\". Should be SERVICE=NUM";
            else
                up_options.scale[parsed->first] = parsed->second;
        } else {
            reader.take_word(up_options.services, "up", error);
        }
    }
    if (FlagReader::reported(error, err))
        return 1;
    if (detach && (attach.abort_on_exit || !attach.exit_code_from.empty() || !attach.attach.empty())) {
        err << "--detach cannot be combined with --abort-on-container-exit, --attach or --attach-dependencies\n";
        return 1;
    }
    auto project = load_project_or_report(options, err);
    if (!project)
        return project.error();
    if (!attach.exit_code_from.empty() && !typed_model(*project).service(attach.exit_code_from)) {
        err << "no such service: " << attach.exit_code_from << ": not found\n";
        return 1;
    }
    api::EngineClient client(host);
    if (auto to_build = services_to_build(client, *project, up_options, build); !to_build.empty())
        if (int status = run_build(to_build, options, host, out, err); status != 0)
            return status;
    converge::Progress progress(err);
    // Attached, only what the containers write from now on is shown, as docker compose's attach does.
    auto began = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::system_clock::now().time_since_epoch());
    attach.since = std::format("{}.{:06}", began.count() / 1'000'000, began.count() % 1'000'000);
    if (int status = report(converge::up(client, *project, up_options, progress), err);
        status != 0 || detach || up_options.wait || up_options.no_start)
        return status;
    attach.services = up_options.services;
    return attach_project(*project, host, attach, out, err);
}

int run_down(const std::vector<std::string>& args, const ComposeOptions& options, const std::string& host,
             std::ostream& /*out*/, std::ostream& err) {
    converge::DownOptions down_options;
    FlagReader reader(args);
    std::string error;
    while (!reader.done() && error.empty()) {
        if (auto volumes = reader.boolean("volumes", "v")) {
            down_options.volumes = *volumes;
        } else if (auto orphans = reader.boolean("remove-orphans", "")) {
            down_options.remove_orphans = *orphans;
        } else if (auto timeout = read_timeout(reader, error)) {
            down_options.timeout = timeout;
        } else if (auto rmi = reader.value("rmi", "", error)) {
            if (*rmi != "local" && *rmi != "all")
                error = "invalid value for --rmi: \"" + *rmi + "\"";
            down_options.rmi = *rmi;
        } else if (error.empty()) {
            error = unknown_word(reader.peek(), "down");
        }
    }
    if (FlagReader::reported(error, err))
        return 1;
    auto project = load_project_or_report(options, err);
    if (!project)
        return project.error();
    api::EngineClient client(host);
    converge::Progress progress(err);
    return report(converge::down(client, *project, down_options, progress), err);
}

int run_ps(const std::vector<std::string>& args, const ComposeOptions& options, const std::string& host,
           std::ostream& out, std::ostream& err) {
    bool all = false, quiet = false, services = false;
    std::string format = "table";
    FlagReader reader(args);
    std::string error;
    while (!reader.done() && error.empty()) {
        if (auto a = reader.boolean("all", "a")) {
            all = *a;
        } else if (auto q = reader.boolean("quiet", "q")) {
            quiet = *q;
        } else if (auto s = reader.boolean("services", "")) {
            services = *s;
        } else if (auto f = reader.value("format", "", error)) {
            format = *f;
        } else if (error.empty()) {
            error = unknown_word(reader.peek(), "ps");
        }
    }
    if (FlagReader::reported(error, err))
        return 1;
    auto project = load_project_or_report(options, err);
    if (!project)
        return project.error();
    api::EngineClient client(host);
    auto list = converge::project_container_summaries(client, project->name, all);
    if (!list)
        return report_error(list.error(), err);
    std::vector<std::vector<std::string>> rows = {{"NAME", "IMAGE", "COMMAND", "SERVICE", "CREATED", "STATUS", "PORTS"}};
    auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
    for (const auto& summary : *list) {
        auto container = converge::observed_from_summary(summary);
        if (container.oneoff)
            continue;
        if (quiet) {
            out << container.id << '\n';
        } else if (services) {
            out << container.service << '\n';
        } else if (format == "json") {
            out << ps_json(summary, container, project->name, now.count()).dump() << '\n';
        } else {
            int64_t age = now.count() - summary.value("Created", int64_t{0});
            rows.push_back({container.name, summary.value("Image", ""), command_text(summary),
                            container.service, human_duration(age) + " ago", summary.value("Status", ""),
                            ports_text(summary)});
        }
    }
    if (!quiet && !services && format != "json")
        print_table(rows, out);
    return 0;
}

} // namespace berth::compose::cli

namespace berth::compose::cli {

int run_scale(const std::vector<std::string>& args, const ComposeOptions& options, const std::string& host,
              std::ostream& err) {
    converge::UpOptions up_options;
    up_options.recreate = converge::RecreatePolicy::Never; // scale only adds or removes containers
    for (const auto& word : args) {
        if (word == "--no-deps") {
            up_options.no_deps = true;
            continue;
        }
        if (word.starts_with("-")) {
            FlagReader::reported(unknown_word(word, "scale"), err);
            return 1;
        }
        auto parsed = converge::parse_scale(word);
        if (!parsed) {
            err << "invalid scale specifier: " << word << "\n";
            return 1;
        }
        up_options.scale[parsed->first] = parsed->second;
        up_options.services.insert(parsed->first);
    }
    auto project = load_project_or_report(options, err);
    if (!project)
        return project.error();
    api::EngineClient client(host);
    converge::Progress progress(err);
    return report(converge::up(client, *project, up_options, progress), err);
}

int run_lifecycle(const std::string& verb, const std::vector<std::string>& args, const ComposeOptions& options,
                  const std::string& host, std::ostream& err) {
    std::set<std::string> services;
    std::optional<int> timeout;
    FlagReader reader(args);
    std::string error;
    while (!reader.done() && error.empty()) {
        if (verb == "start")
            reader.take_word(services, verb, error);
        else if (auto seconds = read_timeout(reader, error))
            timeout = seconds;
        else if (error.empty())
            reader.take_word(services, verb, error);
    }
    if (FlagReader::reported(error, err))
        return 1;
    auto project = load_project_or_report(options, err);
    if (!project)
        return project.error();
    auto action = verb == "start" ? converge::LifecycleAction::Start
                  : verb == "stop" ? converge::LifecycleAction::Stop
                                   : converge::LifecycleAction::Restart;
    api::EngineClient client(host);
    converge::Progress progress(err);
    return report(converge::change_state(client, *project, action, services, progress, timeout), err);
}

} // namespace berth::compose::cli
