#include "compose/cli/events_command.h"

#include "compose/cli/flag_reader.h"
#include "compose/cli/project_or_report.h"
#include "compose/converge/labels.h"
#include "compose/converge/log_stream.h"

#include <atomic>
#include <csignal>
#include <ctime>
#include <ostream>
#include <pthread.h>
#include <set>
#include <thread>

namespace berth::compose::cli {
namespace {

// "2006-01-02 15:04:05.000000" (text) or RFC 3339 with nanoseconds (JSON), in local time as Go prints.
std::string event_time(int64_t nanoseconds, bool rfc3339) {
    std::time_t seconds = static_cast<std::time_t>(nanoseconds / 1'000'000'000);
    long fraction = static_cast<long>(nanoseconds % 1'000'000'000);
    std::tm local{};
    localtime_r(&seconds, &local);
    char date[64], zone[16];
    std::strftime(date, sizeof date, rfc3339 ? "%Y-%m-%dT%H:%M:%S" : "%Y-%m-%d %H:%M:%S", &local);
    char text[128];
    if (!rfc3339) {
        std::snprintf(text, sizeof text, "%s.%06ld", date, fraction / 1000);
        return text;
    }
    std::strftime(zone, sizeof zone, "%z", &local);
    std::string offset = zone;
    offset = offset == "+0000" ? "Z" : offset.substr(0, 3) + ":" + offset.substr(3);
    std::string digits = std::to_string(1'000'000'000 + fraction).substr(1);
    while (!digits.empty() && digits.back() == '0')
        digits.pop_back(); // Go's RFC3339Nano drops trailing zeros
    std::snprintf(text, sizeof text, "%s%s%s%s", date, digits.empty() ? "" : ".", digits.c_str(), offset.c_str());
    return text;
}

} // namespace

std::string event_text(const nlohmann::json& event, bool json) {
    if (event.value("Type", "") != "container")
        return {};
    const auto& actor = event.value("Actor", nlohmann::json::object());
    auto attributes = actor.value("Attributes", nlohmann::json::object());
    std::string service = attributes.value(converge::kServiceLabel, "");
    // docker compose shows the engine's own attributes (image, name, signal...), not its labels.
    for (auto it = attributes.begin(); it != attributes.end();)
        it = it.key().starts_with("com.docker.compose.") ? attributes.erase(it) : std::next(it);
    std::string id = actor.value("ID", event.value("id", ""));
    std::string action = event.value("Action", "");
    int64_t nanoseconds = event.value("timeNano", int64_t{0});
    if (nanoseconds == 0)
        nanoseconds = event.value("time", int64_t{0}) * 1'000'000'000;
    if (json)
        return nlohmann::json{{"action", action},
                              {"attributes", attributes},
                              {"id", id},
                              {"service", service},
                              {"time", event_time(nanoseconds, true)},
                              {"type", "container"}}
            .dump();
    std::string listed;
    for (const auto& [key, value] : attributes.items())
        listed += (listed.empty() ? "" : ", ") + key + "=" + (value.is_string() ? value.get<std::string>() : value.dump());
    return event_time(nanoseconds, false) + " container " + action + " " + id + " (" + listed + ")";
}

int run_events(const std::vector<std::string>& args, const ComposeOptions& options, const std::string& host,
               std::ostream& out, std::ostream& err) {
    bool json = false;
    std::set<std::string> services;
    FlagReader reader(args);
    std::string error;
    while (!reader.done() && error.empty()) {
        if (auto j = reader.boolean("json", "")) {
            json = *j;
        } else {
            reader.take_word(services, "events", error);
        }
    }
    return with_project(error, options, host, services, err, [&](const ProjectScope& scope) {
        converge::LineSplitter lines;
        auto streamed = scope.client.stream(
            "GET", "/events?" + converge::project_filter_query(scope.project.name), [&](std::string_view chunk) {
                lines.feed(chunk, [&](std::string_view line) {
                    auto event = nlohmann::json::parse(line, nullptr, false);
                    if (event.is_discarded())
                        return;
                    auto attributes = event.value("Actor", nlohmann::json::object())
                                          .value("Attributes", nlohmann::json::object());
                    if (!services.empty() && !services.contains(attributes.value(converge::kServiceLabel, "")))
                        return;
                    // docker compose leaves a blank line after each text event.
                    if (auto text = event_text(event, json); !text.empty())
                        out << text << (json ? "\n" : "\n\n") << std::flush;
                });
                return true;
            });
        if (!streamed)
            return report_error(streamed.error(), err);
        return 0;
    });
}

} // namespace berth::compose::cli
