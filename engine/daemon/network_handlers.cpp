#include "daemon/network_handlers.h"

#include "api/filters.h"
#include "api/server/blocking.h"
#include "base/clock.h"

namespace berth::daemon {
namespace {

using api::Exchange;
using api::Task;
using nlohmann::json;
namespace http = api::http;

template <typename T>
T value_or_throw(Result<T> result) {
    if (!result) throw api::ApiException{result.error()};
    return std::move(*result);
}

void ok_or_throw(Result<> result) {
    if (!result) throw api::ApiException{result.error()};
}

api::Filters parse_filters(const Exchange& exchange, const std::set<std::string, std::less<>>& allowed) {
    auto filters = value_or_throw(api::Filters::parse(exchange.query().get("filters").value_or("")));
    if (auto ok = filters.allow_only(allowed); !ok) throw api::ApiException{ok.error()};
    return filters;
}

bool any_contains(const api::Filters& filters, std::string_view key, std::string_view text) {
    if (!filters.has(key)) return true;
    for (const std::string& value : filters.values(key))
        if (text.find(value) != std::string_view::npos) return true;
    return false;
}

bool truthy(const api::Filters& filters, std::string_view key) {
    for (const std::string& value : filters.values(key)) {
        if (value == "true" || value == "1") return true;
        if (value == "false" || value == "0") return false;
        throw api::ApiException{Error(ErrorCategory::Invalid, std::format("invalid filter '{}={}'", key, value))};
    }
    return false;
}

// Docker's network list filters: name and id match a part, driver exactly,
// label as everywhere, type custom|builtin, dangling (no container attached,
// never a predefined network).
bool matches(const network::NetworkRecord& n, const api::Filters& filters) {
    if (!any_contains(filters, "name", n.name) || !any_contains(filters, "id", n.id)) return false;
    if (!filters.accepts("driver", n.driver) || !filters.accepts("scope", "local")) return false;
    if (!filters.matches_labels(network::network_to_docker_json(n, false)["Labels"])) return false;
    if (filters.has("type")) {
        for (const std::string& type : filters.values("type"))
            if (type != "custom" && type != "builtin")
                throw api::ApiException{Error(ErrorCategory::Invalid, std::format("invalid filter: 'type'='{}'", type))};
        if (!filters.accepts("type", n.predefined() ? "builtin" : "custom")) return false;
    }
    if (filters.has("dangling")) {
        bool dangling = !n.predefined() && n.containers.empty();
        if (dangling != truthy(filters, "dangling")) return false;
    }
    return true;
}

Task create(Exchange& exchange, NetworkContext& context) {
    json body = exchange.json_body();
    auto request = value_or_throw(network::parse_network_create(body));
    auto created =
        co_await api::run_blocking(context.blocking_pool, [&] { return context.networks.create(std::move(request)); });
    auto record = value_or_throw(std::move(created));
    co_await exchange.reply_json(http::status::created, json{{"Id", record.id}, {"Warning", ""}});
}

Task list(Exchange& exchange, NetworkContext& context) {
    auto filters = parse_filters(exchange, {"dangling", "driver", "id", "label", "name", "scope", "type"});
    json out = json::array();
    for (const auto& n : context.networks.list())
        if (matches(n, filters)) out.push_back(network::network_to_docker_json(n, false));
    co_await exchange.reply_json(http::status::ok, out);
}

Task inspect(Exchange& exchange, NetworkContext& context) {
    auto n = value_or_throw(context.networks.find(exchange.param("id")));
    co_await exchange.reply_json(http::status::ok, network::network_to_docker_json(n, true));
}

Task remove(Exchange& exchange, NetworkContext& context) {
    std::string id = exchange.param("id");
    auto removed = co_await api::run_blocking(context.blocking_pool, [&] { return context.networks.remove(id); });
    ok_or_throw(std::move(removed));
    co_await exchange.reply_empty(http::status::no_content);
}

// Docker prunes user networks with no container, filtered by until and label.
Task prune(Exchange& exchange, NetworkContext& context) {
    auto filters = parse_filters(exchange, {"label", "label!", "until"});
    std::optional<int64_t> until;
    for (const std::string& value : filters.values("until")) until = value_or_throw(parse_time_or_duration(value));
    auto pruned = co_await api::run_blocking(context.blocking_pool, [&] {
        json deleted = json::array();
        for (const auto& n : context.networks.list()) {
            if (n.predefined() || !n.containers.empty()) continue;
            if (!filters.matches_labels(network::network_to_docker_json(n, false)["Labels"])) continue;
            if (until) {
                auto created = parse_api_timestamp(n.created);
                if (created && *created >= *until) continue;
            }
            if (context.networks.remove(n.id)) deleted.push_back(n.name);
        }
        return deleted;
    });
    co_await exchange.reply_json(http::status::ok, json{{"NetworksDeleted", pruned}});
}

// A "network" event for a connect or disconnect, as dockerd logs them: the
// network is the actor, the container an attribute.
void publish_change(NetworkContext& context, const std::string& action, const containers::NetworkChange& change) {
    if (!context.events) return;
    context.events->publish(Event{.type = "network",
                                  .action = action,
                                  .actor_id = change.network_id,
                                  .attributes = {{"container", change.container_id},
                                                 {"name", change.network_name},
                                                 {"type", change.driver}}});
}

std::string container_of(const json& body) {
    auto found = body.find("Container");
    std::string container = found != body.end() && found->is_string() ? found->get<std::string>() : "";
    if (container.empty()) throw api::ApiException{Error(ErrorCategory::Invalid, "container is required")};
    return container;
}

// POST /networks/{id}/connect {"Container", "EndpointConfig"}.
Task connect(Exchange& exchange, NetworkContext& context) {
    json body = exchange.json_body();
    std::string container = container_of(body);
    json endpoint = body.value("EndpointConfig", json::object());
    std::string network = exchange.param("id");
    auto changed = co_await api::run_blocking(
        context.blocking_pool, [&] { return context.containers->connect_network(container, network, endpoint); });
    publish_change(context, "connect", value_or_throw(std::move(changed)));
    co_await exchange.reply_empty(http::status::ok);
}

// POST /networks/{id}/disconnect {"Container", "Force"}.
Task disconnect(Exchange& exchange, NetworkContext& context) {
    json body = exchange.json_body();
    std::string container = container_of(body);
    bool force = body.value("Force", false);
    std::string network = exchange.param("id");
    auto changed = co_await api::run_blocking(
        context.blocking_pool, [&] { return context.containers->disconnect_network(container, network, force); });
    publish_change(context, "disconnect", value_or_throw(std::move(changed)));
    co_await exchange.reply_empty(http::status::ok);
}

} // namespace

void add_network_routes(api::Router& router, NetworkContext& context) {
    using http::verb;
    auto route = [&](verb method, std::string pattern, auto handler) {
        router.add(method, std::move(pattern),
                   [&context, handler](Exchange& exchange) -> Task { co_await handler(exchange, context); });
    };
    route(verb::post, "/networks/create", create);
    route(verb::get, "/networks", list);
    route(verb::get, "/networks/{id}", inspect);
    route(verb::delete_, "/networks/{id}", remove);
    route(verb::post, "/networks/prune", prune);
    if (context.containers) {
        route(verb::post, "/networks/{id}/connect", connect);
        route(verb::post, "/networks/{id}/disconnect", disconnect);
    } else {
        for (const char* action : {"connect", "disconnect"})
            route(verb::post, std::format("/networks/{{id}}/{}", action), [action](Exchange&, NetworkContext&) -> Task {
                throw api::ApiException{Error(ErrorCategory::NotImplemented,
                                              std::format("network {} is not available without containers", action))};
                co_return;
            });
    }
}

} // namespace berth::daemon
