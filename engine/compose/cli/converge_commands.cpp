#include "compose/cli/converge_commands.h"

#include "compose/cli/flag_reader.h"
#include "compose/converge/engine_calls.h"
#include "compose/converge/labels.h"
#include "compose/converge/up.h"

#include <ostream>

namespace berth::compose::cli {
namespace {

std::string unknown(const std::string& word, const char* verb) {
    return word.starts_with("-") ? "unknown flag: " + word.substr(0, word.find('='))
                                 : std::string("unknown argument \"") + word + "\" for \"compose " + verb + "\"";
}

int report(const Result<>& result, std::ostream& err) {
    if (result)
        return 0;
    err << result.error().message() << "\n";
    return 1;
}

} // namespace

int run_up(const std::vector<std::string>& args, const ComposeOptions& options, const std::string& host,
           std::ostream& /*out*/, std::ostream& err) {
    converge::UpOptions up_options;
    bool detach = false;
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
        } else if (auto orphans = reader.boolean("remove-orphans", "")) {
            up_options.remove_orphans = *orphans;
        } else if (auto wait = reader.boolean("wait", "")) {
            up_options.wait = *wait;
        } else if (!reader.peek().starts_with("-")) {
            up_options.services.insert(reader.peek());
            reader.skip();
        } else {
            error = unknown(reader.peek(), "up");
        }
    }
    if (!error.empty()) {
        err << error << "\n";
        return 1;
    }
    if (!detach && !up_options.wait) {
        err << "berth compose up: attached mode is not supported yet, use -d\n";
        return 1;
    }
    auto project = load_compose_project(options);
    if (!project) {
        err << project.error().message() << "\n";
        return 1;
    }
    api::EngineClient client(host);
    converge::Progress progress(err);
    return report(converge::up(client, *project, up_options, progress), err);
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
        } else if (auto rmi = reader.value("rmi", "", error)) {
            err << "berth compose down: --rmi is not supported yet\n";
            return 1;
        } else if (error.empty()) {
            error = unknown(reader.peek(), "down");
        }
    }
    if (!error.empty()) {
        err << error << "\n";
        return 1;
    }
    auto project = load_compose_project(options);
    if (!project) {
        err << project.error().message() << "\n";
        return 1;
    }
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
            error = unknown(reader.peek(), "ps");
        }
    }
    if (!error.empty()) {
        err << error << "\n";
        return 1;
    }
    auto project = load_compose_project(options);
    if (!project) {
        err << project.error().message() << "\n";
        return 1;
    }
    api::EngineClient client(host);
    auto list = converge::project_container_summaries(client, project->name, all);
    if (!list) {
        err << list.error().message() << "\n";
        return 1;
    }
    for (const auto& summary : *list) {
        auto container = converge::observed_from_summary(summary);
        if (container.oneoff)
            continue;
        if (quiet) {
            out << container.id << '\n';
        } else if (services) {
            out << container.service << '\n';
        } else if (format == "json") {
            nlohmann::json line = {{"ID", container.id},
                                   {"Name", container.name},
                                   {"Names", container.name},
                                   {"Image", summary.value("Image", "")},
                                   {"Command", summary.value("Command", "")},
                                   {"Project", project->name},
                                   {"Service", container.service},
                                   {"State", container.state},
                                   {"Status", summary.value("Status", "")}};
            out << line.dump() << '\n';
        } else {
            out << container.name << "  " << summary.value("Image", "") << "  " << container.service << "  "
                << summary.value("Status", "") << '\n';
        }
    }
    return 0;
}

} // namespace berth::compose::cli
