#include "compose/cli/compose_cli.h"

#include "compose/cli/attach_command.h"
#include "compose/cli/build_command.h"
#include "compose/cli/config_command.h"
#include "compose/cli/cp_command.h"
#include "compose/cli/converge_commands.h"
#include "compose/cli/flag_reader.h"
#include "compose/cli/exec_command.h"
#include "compose/cli/events_command.h"
#include "compose/cli/logs_command.h"
#include "compose/cli/push_command.h"
#include "compose/cli/run_command.h"
#include "compose/cli/service_verbs.h"
#include "compose/cli/stats_command.h"
#include "compose/cli/wait_command.h"
#include "compose/cli/watch_command.h"
#include "api/client/client.h"
#include "base/build_info.h"

#include <array>
#include <cstdlib>
#include <filesystem>
#include <ostream>

namespace berth::compose::cli {
namespace {

ProjectOptions process_defaults() {
    ProjectOptions options;
    options.process_environment = [](std::string_view name) -> std::optional<std::string> {
        if (const char* value = std::getenv(std::string(name).c_str()))
            return std::string(value);
        return std::nullopt;
    };
    std::error_code ignored;
    options.current_directory = std::filesystem::current_path(ignored);
    return options;
}

// COMPOSE_FILE stands for -f when none is given: paths separated by
// COMPOSE_PATH_SEPARATOR, ':' by default (docker compose on Linux).
std::vector<std::filesystem::path> files_from_environment(const VariableLookup& environment) {
    std::vector<std::filesystem::path> files;
    std::string list = environment("COMPOSE_FILE").value_or("");
    std::string separator = environment("COMPOSE_PATH_SEPARATOR").value_or(":");
    if (separator.empty())
        separator = ":";
    size_t start = 0;
    while (!list.empty() && start <= list.size()) {
        auto end = list.find(separator, start);
        if (std::string file = list.substr(start, end - start); !file.empty())
            files.emplace_back(file);
        if (end == std::string::npos)
            break;
        start = end + separator.size();
    }
    return files;
}

// Reads the global flags up to the command word; returns its index, or args.size().
size_t read_global_flags(const std::vector<std::string>& args, ComposeOptions& options, std::string& host,
                         std::string& error) {
    FlagReader reader(args);
    while (!reader.done() && error.empty()) {
        if (auto file = reader.value("file", "f", error)) {
            options.loader.files.emplace_back(*file);
        } else if (auto name = reader.value("project-name", "p", error)) {
            options.loader.project_name = *name;
        } else if (auto env_file = reader.value("env-file", "", error)) {
            options.loader.env_files.emplace_back(*env_file);
        } else if (auto profile = reader.value("profile", "", error)) {
            options.profiles.push_back(*profile);
        } else if (auto directory = reader.value("project-directory", "", error)) {
            options.loader.project_directory = *directory;
        } else if (auto engine = reader.value("host", "H", error)) {
            host = *engine;
        } else if (auto ansi = reader.value("ansi", "", error)) {
            if (!set_ansi_mode(*ansi))
                error = "invalid --ansi value \"" + *ansi + "\": never, always or auto";
        } else if (error.empty()) {
            if (reader.peek().starts_with("-"))
                error = "unknown flag: " + reader.peek().substr(0, reader.peek().find('='));
            return reader.position();
        }
    }
    return reader.position();
}

// `version [--short] [-f pretty|json]`, as docker compose 2.26's ("Docker Compose
// version 2.26.1"; a format other than json prints the pretty line, status 0).
int run_version(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    bool short_form = false;
    std::string format = "pretty";
    FlagReader reader(args);
    std::string error;
    while (!reader.done() && error.empty()) {
        if (auto value = reader.boolean("short", ""))
            short_form = *value;
        else if (auto chosen = reader.value("format", "f", error))
            format = *chosen;
        else if (error.empty())
            error = unknown_word(reader.peek(), "version");
    }
    if (FlagReader::reported(error, err))
        return 1;
    std::string version = berth_version();
    if (short_form)
        out << version << "\n";
    else if (format == "json")
        out << "{\"version\":\"" << version << "\"}\n";
    else
        out << "Berth Compose version " << version << "\n";
    return 0;
}

void print_usage(std::ostream& out) {
    out << "Usage:  berth compose [OPTIONS] COMMAND\n\n"
           "Define and run multi-container applications (docker compose compatible)\n\n"
           "Options:\n"
           "      --ansi string                Control when to print ANSI control characters\n"
           "                                   (\"never\"|\"always\"|\"auto\") (default \"auto\")\n"
           "      --env-file stringArray       Specify an alternate environment file\n"
           "  -H, --host string                Daemon socket to connect to (default DOCKER_HOST)\n"
           "  -f, --file stringArray           Compose configuration files\n"
           "      --profile stringArray        Specify a profile to enable\n"
           "      --project-directory string   Specify an alternate working directory\n"
           "  -p, --project-name string        Project name\n\n"
           "Commands:\n"
           "  attach      Attach local standard input, output, and error streams to a service's running container\n"
           "  build       Build or rebuild services\n"
           "  config      Parse, resolve and render compose file in canonical format\n"
           "  create      Creates containers for a service\n"
           "  cp          Copy files/folders between a service container and the local filesystem\n"
           "  down        Stop and remove containers, networks\n"
           "  events      Receive real time events from containers\n"
           "  exec        Execute a command in a running container\n"
           "  images      List images used by the created containers\n"
           "  kill        Force stop service containers\n"
           "  logs        View output from containers\n"
           "  ls          List running compose projects\n"
           "  pause       Pause services\n"
           "  port        Print the public port for a port binding\n"
           "  ps          List containers\n"
           "  pull        Pull service images\n"
           "  push        Push service images\n"
           "  restart     Restart service containers\n"
           "  rm          Removes stopped service containers\n"
           "  run         Run a one-off command on a service\n"
           "  scale       Scale services\n"
           "  start       Start services\n"
           "  stats       Display a live stream of container(s) resource usage statistics\n"
           "  stop        Stop services\n"
           "  top         Display the running processes\n"
           "  unpause     Unpause services\n"
           "  up          Create and start containers\n"
           "  version     Show the Berth Compose version information\n"
           "  wait        Block until the first service container stops\n"
           "  watch       Watch build context for service and rebuild/refresh containers when files are updated\n";
}

} // namespace

int run_compose(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    ComposeOptions options;
    options.loader = process_defaults();
    std::string error;
    const char* docker_host = std::getenv("DOCKER_HOST");
    std::string host = docker_host && *docker_host ? docker_host : api::kDefaultHost;
    size_t command_at = read_global_flags(args, options, host, error);
    if (!error.empty()) {
        err << error << "\n";
        return kUsageError;
    }
    if (options.loader.files.empty())
        options.loader.files = files_from_environment(options.loader.process_environment);
    if (command_at >= args.size() || args[command_at] == "help" || args[command_at] == "--help") {
        print_usage(out);
        return 0;
    }
    const std::string& command = args[command_at];
    std::vector<std::string> rest(args.begin() + static_cast<std::ptrdiff_t>(command_at) + 1, args.end());
    if (command == "config")
        return run_config(rest, std::move(options), out, err);
    if (command == "up")
        return run_up(rest, options, host, out, err);
    if (command == "create")
        return run_up(rest, options, host, out, err, true);
    if (command == "down")
        return run_down(rest, options, host, out, err);
    if (command == "pause" || command == "unpause" || command == "kill" || command == "rm")
        return run_container_verb(command, rest, options, host, out, err);
    if (command == "top")
        return run_top(rest, options, host, out, err);
    if (command == "port")
        return run_port(rest, options, host, out, err);
    if (command == "images")
        return run_images(rest, options, host, out, err);
    if (command == "pull")
        return run_pull(rest, options, host, out, err);
    if (command == "ls")
        return run_ls(rest, host, out, err);
    if (command == "scale")
        return run_scale(rest, options, host, err);
    if (command == "events")
        return run_events(rest, options, host, out, err);
    if (command == "run")
        return run_run(rest, options, host, out, err);
    if (command == "exec")
        return run_exec(rest, options, host, out, err);
    if (command == "logs")
        return run_logs(rest, options, host, out, err);
    if (command == "ps")
        return run_ps(rest, options, host, out, err);
    if (command == "build")
        return run_build(rest, options, host, out, err);
    if (command == "wait")
        return run_wait(rest, options, host, out, err);
    if (command == "stats")
        return run_stats(rest, options, host, out, err);
    if (command == "push")
        return run_push(rest, options, host, out, err);
    if (command == "cp")
        return run_cp(rest, options, host, out, err);
    if (command == "attach")
        return run_attach(rest, options, host, out, err);
    if (command == "start" || command == "stop" || command == "restart")
        return run_lifecycle(command, rest, options, host, err);
    if (command == "version")
        return run_version(rest, out, err);
    if (command == "watch")
        return run_watch(rest, options, host, out, err);
    err << "unknown docker command: \"compose " << command << "\"\n";
    return kUsageError;
}

} // namespace berth::compose::cli
