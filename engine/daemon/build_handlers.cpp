#include "daemon/build_handlers.h"

#include "api/server/blocking.h"
#include "base/base64.h"
#include "build/builder/cache_mounts.h"
#include "build/builder/image_builder.h"
#include "daemon/context_upload.h"
#include "daemon/streaming.h"
#include "images/layer_unpacker.h"
#include "registry/manifest.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <filesystem>
#include <fcntl.h>
#include <unistd.h>
#include <vector>

namespace berth::daemon {
namespace {

using api::Exchange;
using api::Task;
namespace http = api::http;
using nlohmann::json;

[[noreturn]] void refuse(ErrorCategory category, std::string message) {
    throw api::ApiException{Error(category, std::move(message))};
}

// A JSON object parameter (`buildargs`, `labels`), "" for none.
json object_parameter(const api::Query& query, std::string_view name) {
    std::string text = query.get(name).value_or("");
    if (text.empty()) return json::object();
    json value = json::parse(text, nullptr, false);
    if (value.is_discarded() || !(value.is_object() || value.is_null()))
        refuse(ErrorCategory::Invalid, std::format("{} is not a JSON object: {}", name, text));
    return value.is_null() ? json::object() : value;
}

// X-Registry-Config: base64url of {"registry": {auth config}, ...}, as the CLI
// sends every credential it has. The builder pulls with Docker Hub's, or the
// only one given.
registry::Credentials registry_credentials(std::string_view header) {
    if (header.empty()) return {};
    auto decoded = base64_decode(std::string(header));
    if (!decoded) return {};
    json configs = json::parse(*decoded, nullptr, false);
    if (!configs.is_object() || configs.empty()) return {};
    for (const char* hub : {"https://index.docker.io/v1/", "docker.io", "index.docker.io"})
        if (configs.contains(hub) && configs[hub].is_object()) return registry::credentials_from_json(configs[hub]);
    if (configs.size() == 1 && configs.begin()->is_object()) return registry::credentials_from_json(*configs.begin());
    return {};
}

// The query as the builder reads it; the parameters berthd does not build
// answer a clear error instead of being ignored.
build::BuildRequest build_request(Exchange& exchange) {
    const auto& query = exchange.query();
    if (query.flag("squash")) refuse(ErrorCategory::NotImplemented, "squash is not supported by berthd's builder");
    if (auto remote = query.get("remote"); remote && !remote->empty())
        refuse(ErrorCategory::NotImplemented, "remote build contexts (" + *remote +
                                                  ") are not supported by berthd's builder yet: send the context as a tar");
    if (auto version = query.get("version"); version && *version == "2")
        refuse(ErrorCategory::NotImplemented, "BuildKit (version=2) is not supported by berthd: use the classic builder "
                                              "(DOCKER_BUILDKIT=0)");
    if (auto outputs = query.get("outputs"); outputs && !outputs->empty() && *outputs != "[]" && *outputs != "null")
        refuse(ErrorCategory::NotImplemented, "build outputs are not supported by berthd's builder");
    build::BuildRequest request;
    if (auto dockerfile = query.get("dockerfile"); dockerfile && !dockerfile->empty()) request.dockerfile = *dockerfile;
    request.tags = query.all("t");
    json build_args = object_parameter(query, "buildargs");
    for (auto it = build_args.begin(); it != build_args.end(); ++it)
        request.build_args[it.key()] = it->is_string() ? std::optional(it->get<std::string>()) : std::nullopt;
    json labels = object_parameter(query, "labels");
    for (auto it = labels.begin(); it != labels.end(); ++it)
        request.labels[it.key()] = it->is_string() ? it->get<std::string>() : it->dump();
    request.target = query.get("target").value_or("");
    request.no_cache = query.flag("nocache");
    // `cachefrom`: a JSON array of image names (the CLI sends "[]" or "null" for none).
    if (std::string text = query.get("cachefrom").value_or(""); !text.empty()) {
        json names = json::parse(text, nullptr, false);
        bool strings = names.is_array() && std::ranges::all_of(names, [](const json& name) { return name.is_string(); });
        if (!strings && !names.is_null()) refuse(ErrorCategory::Invalid, "cachefrom is not a JSON array of strings: " + text);
        if (strings) request.cache_from = names.get<std::vector<std::string>>();
    }
    request.pull = query.flag("pull");
    request.remove = !query.has("rm") || query.flag("rm");
    request.force_remove = query.flag("forcerm");
    if (request.force_remove) request.remove = true;
    request.quiet = query.flag("q");
    request.network_mode = query.get("networkmode").value_or("");
    for (auto [parameter, key] : {std::pair{"memory", "Memory"}, {"memswap", "MemorySwap"}, {"cpushares", "CpuShares"},
                                  {"cpuquota", "CpuQuota"}, {"cpuperiod", "CpuPeriod"}, {"shmsize", "ShmSize"}}) {
        std::string text = query.get(parameter).value_or("");
        if (text.empty() || text == "0") continue;
        char* end = nullptr;
        long long value = std::strtoll(text.c_str(), &end, 10);
        if (*end != '\0') refuse(ErrorCategory::Invalid, std::format("invalid {}: {}", parameter, text));
        request.host_config[key] = value;
    }
    if (auto cpus = query.get("cpusetcpus"); cpus && !cpus->empty()) request.host_config["CpusetCpus"] = *cpus;
    // `--add-host`: each RUN's /etc/hosts, as the docker CLI and compose send
    // them (one parameter per entry, "name:ip" or "name=ip").
    if (auto hosts = query.all("extrahosts"); !hosts.empty()) request.host_config["ExtraHosts"] = hosts;
    // The classic builder runs its steps here, so it builds for this machine only.
    if (auto platform = query.get("platform"); platform && !platform->empty()) {
        auto wanted = registry::parse_platform(*platform);
        if (!wanted) throw api::ApiException{wanted.error()};
        auto host = registry::host_platform();
        if (wanted->os != host.os || wanted->architecture != host.architecture)
            refuse(ErrorCategory::NotImplemented,
                   std::format("berthd's builder builds for {} only: platform {} is not supported", host.str(), *platform));
    }
    request.credentials = registry_credentials(exchange.header("X-Registry-Config"));
    return request;
}

// A request refused before its context is read (squash, a bad buildargs):
// the body is read and dropped first, up to a bound, so that a client still
// sending a large context reads the refusal instead of a broken pipe (as the
// docker CLI would report it). Past the bound the connection just closes.
constexpr uint64_t kRefusalDrainLimit = 1ULL << 30;

Task drain_body(Exchange& exchange) {
    auto* body = exchange.body_stream();
    if (!body) co_return; // read already (not streamed)
    std::vector<char> buffer(256 * 1024);
    for (uint64_t drained = 0; drained <= kRefusalDrainLimit;) {
        auto got = co_await body->read_some(buffer);
        if (!got || *got == 0) co_return;
        drained += *got;
    }
}

Task build(Exchange& exchange, BuildContext& context) {
    build::BuildRequest request;
    std::exception_ptr refusal;
    try {
        request = build_request(exchange);
    } catch (const api::ApiException&) {
        refusal = std::current_exception();
    }
    if (refusal) {
        co_await drain_body(exchange);
        std::rethrow_exception(refusal);
    }
    build::BuildServices services{context.images, context.containers, context.registry(), context.go_arch};
    services.cache_mounts_dir = context.cache_mounts_dir;
    // The client gone or berthd stopping: a RUN running is killed, a read of
    // a stalled upload woken, so the worker ends and can be joined.
    auto stop = std::make_shared<build::BuildStop>();
    // Once the body is read, the client's end closing is watched for (as Go's
    // server cancels the request's context, which dockerd's builder obeys): a
    // RUN that prints nothing would otherwise run on, unnoticed, until it
    // wrote to a client that has gone. A streamed answer ends the connection,
    // so the watching read never takes a next request's bytes.
    std::shared_ptr<ContextReader> reader;
    auto watch_client = [&exchange, stop, &reader] {
        exchange.watch_client_close([stop, reader] {
            reader->interrupt();
            stop->stop();
        });
    };
    // The context is spooled and indexed as it arrives (context_upload.h); a
    // request that was not streamed has it in memory.
    std::unique_ptr<ContextUpload> upload;
    if (auto* body = exchange.body_stream()) {
        auto opened = ContextUpload::open(co_await api::asio::this_coro::executor);
        if (!opened) throw api::ApiException{opened.error()};
        upload = std::move(*opened);
        reader = upload->reader();
        upload->start(*body, watch_client);
    } else {
        reader = std::make_shared<ContextReader>(exchange.request().body());
        watch_client();
    }
    std::exception_ptr failure;
    try {
        co_await stream_from_worker(exchange, "application/json",
                                    [request, reader, services, stop](const std::function<void()>& ready,
                                                                const StreamSink& sink) mutable -> Result<> {
            ready(); // from here on, errors go in the stream as the classic builder sends them
            auto send = [&sink](const json& message) { return sink(message.dump() + "\r\n"); };
            auto built = build::build_image(services, request, [reader] { return reader->next(); }, send, stop.get());
            reader->close(); // what the client still sends is dropped
            if (!built)
                send({{"errorDetail", {{"code", built.error().code}, {"message", built.error().message}}},
                      {"error", built.error().message}});
            return {};
        }, {}, kStreamWindow, [reader, stop] {
            reader->interrupt();
            stop->stop();
        });
    } catch (...) {
        failure = std::current_exception();
    }
    // The worker is done or never started (its thread could not be made, or
    // the build threw): closing our end again lets the pump drain the rest
    // instead of waiting on a full socket pair for good.
    reader->close();
    if (upload) co_await upload->pumped(); // the body is read to its end before the answer ends
    if (failure) std::rethrow_exception(failure);
}

// POST /build/prune (`docker builder prune`): the RUN --mount=type=cache
// directories not in use that `filters` pick (dockerd's keys; `until` by last
// use), the least recently used first and only down to `keep-storage` bytes.
// The classic cache is intermediate images, which `docker image prune`
// removes, as in dockerd.
Task prune_build_cache(Exchange& exchange, BuildContext& context) {
    const auto& query = exchange.query();
    build::CachePruneOptions options;
    auto filters = api::Filters::parse(query.get("filters").value_or(""));
    if (!filters) throw api::ApiException{filters.error()};
    options.filters = std::move(*filters);
    options.all = query.flag("all");
    if (auto keep = query.get("keep-storage"); keep && !keep->empty()) {
        char* end = nullptr;
        long long bytes = std::strtoll(keep->c_str(), &end, 10);
        if (*end != '\0' || bytes < 0) refuse(ErrorCategory::Invalid, std::format("invalid keep-storage: {}", *keep));
        options.keep_storage = static_cast<uint64_t>(bytes);
    }
    if (context.cache_mounts_dir.empty() || !context.blocking_pool) {
        co_await exchange.reply_json(http::status::ok, json{{"CachesDeleted", nullptr}, {"SpaceReclaimed", 0}});
        co_return;
    }
    std::string dir = context.cache_mounts_dir;
    auto report = co_await api::run_blocking(*context.blocking_pool, [dir, options] { return build::prune_cache_mounts(dir, options); });
    if (!report) throw api::ApiException{report.error()};
    const auto& pruned = *report;
    co_await exchange.reply_json(http::status::ok,
                                 json{{"CachesDeleted", pruned.deleted.empty() ? json(nullptr) : json(pruned.deleted)},
                                      {"SpaceReclaimed", pruned.reclaimed}});
}

} // namespace

void add_build_routes(api::Router& router, BuildContext& context) {
    router.add_streamed_upload(http::verb::post, "/build",
                      [&context](Exchange& exchange) -> Task { co_await build(exchange, context); });
    router.add(http::verb::post, "/build/prune",
               [&context](Exchange& exchange) -> Task { co_await prune_build_cache(exchange, context); });
    // A BuildKit client's session (buildx, BuildKit-mode compose): nothing here to talk to.
    router.add(http::verb::post, "/session", [](Exchange&) -> Task {
        refuse(ErrorCategory::NotImplemented, "BuildKit sessions (POST /session) are not supported by berthd: "
                                              "build with the classic builder (DOCKER_BUILDKIT=0)");
        co_return;
    });
}

} // namespace berth::daemon
