#include "daemon/volume_handlers.h"

#include "api/server/blocking.h"

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

// A string map field of the create body (Labels, DriverOpts); null or absent: none.
std::optional<std::map<std::string, std::string>> string_map(const json& body, const char* key) {
    auto found = body.find(key);
    if (found == body.end() || found->is_null()) return std::nullopt;
    std::map<std::string, std::string> out;
    if (found->is_object())
        for (const auto& [k, v] : found->items())
            if (v.is_string()) out[k] = v.get<std::string>();
            else throw api::ApiException{Error(ErrorCategory::Invalid,
                                               std::format("invalid JSON: json: cannot unmarshal {} into Go struct field "
                                                           "CreateOptions.{} of type string", v.type_name(), key))};
    else
        throw api::ApiException{Error(ErrorCategory::Invalid,
                                      std::format("invalid JSON: json: cannot unmarshal {} into Go struct field "
                                                  "CreateOptions.{} of type map[string]string", found->type_name(), key))};
    return out;
}

std::string string_field(const json& body, const char* key) {
    auto found = body.find(key);
    return found != body.end() && found->is_string() ? found->get<std::string>() : "";
}

Task create(Exchange& exchange, VolumeContext& context) {
    json body = exchange.json_body();
    if (body.is_null()) body = json::object();
    if (!body.is_object()) throw api::ApiException{Error(ErrorCategory::Invalid, "invalid JSON: expected an object")};
    volumes::VolumeRequest request{.name = string_field(body, "Name"),
                                   .driver = string_field(body, "Driver"),
                                   .options = string_map(body, "DriverOpts").value_or(std::map<std::string, std::string>{}),
                                   .labels = string_map(body, "Labels")};
    auto created = co_await api::run_blocking(context.blocking_pool, [&]() -> Result<json> {
        auto volume = context.service.create(std::move(request));
        if (!volume) return std::unexpected(volume.error());
        return volumes::to_api_json(*volume);
    });
    co_await exchange.reply_json(http::status::created, value_or_throw(std::move(created)));
}

Task list(Exchange& exchange, VolumeContext& context) {
    auto filters = value_or_throw(api::Filters::parse(exchange.query().get("filters").value_or("")));
    // The JSON is made on the worker: the coroutine frame holds only the answer.
    auto answer = co_await api::run_blocking(context.blocking_pool, [&]() -> Result<json> {
        std::vector<std::string> warnings;
        auto found = context.service.list(filters, &warnings);
        if (!found) return std::unexpected(found.error());
        json volumes = json::array();
        for (const auto& volume : *found) volumes.push_back(volumes::to_api_json(volume));
        return json{{"Volumes", volumes}, {"Warnings", warnings.empty() ? json(nullptr) : json(warnings)}};
    });
    co_await exchange.reply_json(http::status::ok, value_or_throw(std::move(answer)));
}

Task inspect(Exchange& exchange, VolumeContext& context) {
    std::string name = exchange.param("name");
    auto volume = co_await api::run_blocking(context.blocking_pool, [&]() -> Result<json> {
        auto found = context.service.inspect(name);
        if (!found) return std::unexpected(found.error());
        return volumes::to_api_json(*found);
    });
    co_await exchange.reply_json(http::status::ok, value_or_throw(std::move(volume)));
}

Task remove(Exchange& exchange, VolumeContext& context) {
    std::string name = exchange.param("name");
    bool force = exchange.query().flag("force");
    auto removed = co_await api::run_blocking(context.blocking_pool, [&] { return context.service.remove(name, force); });
    ok_or_throw(std::move(removed));
    co_await exchange.reply_empty(http::status::no_content);
}

Task prune(Exchange& exchange, VolumeContext& context) {
    auto filters = value_or_throw(api::Filters::parse(exchange.query().get("filters").value_or("")));
    auto report = co_await api::run_blocking(context.blocking_pool, [&] { return context.service.prune(filters); });
    co_await exchange.reply_json(http::status::ok, value_or_throw(std::move(report)));
}

} // namespace

void add_volume_routes(api::Router& router, VolumeContext& context) {
    router.add(http::verb::post, "/volumes/create", [&context](Exchange& exchange) -> Task { co_await create(exchange, context); });
    router.add(http::verb::get, "/volumes", [&context](Exchange& exchange) -> Task { co_await list(exchange, context); });
    router.add(http::verb::post, "/volumes/prune", [&context](Exchange& exchange) -> Task { co_await prune(exchange, context); });
    router.add(http::verb::get, "/volumes/{name}", [&context](Exchange& exchange) -> Task { co_await inspect(exchange, context); });
    router.add(http::verb::delete_, "/volumes/{name}",
               [&context](Exchange& exchange) -> Task { co_await remove(exchange, context); });
}

} // namespace berth::daemon
