#include "daemon/archive_handlers.h"

#include "api/server/blocking.h"
#include "daemon/streaming.h"

#include <tuple>

namespace berth::daemon {
namespace {

using api::Exchange;
using api::Task;
namespace http = api::http;

constexpr const char* kStatHeader = "X-Docker-Container-Path-Stat";
constexpr const char* kTarType = "application/x-tar";

template <typename T>
T value_or_throw(Result<T> result) {
    if (!result) throw api::ApiException{result.error()};
    return std::move(*result);
}

// Docker's archiveFormValues: the path is required.
std::string path_param(const Exchange& exchange) {
    auto path = exchange.query().get("path").value_or("");
    if (path.empty()) throw api::ApiException{Error(ErrorCategory::Invalid, "path is empty")};
    return path;
}

Task changes(Exchange& exchange, ContainerContext& context) {
    std::string id = exchange.param("name");
    auto listed = co_await api::run_blocking(context.blocking_pool, [&] { return context.service.changes(id); });
    co_await exchange.reply_json(http::status::ok, value_or_throw(std::move(listed)));
}

Task export_rootfs(Exchange& exchange, ContainerContext& context) {
    std::string id = exchange.param("name");
    auto& service = context.service;
    co_await stream_from_worker(exchange, kTarType, [&service, id](const auto&, const StreamSink& sink) {
        return service.export_rootfs(id, sink);
    });
}

Task stat_path(Exchange& exchange, ContainerContext& context) {
    std::string id = exchange.param("name");
    std::string path = path_param(exchange);
    auto stat = co_await api::run_blocking(context.blocking_pool,
                                           [&] { return context.service.archive_stat(id, path); });
    exchange.add_header(kStatHeader, containers::path_stat_header(value_or_throw(std::move(stat))));
    co_await exchange.reply_empty(http::status::ok);
}

Task get_archive(Exchange& exchange, ContainerContext& context) {
    std::string id = exchange.param("name");
    std::string path = path_param(exchange);
    auto& service = context.service;
    std::string header; // written by the worker before `ready`, read after it
    co_await stream_from_worker(
        exchange, kTarType,
        [&service, &header, id, path](const std::function<void()>& ready, const StreamSink& sink) {
            auto on_stat = [&](const containers::PathStat& stat) {
                header = containers::path_stat_header(stat);
                ready();
            };
            return service.archive_get(id, path, on_stat, sink);
        },
        [&header](Exchange& answer) { answer.add_header(kStatHeader, header); });
}

Task put_archive(Exchange& exchange, ContainerContext& context) {
    std::string id = exchange.param("name");
    std::string path = path_param(exchange);
    containers::ContainerService::ArchivePutOptions options;
    options.no_overwrite_dir_non_dir = exchange.query().flag("noOverwriteDirNonDir");
    options.copy_uid_gid = exchange.query().flag("copyUIDGID");
    const std::string& body = exchange.request().body();
    auto extracted = co_await api::run_blocking(
        context.blocking_pool, [&] { return context.service.archive_put(id, path, body, options); });
    if (!extracted) throw api::ApiException{extracted.error()};
    co_await exchange.reply_empty(http::status::ok);
}

} // namespace

void add_archive_routes(api::Router& router, ContainerContext& context) {
    using Handler = Task (*)(Exchange&, ContainerContext&);
    const std::tuple<http::verb, const char*, Handler> routes[] = {
        {http::verb::get, "/containers/{name}/changes", changes},
        {http::verb::get, "/containers/{name}/export", export_rootfs},
        {http::verb::head, "/containers/{name}/archive", stat_path},
        {http::verb::get, "/containers/{name}/archive", get_archive},
        {http::verb::put, "/containers/{name}/archive", put_archive},
    };
    for (const auto& [method, pattern, handler] : routes)
        router.add(method, pattern, [&context, handler](Exchange& exchange) -> Task { co_await handler(exchange, context); });
}

} // namespace berth::daemon
