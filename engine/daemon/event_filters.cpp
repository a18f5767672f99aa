#include "daemon/event_filters.h"

namespace berth::daemon {
namespace {

// "container=web" matches a container event by ID or by name, and so on for each
// object type, the way dockerd's events filter reads Actor.ID and Attributes["name"].
bool matches_object(const api::Filters& filters, std::string_view key, const Event& event) {
    if (!filters.has(key)) return true;
    if (key == "image" && event.type == "container") {
        // A container's events carry its image, and `--filter image=x` shows them.
        auto image = event.attributes.find("image");
        return image != event.attributes.end() && filters.accepts(key, image->second);
    }
    if (event.type != key) return false;
    auto name = event.attributes.find("name");
    for (const auto& wanted : filters.values(key)) {
        if (wanted == event.actor_id) return true;
        if (name != event.attributes.end() && wanted == name->second) return true;
    }
    return false;
}

bool matches_label(const api::Filters& filters, const Event& event) {
    if (!filters.has("label")) return true;
    for (const auto& wanted : filters.values("label")) {
        auto eq = wanted.find('=');
        auto attribute = event.attributes.find(wanted.substr(0, eq));
        if (attribute == event.attributes.end()) continue;
        if (eq == std::string::npos || attribute->second == wanted.substr(eq + 1)) return true;
    }
    return false;
}

bool matches_action(const api::Filters& filters, const Event& event) {
    if (!filters.has("event")) return true;
    // "exec_start: sh -c ..." and "health_status: healthy" match their bare action too.
    std::string bare = event.action.substr(0, event.action.find(':'));
    return filters.accepts("event", event.action) || filters.accepts("event", bare);
}

} // namespace

Result<EventFilter> EventFilter::from(api::Filters filters) {
    auto allowed = filters.allow_only({"config", "container", "daemon", "event", "image", "label", "network", "node",
                                       "plugin", "scope", "secret", "service", "type", "volume"});
    if (!allowed) return std::unexpected(allowed.error());
    return EventFilter(std::move(filters));
}

bool EventFilter::matches(const Event& event) const {
    if (!filters_.accepts("type", event.type) || !filters_.accepts("scope", event.scope)) return false;
    if (!matches_action(filters_, event) || !matches_label(filters_, event)) return false;
    for (std::string_view key : {"container", "image", "volume", "network", "daemon", "plugin", "node", "service",
                                 "secret", "config"})
        if (!matches_object(filters_, key, event)) return false;
    return true;
}

} // namespace berth::daemon
