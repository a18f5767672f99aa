#include "api/server/router.h"

#include "api/endpoints.h"
#include "base/log.h"

namespace berth::api {
namespace {

struct Target {
    std::string path;
    std::optional<ApiVersion> version;
    std::string_view query;
};

// "/v1.45/containers/json?all=1" -> path "/containers/json", version 1.45, query "all=1".
Result<Target> split_target(std::string_view target) {
    Target out;
    auto question = target.find('?');
    if (question != std::string_view::npos) out.query = target.substr(question + 1);
    auto decoded = percent_decode(target.substr(0, question), false);
    if (!decoded) return std::unexpected(decoded.error());
    out.path = std::move(*decoded);
    if (out.path.starts_with("/v") && out.path.size() > 2 && std::isdigit(static_cast<unsigned char>(out.path[2]))) {
        auto slash = out.path.find('/', 1);
        auto version = parse_api_version(std::string_view(out.path).substr(2, slash - 2));
        if (version) {
            out.version = *version;
            out.path = slash == std::string::npos ? "/" : out.path.substr(slash);
        }
    }
    return out;
}

} // namespace

void Router::add(http::verb method, std::string pattern, Handler handler) {
    routes_.push_back({method, std::move(pattern), std::move(handler), false});
}

void Router::add_upload(http::verb method, std::string pattern, Handler handler) {
    routes_.push_back({method, std::move(pattern), std::move(handler), true});
}

void Router::add_streamed_upload(http::verb method, std::string pattern, Handler handler) {
    routes_.push_back({method, std::move(pattern), std::move(handler), false, true});
}

const Router::Route* Router::route_for(http::verb method, std::string_view target) const {
    auto split = split_target(target);
    if (!split) return nullptr;
    for (const auto& route : routes_)
        if (route.method == method && match_path(route.pattern, split->path)) return &route;
    return nullptr;
}

bool Router::streams_body(http::verb method, std::string_view target) const {
    const Route* route = route_for(method, target);
    return route && route->streamed;
}

bool Router::spools_body(http::verb method, std::string_view target) const {
    const Route* route = route_for(method, target);
    return route && route->upload;
}

Task Router::dispatch(Exchange& exchange) const {
    requests_.fetch_add(1, std::memory_order_relaxed);
    std::optional<Error> failure;
    try {
        co_await dispatch_checked(exchange);
    } catch (const ApiException& e) {
        failure = e.error;
    } catch (const std::exception& e) {
        log::error("handler for {} {} failed: {}", std::string(exchange.request().method_string()),
                   exchange.path(), e.what());
        failure = Error(ErrorCategory::System, std::string("internal error: ") + e.what());
    }
    if (failure && !exchange.responded()) co_await exchange.reply_error(*failure);
}

Task Router::dispatch_checked(Exchange& exchange) const {
    auto target = split_target(exchange.request().target());
    if (!target) {
        co_await exchange.reply_error(target.error());
        co_return;
    }
    if (target->version) {
        if (auto supported = check_api_version(*target->version); !supported) {
            co_await exchange.reply_error(supported.error());
            co_return;
        }
    }
    auto query = Query::parse(target->query);
    if (!query) {
        co_await exchange.reply_error(query.error());
        co_return;
    }
    bool path_known = false;
    for (const auto& route : routes_) {
        auto params = match_path(route.pattern, target->path);
        if (!params) continue;
        path_known = true;
        if (route.method != exchange.method()) continue;
        exchange.set_route(target->path, target->version.value_or(kMaxApiVersion), std::move(*query),
                           std::move(*params));
        co_await route.handler(exchange);
        co_return;
    }
    std::string method(exchange.request().method_string());
    if (auto known = find_known_endpoint(method, target->path)) {
        co_await exchange.reply_error(Error(ErrorCategory::NotImplemented,
                                            std::format("{} {} is not implemented in berthd yet ({} API)", method,
                                                        known->pattern, known->area)));
    } else if (path_known) {
        co_await exchange.reply_json(http::status::method_not_allowed,
                                     {{"message", std::format("method {} not allowed on {}", method, target->path)}});
    } else {
        co_await exchange.reply_error(Error(ErrorCategory::NotFound, "page not found"));
    }
}

} // namespace berth::api
