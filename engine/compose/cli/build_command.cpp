#include "compose/cli/build_command.h"

#include "build/builder/dockerignore.h"
#include "compose/cli/flag_reader.h"
#include "compose/cli/local_archive.h"
#include "compose/cli/project_or_report.h"
#include "compose/converge/labels.h"
#include "compose/converge/log_stream.h"
#include "compose/converge/progress.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <ostream>

namespace berth::compose::cli {
namespace {

struct BuildFlags {
    std::map<std::string, std::string> args; // --build-arg, over the file's
    bool no_cache = false;
    bool pull = false;
    bool quiet = false;
};

std::string text_of(const ConfigValue* value, std::string fallback = "") {
    return value && value->kind() == ConfigValue::Kind::String ? value->as_string() : fallback;
}

// A map of the model ({"K": "V"}) or a list ("K=V") as JSON; null values left out.
nlohmann::json string_map(const ConfigValue* value) {
    nlohmann::json map = nlohmann::json::object();
    if (!value)
        return map;
    for (const auto& [key, entry] : value->entries())
        if (!entry.is_null())
            map[key] = entry.as_string();
    for (const auto& item : value->items())
        if (auto equals = item.as_string().find('='); equals != std::string::npos)
            map[item.as_string().substr(0, equals)] = item.as_string().substr(equals + 1);
    return map;
}

// POST /build's query for one service.
std::string build_target(const ConfigValue& build, const std::vector<std::string>& tags, const BuildFlags& flags) {
    nlohmann::json args = string_map(build.find("args"));
    for (const auto& [key, value] : flags.args)
        args[key] = value;
    nlohmann::json labels = string_map(build.find("labels"));
    labels["com.docker.compose.image.builder"] = "classic";
    std::string target = "/build?dockerfile=" + converge::url_escape(text_of(build.find("dockerfile"), "Dockerfile"));
    for (const auto& tag : tags)
        target += "&t=" + converge::url_escape(tag);
    if (auto stage = text_of(build.find("target")); !stage.empty())
        target += "&target=" + converge::url_escape(stage);
    target += "&buildargs=" + converge::url_escape(args.dump()) + "&labels=" + converge::url_escape(labels.dump());
    return target + (flags.no_cache ? "&nocache=1" : "") + (flags.pull ? "&pull=1" : "") + "&rm=1&forcerm=1";
}

// What a build stream ended with: the builder's message ("" when it built) and
// errorDetail.code, the failed RUN's exit code, which the docker CLI exits with.
struct BuildEnd {
    std::string failure;
    int code = 0;
};

Result<BuildEnd> build_one(api::EngineClient& client, const std::string& target, const std::string& context,
                           bool quiet, std::ostream& out) {
    BuildEnd end;
    converge::LineSplitter lines;
    auto built = client.stream(
        "POST", target,
        [&](std::string_view chunk) {
            lines.feed(chunk, [&](std::string_view line) {
                auto message = nlohmann::json::parse(line, nullptr, false);
                if (!message.is_object())
                    return;
                if (message.contains("error") && end.failure.empty()) {
                    end.failure = message.value("error", "");
                    end.code = message.value("errorDetail", nlohmann::json::object()).value("code", 0);
                }
                else if (!quiet && message.contains("stream"))
                    out << message.value("stream", "") << std::flush;
            });
            return true;
        },
        context, "application/x-tar");
    if (!built)
        return std::unexpected(built.error());
    return end;
}

// The docker CLI's .dockerignore, applied before sending: the Dockerfile and the
// .dockerignore itself are always sent (build.TrimBuildFilesFromExcludes).
PackFilter context_filter(const std::filesystem::path& directory, const std::string& dockerfile) {
    std::ifstream file(directory / ".dockerignore");
    if (!file)
        return {};
    std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    auto matcher = std::make_shared<build::IgnoreMatcher>(build::IgnoreMatcher::parse(text));
    std::string kept = build::clean_path(dockerfile);
    PackFilter filter;
    filter.look_inside = matcher->has_exceptions();
    filter.left_out = [matcher, kept](const std::string& relative) {
        return relative != kept && relative != ".dockerignore" && matcher->excluded(relative);
    };
    return filter;
}

} // namespace

int run_build(const std::vector<std::string>& args, const ComposeOptions& options, const std::string& host,
              std::ostream& out, std::ostream& err) {
    BuildFlags flags;
    std::set<std::string> services;
    FlagReader reader(args);
    std::string error;
    while (!reader.done() && error.empty()) {
        if (auto arg = reader.value("build-arg", "", error)) {
            auto equals = arg->find('=');
            if (equals != std::string::npos)
                flags.args[arg->substr(0, equals)] = arg->substr(equals + 1);
        } else if (auto no_cache = reader.boolean("no-cache", "")) {
            flags.no_cache = *no_cache;
        } else if (auto pull = reader.boolean("pull", "")) {
            flags.pull = *pull;
        } else if (auto quiet = reader.boolean("quiet", "q")) {
            flags.quiet = *quiet;
        } else {
            reader.take_word(services, "build", error);
        }
    }
    return with_project(error, options, host, services, err, [&](const ProjectScope& scope) {
        converge::Progress progress(err);
        for (const auto& service : scope.model.services) {
            const ConfigValue* build = scope.project.model.find("services")->find(service.name)->find("build");
            if (!build || (!services.empty() && !services.contains(service.name)))
                continue;
            std::vector<std::string> tags = {service.image};
            if (const ConfigValue* extra = build->find("tags"))
                for (const auto& tag : extra->items())
                    tags.push_back(tag.as_string());
            progress.service_event(service.name, "Building");
            std::filesystem::path directory = text_of(build->find("context"), scope.project.working_directory.string());
            auto context = pack_path(directory, "", context_filter(directory, text_of(build->find("dockerfile"), "Dockerfile")));
            if (!context)
                return report_error(context.error(), err);
            auto built = build_one(scope.client, build_target(*build, tags, flags), *context, flags.quiet, out);
            if (!built)
                return report_error(built.error(), err);
            if (!built->failure.empty()) {
                err << built->failure << "\n";
                return built->code != 0 ? built->code : 1;
            }
            progress.service_event(service.name, "Built");
        }
        return 0;
    });
}

} // namespace berth::compose::cli
