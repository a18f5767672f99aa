#include "compose/cli/build_command.h"

#include "base/ids.h"
#include "build/builder/dockerignore.h"
#include "compose/cli/flag_reader.h"
#include "compose/cli/local_archive.h"
#include "compose/cli/project_or_report.h"
#include "compose/converge/container_body.h"
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

bool has_items(const ConfigValue* value) {
    return value && (!value->items().empty() || !value->entries().empty());
}

// What docker compose's classic builder refuses (build_classic.go), in its words; "" when none.
std::string classic_refusal(const ConfigValue& build) {
    constexpr std::string_view kUseBuildKit = ", set DOCKER_BUILDKIT=1 to use BuildKit";
    const ConfigValue* privileged = build.find("privileged");
    std::string missing;
    if (const ConfigValue* platforms = build.find("platforms"); platforms && platforms->items().size() > 1)
        missing = "multi-arch build";
    else if (privileged && privileged->kind() == ConfigValue::Kind::Bool && privileged->as_bool())
        missing = "privileged mode";
    else if (has_items(build.find("additional_contexts")))
        missing = "additional contexts";
    else if (has_items(build.find("ssh")))
        missing = "SSH keys";
    else if (has_items(build.find("secrets")))
        missing = "secrets";
    return missing.empty() ? "" : "the classic builder doesn't support " + missing + std::string(kUseBuildKit);
}

// cache_from as the classic builder takes it: image references; a BuildKit
// "type=registry,ref=IMAGE" gives its image, other cache types are left out.
nlohmann::json cache_images(const ConfigValue* cache_from) {
    nlohmann::json images = nlohmann::json::array();
    if (!cache_from)
        return images;
    for (const auto& item : cache_from->items()) {
        const std::string entry = item.as_string();
        if (!entry.starts_with("type="))
            images.push_back(entry);
        else if (entry.starts_with("type=registry,"))
            if (auto ref = entry.find("ref="); ref != std::string::npos)
                images.push_back(entry.substr(ref + 4, entry.find(',', ref) - ref - 4));
    }
    return images;
}

// The query's settings from the file beyond the Dockerfile, args and labels:
// network, extra_hosts, shm_size, cache_from and one platform, as `docker
// build` sends them (docker compose 2.26's classic path drops the last three).
std::string build_settings(const ConfigValue& build) {
    std::string query;
    if (auto network = text_of(build.find("network")); !network.empty())
        query += "&networkmode=" + converge::url_escape(network);
    for (const auto& host : converge::engine_extra_hosts(build.find("extra_hosts")))
        query += "&extrahosts=" + converge::url_escape(host.get<std::string>());
    if (auto shm = text_of(build.find("shm_size")); !shm.empty())
        query += "&shmsize=" + converge::url_escape(shm);
    else if (const ConfigValue* bytes = build.find("shm_size"); bytes && bytes->kind() == ConfigValue::Kind::Integer)
        query += "&shmsize=" + std::to_string(bytes->as_integer());
    if (auto images = cache_images(build.find("cache_from")); !images.empty())
        query += "&cachefrom=" + converge::url_escape(images.dump());
    if (const ConfigValue* platforms = build.find("platforms"); platforms && platforms->items().size() == 1)
        query += "&platform=" + converge::url_escape(platforms->items().front().as_string());
    return query;
}

// POST /build's query for one service; `dockerfile` is its name in the context.
std::string build_target(const ConfigValue& build, const std::string& dockerfile, const std::vector<std::string>& tags,
                         const BuildFlags& flags) {
    nlohmann::json args = string_map(build.find("args"));
    for (const auto& [key, value] : flags.args)
        args[key] = value;
    nlohmann::json labels = string_map(build.find("labels"));
    labels["com.docker.compose.image.builder"] = "classic";
    std::string target = "/build?dockerfile=" + converge::url_escape(dockerfile);
    for (const auto& tag : tags)
        target += "&t=" + converge::url_escape(tag);
    if (auto stage = text_of(build.find("target")); !stage.empty())
        target += "&target=" + converge::url_escape(stage);
    target += "&buildargs=" + converge::url_escape(args.dump()) + "&labels=" + converge::url_escape(labels.dump());
    target += build_settings(build);
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

std::string file_text(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

// The context's tar and the Dockerfile's name in it.
struct PackedContext {
    std::string tar;
    std::string dockerfile;
};

// The context directory as a tar. A Dockerfile that is not a file of the
// context (`dockerfile_inline`, or a path outside the directory) goes in as the
// docker CLI adds one (AddDockerfileToBuildContext): under a random name
// ".dockerfile.<20 hex>" that a line appended to the .dockerignore sent with it
// names, so that a `COPY .` leaves it out.
Result<PackedContext> pack_context(const ConfigValue& build, const std::filesystem::path& working_directory) {
    const std::filesystem::path directory = text_of(build.find("context"), working_directory.string());
    const std::filesystem::path named = text_of(build.find("dockerfile"), "Dockerfile");
    const std::filesystem::path path = named.is_absolute() ? named : directory / named;
    const std::filesystem::path inside = path.lexically_normal().lexically_relative(directory.lexically_normal());
    const bool outside = inside.empty() || *inside.begin() == "..";
    std::optional<std::string> added;
    if (const ConfigValue* text = build.find("dockerfile_inline"); text && text->kind() == ConfigValue::Kind::String)
        added = text->as_string();
    else if (outside) {
        if (!std::filesystem::is_regular_file(path))
            return fail(ErrorCategory::NotFound,
                        "unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat {}: "
                        "no such file or directory", path.string());
        added = file_text(path);
    }
    PackedContext packed{.tar = {}, .dockerfile = inside.string()};
    PackFilter filter = context_filter(directory, packed.dockerfile);
    if (added) {
        packed.dockerfile = ".dockerfile." + random_hex(10);
        filter.written[packed.dockerfile] = *added;
        filter.written[".dockerignore"] = file_text(directory / ".dockerignore") + "\n" + packed.dockerfile + "\n";
    }
    auto tar = pack_path(directory, "", filter);
    if (!tar)
        return std::unexpected(tar.error());
    packed.tar = std::move(*tar);
    return packed;
}

struct BuiltService {
    const ServiceModel& service;
    const ConfigValue& build;
};

// The services of `selected` (all when empty) that have a build section.
std::vector<BuiltService> services_to_build(const ProjectScope& scope, const std::set<std::string>& selected) {
    std::vector<BuiltService> built;
    for (const auto& service : scope.model.services) {
        const ConfigValue* build = scope.project.model.find("services")->find(service.name)->find("build");
        if (build && (selected.empty() || selected.contains(service.name)))
            built.push_back({service, *build});
    }
    return built;
}

// Each service built in turn; the first failure stops with the builder's
// message and the failed RUN's status. A setting the classic builder refuses
// stops before anything is built.
int build_services(const ProjectScope& scope, const std::set<std::string>& selected, const BuildFlags& flags,
                   std::ostream& out, std::ostream& err) {
    const auto targets = services_to_build(scope, selected);
    for (const auto& [service, build] : targets)
        if (auto refusal = classic_refusal(build); !refusal.empty()) {
            err << refusal << "\n";
            return 1;
        }
    converge::Progress progress(err);
    for (const auto& [service, build] : targets) {
        std::vector<std::string> tags = {service.image};
        if (const ConfigValue* extra = build.find("tags"))
            for (const auto& tag : extra->items())
                tags.push_back(tag.as_string());
        progress.service_event(service.name, "Building");
        auto context = pack_context(build, scope.project.working_directory);
        if (!context)
            return report_error(context.error(), err);
        auto built = build_one(scope.client, build_target(build, context->dockerfile, tags, flags), context->tar,
                               flags.quiet, out);
        if (!built)
            return report_error(built.error(), err);
        if (!built->failure.empty()) {
            err << built->failure << "\n";
            return built->code != 0 ? built->code : 1;
        }
        progress.service_event(service.name, "Built");
    }
    return 0;
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
        return build_services(scope, services, flags, out, err);
    });
}

} // namespace berth::compose::cli
