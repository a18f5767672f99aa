#include "compose/cli/push_command.h"

#include "compose/cli/flag_reader.h"
#include "compose/cli/project_or_report.h"
#include "api/client/registry_auth.h"
#include "compose/converge/image_pull.h"
#include "compose/converge/labels.h"
#include "compose/converge/log_stream.h"
#include "compose/converge/progress.h"

#include <ostream>
#include <sstream>

namespace berth::compose::cli {
namespace {

// The tags docker compose pushes for a service: its image, then build.tags; none
// unless it is both built and named.
std::vector<std::string> pushed_tags(const ConfigValue& service) {
    const ConfigValue* image = service.find("image");
    const ConfigValue* build = service.find("build");
    if (!image || !build || image->as_string().empty())
        return {};
    std::vector<std::string> tags = {image->as_string()};
    if (const ConfigValue* extra = build->find("tags"))
        for (const auto& tag : extra->items())
            tags.push_back(tag.as_string());
    return tags;
}

// The push's stream read to its end; its first error message, "" when none.
Result<std::string> push_image(api::EngineClient& client, const std::string& reference) {
    auto [name, tag] = converge::split_tag(reference);
    client.set_header("X-Registry-Auth", api::registry_auth_header(reference));
    std::string failure;
    converge::LineSplitter lines;
    auto pushed = client.stream("POST", "/images/" + converge::url_escape(name) + "/push?tag=" + converge::url_escape(tag),
                                [&](std::string_view chunk) {
                                    lines.feed(chunk, [&](std::string_view line) {
                                        auto message = nlohmann::json::parse(line, nullptr, false);
                                        if (failure.empty() && message.is_object() && message.contains("error"))
                                            failure = message.value("error", "");
                                    });
                                    return true;
                                });
    if (!pushed)
        return std::unexpected(pushed.error());
    return failure;
}

} // namespace

int run_push(const std::vector<std::string>& args, const ComposeOptions& options, const std::string& host,
             std::ostream& /*out*/, std::ostream& err) {
    bool ignore_failures = false, quiet = false;
    std::set<std::string> services;
    FlagReader reader(args);
    std::string error;
    while (!reader.done() && error.empty()) {
        if (auto ignore = reader.boolean("ignore-push-failures", ""))
            ignore_failures = *ignore;
        else if (auto q = reader.boolean("quiet", "q"))
            quiet = *q;
        else if (reader.boolean("include-deps", "")) {
        } else
            reader.take_word(services, "push", error);
    }
    return with_project(error, options, host, services, err, [&](const ProjectScope& scope) {
        std::ostringstream discarded;
        converge::Progress progress(quiet ? static_cast<std::ostream&>(discarded) : err);
        for (const auto& [name, service] : scope.project.model.find("services")->entries()) {
            if (!services.empty() && !services.contains(name))
                continue;
            auto tags = pushed_tags(service);
            if (tags.empty())
                progress.service_event(name, "Skipped");
            for (const auto& tag : tags) {
                progress.service_event(name, "Pushing", tag);
                auto pushed = push_image(scope.client, tag);
                std::string failure = pushed ? *pushed : pushed.error().message();
                if (failure.empty()) {
                    progress.service_event(name, "Pushed", tag);
                } else if (ignore_failures) {
                    err << "Pushing " << name << ": " << failure << "\n";
                } else {
                    err << failure << "\n";
                    return 1;
                }
            }
        }
        return 0;
    });
}

} // namespace berth::compose::cli
