#include "daemon/image_handlers.h"

#include "api/server/blocking.h"

namespace berth::daemon {
namespace {

using api::Exchange;
using api::Task;
namespace http = api::http;

template <typename T>
T value_or_throw(Result<T> result) {
    if (!result) throw api::ApiException{result.error()};
    return std::move(*result);
}

Task create(Exchange& exchange, ImageContext& context) {
    const auto& query = exchange.query();
    if (query.has("fromImage"))
        throw api::ApiException{Error(ErrorCategory::NotImplemented,
                                      "pulling images (POST /images/create?fromImage=...) is not implemented in "
                                      "berthd yet")};
    auto source = query.get("fromSrc").value_or("");
    if (source != "-")
        throw api::ApiException{Error(source.empty() ? ErrorCategory::Invalid : ErrorCategory::NotImplemented,
                                      source.empty() ? "fromImage or fromSrc is required"
                                                     : "importing from a URL is not implemented in berthd yet; "
                                                       "send the tarball in the request body (fromSrc=-)")};
    images::ImportOptions options{.repository = query.get("repo").value_or(""),
                                  .tag = query.get("tag").value_or(""),
                                  .message = query.get("message").value_or(""),
                                  .changes = query.all("changes")};
    const std::string& body = exchange.request().body();
    auto id = co_await api::run_blocking(context.blocking_pool,
                                         [&] { return context.service.import(body, options); });
    std::string id_value = value_or_throw(std::move(id));
    // Docker answers with a JSON message stream; the last status is the new image's ID.
    co_await exchange.reply(http::status::ok, nlohmann::json{{"status", id_value}}.dump() + "\r\n",
                            "application/json");
}

Task list(Exchange& exchange, ImageContext& context) {
    auto filters = value_or_throw(api::Filters::parse(exchange.query().get("filters").value_or("")));
    co_await exchange.reply_json(http::status::ok, value_or_throw(context.service.list(filters)));
}

Task tag(Exchange& exchange, ImageContext& context) {
    value_or_throw(Result<bool>(context.service
                                    .tag(exchange.param("name"), exchange.query().get("repo").value_or(""),
                                         exchange.query().get("tag").value_or(""))
                                    .transform([] { return true; })));
    co_await exchange.reply_empty(http::status::created);
}

} // namespace

void add_image_routes(api::Router& router, ImageContext& context) {
    router.add(http::verb::post, "/images/create",
               [&context](Exchange& exchange) -> Task { co_await create(exchange, context); });
    router.add(http::verb::get, "/images/json",
               [&context](Exchange& exchange) -> Task { co_await list(exchange, context); });
    router.add(http::verb::get, "/images/{name}/json", [&context](Exchange& exchange) -> Task {
        co_await exchange.reply_json(http::status::ok, value_or_throw(context.service.inspect(exchange.param("name"))));
    });
    router.add(http::verb::get, "/images/{name}/history", [&context](Exchange& exchange) -> Task {
        co_await exchange.reply_json(http::status::ok, value_or_throw(context.service.history(exchange.param("name"))));
    });
    router.add(http::verb::post, "/images/{name}/tag",
               [&context](Exchange& exchange) -> Task { co_await tag(exchange, context); });
    router.add(http::verb::delete_, "/images/{name}", [&context](Exchange& exchange) -> Task {
        auto report = context.service.remove(exchange.param("name"), exchange.query().flag("force"));
        co_await exchange.reply_json(http::status::ok, value_or_throw(std::move(report)));
    });
}

} // namespace berth::daemon
