#include "compose/cli/watch_rules.h"

#include "compose/cli/file_watcher.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace berth::compose::cli {
namespace {

namespace fs = std::filesystem;

std::string text(const ConfigValue* value) {
    return value && value->kind() == ConfigValue::Kind::String ? value->as_string() : std::string();
}

// compose's EphemeralPathMatcher: what editors write beside a file and remove.
bool ephemeral(const fs::path& path) {
    std::string name = path.filename().string();
    return name.ends_with(".swp") || name.ends_with(".swx") || name.ends_with(".swo") || name.ends_with("~") ||
           name.starts_with(".#") || (name.starts_with("#") && name.ends_with("#")) || name == "4913" ||
           name == ".DS_Store" || name.ends_with(".tmp");
}

build::IgnoreMatcher dockerignore_of(const fs::path& context) {
    std::ifstream file(context / ".dockerignore");
    if (!file)
        return {};
    std::stringstream content;
    content << file.rdbuf();
    return build::IgnoreMatcher::parse(content.str());
}

build::IgnoreMatcher patterns(const ConfigValue* list) {
    std::string lines;
    if (list)
        for (const auto& item : list->items())
            lines += text(&item) + "\n";
    return build::IgnoreMatcher::parse(lines);
}

bool left_out(const ServiceWatch& watch, const WatchRule& rule, const fs::path& path, const fs::path& relative) {
    if (ephemeral(path) || (!relative.empty() && rule.ignore.excluded(relative.generic_string())))
        return true;
    auto in_context = relative_below(path, watch.context);
    if (!in_context)
        return false;
    std::string name = in_context->generic_string();
    return name == ".git" || name.starts_with(".git/") || (!name.empty() && watch.dockerignore.excluded(name));
}

Result<ServiceWatch> service_watch(const ComposeProject& project, const std::string& name, const ConfigValue& service,
                                   const ConfigValue& triggers) {
    ServiceWatch watch;
    watch.service = name;
    const auto* build = service.find("build");
    watch.context = build ? fs::path(text(build->find("context"))) : fs::path();
    if (!watch.context.empty() && watch.context.is_relative())
        watch.context = project.working_directory / watch.context;
    watch.context = watch.context.lexically_normal();
    if (!watch.context.empty())
        watch.dockerignore = dockerignore_of(watch.context);
    for (const auto& trigger : triggers.items()) {
        WatchRule rule;
        rule.action = text(trigger.find("action"));
        rule.path = text(trigger.find("path"));
        if (rule.path.empty())
            return fail(ErrorCategory::Invalid, "watch rules MUST define a path");
        if (rule.path.is_relative())
            rule.path = project.working_directory / rule.path;
        rule.path = rule.path.lexically_normal();
        if (rule.path.filename().empty())
            rule.path = rule.path.parent_path();
        rule.target = text(trigger.find("target"));
        rule.ignore = patterns(trigger.find("ignore"));
        if (rule.action == "rebuild" && !build)
            return fail(ErrorCategory::Invalid, "can't watch service \"{}\" with action rebuild without a build context",
                        name);
        if (rule.action != "sync" && rule.action != "rebuild" && rule.action != "sync+restart")
            return fail(ErrorCategory::NotImplemented, "watch action \"{}\" is not supported by berth yet", rule.action);
        if (const auto* initial = trigger.find("initial_sync");
            initial && initial->kind() == ConfigValue::Kind::Bool && initial->as_bool())
            return fail(ErrorCategory::NotImplemented, "watch option \"initial_sync\" is not supported by berth yet");
        watch.rules.push_back(std::move(rule));
    }
    return watch;
}

} // namespace

Result<std::vector<ServiceWatch>> watch_rules(const ComposeProject& project, const std::set<std::string>& selected) {
    std::vector<ServiceWatch> out;
    const auto* services = project.model.find("services");
    if (services)
        for (const auto& [name, service] : services->entries()) {
            if (!selected.empty() && !selected.contains(name))
                continue;
            const auto* develop = service.find("develop");
            const auto* triggers = develop ? develop->find("watch") : nullptr;
            bool has_build = service.contains("build");
            if (!selected.empty() && !has_build)
                return fail(ErrorCategory::Invalid, "can't watch service \"{}\" without a build context", name);
            if (!triggers || triggers->items().empty() || !has_build)
                continue;
            auto watch = service_watch(project, name, service, *triggers);
            if (!watch)
                return std::unexpected(watch.error());
            out.push_back(std::move(*watch));
        }
    if (out.empty())
        return fail(ErrorCategory::Invalid,
                    "none of the selected services is configured for watch, consider setting an 'develop' section");
    return out;
}

WatchWork watch_work(const ServiceWatch& watch, const std::set<fs::path>& changed) {
    WatchWork work;
    for (const auto& path : changed)
        for (const auto& rule : watch.rules) {
            auto relative = relative_below(path, rule.path);
            if (!relative || left_out(watch, rule, path, *relative))
                continue;
            if (rule.action == "rebuild") {
                work.rebuild = true;
                continue;
            }
            work.restart = work.restart || rule.action == "sync+restart";
            std::string target = rule.target;
            if (!relative->empty())
                target = (fs::path(rule.target) / *relative).generic_string();
            work.sync.push_back({path, target});
        }
    return work;
}

} // namespace berth::compose::cli
