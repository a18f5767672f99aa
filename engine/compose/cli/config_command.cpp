#include "compose/cli/config_command.h"

#include "compose/cli/flag_reader.h"
#include "compose/go_json_view.h"
#include "compose/project_model.h"
#include "compose/service_hash.h"

#include <algorithm>
#include <optional>
#include <ostream>
#include <set>

namespace berth::compose::cli {
namespace {

struct ConfigFlags {
    std::string format = "yaml";
    bool services = false;
    bool volumes = false;
    bool profiles = false;
    bool images = false;
    bool quiet = false;
    std::optional<std::string> hash; // "*" or "a,b"
};

// Returns the error text for an unknown or malformed flag, or "".
std::string read_flags(const std::vector<std::string>& args, ConfigFlags& flags, ComposeOptions& options) {
    FlagReader reader(args);
    std::string error;
    while (!reader.done()) {
        if (auto format = reader.value("format", "", error)) {
            flags.format = *format;
        } else if (auto services = reader.boolean("services", "")) {
            flags.services = *services;
        } else if (auto volumes = reader.boolean("volumes", "")) {
            flags.volumes = *volumes;
        } else if (auto profiles = reader.boolean("profiles", "")) {
            flags.profiles = *profiles;
        } else if (auto images = reader.boolean("images", "")) {
            flags.images = *images;
        } else if (auto hash = reader.value("hash", "", error)) {
            flags.hash = *hash;
        } else if (auto quiet = reader.boolean("quiet", "q")) {
            flags.quiet = *quiet;
        } else if (auto no_interpolate = reader.boolean("no-interpolate", "")) {
            options.loader.interpolate = !*no_interpolate;
        } else if (error.empty()) {
            const std::string& word = reader.peek();
            return word.starts_with("-") ? "unknown flag: " + word.substr(0, word.find('='))
                                         : "unknown command \"" + word + "\" for \"compose config\"";
        }
        if (!error.empty())
            return error;
    }
    if (flags.format != "yaml" && flags.format != "json")
        return "unsupported format \"" + flags.format + "\"";
    return {};
}

// docker compose doubles every '$' of its output so that reading it back does
// not interpolate again; with --no-interpolate the text is left as written.
std::string escape_dollars(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        out += c;
        if (c == '$')
            out += '$';
    }
    return out;
}

void print_keys(const ConfigValue* map, std::ostream& out) {
    if (!map)
        return;
    for (const auto& [key, ignored] : map->entries())
        out << key << '\n';
}

void print_images(const ComposeProject& project, std::ostream& out) {
    std::vector<std::string> images;
    for (const auto& service : typed_model(project).services)
        images.push_back(service.image);
    std::sort(images.begin(), images.end());
    for (const auto& image : images)
        out << image << '\n';
}

// `--hash "*"` or `--hash a,b`: "service hash" lines, services in name order.
int print_hashes(const ComposeProject& project, const std::string& selection, std::ostream& out, std::ostream& err) {
    std::vector<std::string> names;
    if (selection == "*") {
        for (const auto& [name, ignored] : project.hash_inputs.entries())
            names.push_back(name);
    } else {
        size_t start = 0;
        while (start <= selection.size()) {
            auto end = selection.find(',', start);
            names.push_back(selection.substr(start, end - start));
            if (end == std::string::npos)
                break;
            start = end + 1;
        }
    }
    for (const auto& name : names) {
        const auto* service = project.hash_inputs.find(name);
        if (!service) {
            err << "no such service: " << name << "\n";
            return 1;
        }
        out << name << ' ' << service_hash(*service) << '\n';
    }
    return 0;
}

} // namespace

int exit_status_for(const Error& error) { return error.category() == ErrorCategory::NotFound ? 14 : 15; }

int run_config(const std::vector<std::string>& args, ComposeOptions options, std::ostream& out, std::ostream& err) {
    ConfigFlags flags;
    if (auto error = read_flags(args, flags, options); !error.empty()) {
        err << error << "\n";
        return error.starts_with("unsupported format") ? 1 : kUsageError;
    }
    if (flags.profiles) {
        // Listing profiles needs no valid project: docker compose reads them before checking.
        options.profiles = {"*"};
    }
    auto project = load_compose_project(options);
    if (!project) {
        err << project.error().message() << "\n";
        return exit_status_for(project.error());
    }
    if (flags.quiet)
        return 0;
    if (flags.hash)
        return print_hashes(*project, *flags.hash, out, err);
    if (flags.services) {
        print_keys(project->model.find("services"), out);
    } else if (flags.volumes) {
        print_keys(project->model.find("volumes"), out);
    } else if (flags.profiles) {
        for (const auto& profile : project->declared_profiles)
            out << profile << '\n';
    } else if (flags.images) {
        print_images(*project, out);
    } else {
        std::string text;
        if (!options.loader.interpolate) {
            // Uninterpolated values cannot be typed, so docker compose prints the
            // project as plain maps: every key sorted, no Go struct fields added.
            ConfigValue plain = project->model;
            plain.sort_keys_deep();
            text = flags.format == "json" ? to_json(plain) : to_yaml(plain);
        } else {
            text = flags.format == "json" ? to_json(go_json_view(project->model)) : to_yaml(project->model);
        }
        out << (options.loader.interpolate ? escape_dollars(text) : text);
    }
    return 0;
}

} // namespace berth::compose::cli
