#include "daemon/image_handlers.h"

#include "api/server/blocking.h"
#include "build/builder/cache_mounts.h"
#include "daemon/streaming.h"
#include "images/distribution.h"
#include "images/image_archive.h"
#include "containers/container_service.h"
#include "images/image_puller.h"
#include "images/image_pusher.h"

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

// A name and the `tag` parameter as the CLI sends them to pull and push
// ("busybox" and "1.36"); a pull's tag may be a digest, a push's may not. No
// tag at all asks for every tag (--all-tags).
images::Reference tagged_reference(std::string_view name, const std::string& tag, bool digest_allowed,
                                   std::string_view what) {
    auto reference = value_or_throw(images::parse_reference(name));
    if (reference.digest && !digest_allowed)
        throw api::ApiException{Error(ErrorCategory::Invalid, std::format("cannot {} a digest reference", what))};
    if (!tag.empty()) {
        bool digest = tag.find(':') != std::string::npos;
        if (digest && !digest_allowed)
            throw api::ApiException{Error(ErrorCategory::Invalid, std::format("cannot {} a digest reference", what))};
        if ((reference.tag && *reference.tag != tag) || (reference.digest && *reference.digest != tag))
            throw api::ApiException{Error(ErrorCategory::Invalid, "the reference names a tag and the tag parameter "
                                                                  "another")};
        if (!reference.tag && !reference.digest)
            reference = value_or_throw(images::parse_reference(reference.str() + (digest ? "@" : ":") + tag));
    }
    return reference; // without tag or digest: every tag (--all-tags)
}

// What POST /images/create?fromImage= asks for.
images::PullRequest pull_request(Exchange& exchange) {
    const auto& query = exchange.query();
    // As dockerd: old clients' `pull -a` sends "name:" (and `docker pull name:` means latest all the same).
    std::string from = query.get("fromImage").value_or("");
    if (from.ends_with(':')) from.pop_back();
    images::PullRequest request{tagged_reference(from, query.get("tag").value_or(""), true, "pull"),
                                std::nullopt, {}};
    if (auto platform = query.get("platform"); platform && !platform->empty())
        request.platform = value_or_throw(registry::parse_platform(*platform));
    request.credentials = value_or_throw(registry::decode_registry_auth(exchange.header("X-Registry-Auth")));
    return request;
}

// Docker's JSON message stream for pulls and pushes: errors before the first
// message are the answer's status; later ones go in the stream as
// {"errorDetail", "error"}. A registry refusing us is not the caller failing to
// authenticate with berthd: as dockerd, 500 (a 401 makes the CLI prompt for a login).
using RegistryWork = std::function<Result<std::string>(const images::PullProgress& send)>;

Task registry_stream(Exchange& exchange, RegistryWork work) {
    co_await stream_from_worker(exchange, "application/json",
                                [work = std::move(work)](const std::function<void()>& ready,
                                                         const StreamSink& sink) -> Result<> {
        bool started = false;
        auto send = [&](const nlohmann::json& m) {
            if (!started) ready();
            started = true;
            return sink(m.dump() + "\r\n");
        };
        auto done = work(send);
        if (!done && done.error().category() == ErrorCategory::Unauthorized)
            done = std::unexpected(Error(ErrorCategory::System, done.error().message()));
        if (done || !started) return done.transform([](const std::string&) {});
        std::string text = done.error().message();
        send({{"errorDetail", {{"message", text}}}, {"error", text}});
        return {};
    });
}

Task pull(Exchange& exchange, ImageContext& context) {
    auto request = pull_request(exchange);
    auto& service = context.service;
    auto options = context.registry();
    co_await registry_stream(exchange, [&service, options, request](const images::PullProgress& send) {
        if (request.reference.tag || request.reference.digest) return images::pull_image(service, options, request, send);
        return images::pull_all_tags(service, options, request, send).transform([] { return std::string(); });
    });
}

// POST /images/{name}/push?tag=
Task push(Exchange& exchange, ImageContext& context) {
    auto reference = tagged_reference(exchange.param("name"), exchange.query().get("tag").value_or(""), false, "push");
    images::PushRequest request{reference,
                                value_or_throw(registry::decode_registry_auth(exchange.header("X-Registry-Auth")))};
    auto& service = context.service;
    auto options = context.registry();
    co_await registry_stream(exchange, [&service, options, request](const images::PullProgress& send) {
        if (request.reference.tag) return images::push_image(service, options, request, send);
        return images::push_all_tags(service, options, request, send).transform([] { return std::string(); });
    });
}

Task login(Exchange& exchange, ImageContext& context) {
    auto body = exchange.json_body();
    if (!body.is_object()) throw api::ApiException{Error(ErrorCategory::Invalid, "the body must be a JSON object")};
    auto credentials = registry::credentials_from_json(body);
    std::string server = body.value("serveraddress", "");
    // The CLI names Docker Hub by its old index URL.
    for (std::string_view prefix : {"https://", "http://"})
        if (server.starts_with(prefix)) server.erase(0, prefix.size());
    while (server.ends_with('/')) server.pop_back();
    if (server.empty() || server.starts_with("index.docker.io")) server = "docker.io";
    if (server.find('/') != std::string::npos)
        throw api::ApiException{Error(ErrorCategory::Invalid, std::format("invalid registry address \"{}\"", server))};
    auto options = context.registry();
    auto base = registry::registry_base_url(server, options);
    auto checked = co_await api::run_blocking(context.blocking_pool,
                                              [&] { return registry::check_login(base, credentials, options); });
    value_or_throw(Result<bool>(checked.transform([] { return true; })));
    co_await exchange.reply_json(http::status::ok, {{"Status", "Login Succeeded"}, {"IdentityToken", ""}});
}

Task create(Exchange& exchange, ImageContext& context) {
    const auto& query = exchange.query();
    if (query.has("fromImage")) {
        co_await pull(exchange, context);
        co_return;
    }
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
    auto id = co_await api::run_blocking(context.blocking_pool, [&]() -> Result<std::string> {
        auto tarball = exchange.body_file().empty() ? Result<images::LayerReader>(images::read_from_memory(exchange.request().body()))
                                                    : images::read_from_file(exchange.body_file());
        if (!tarball) return std::unexpected(tarball.error());
        return context.service.import(*tarball, options);
    });
    std::string id_value = value_or_throw(std::move(id));
    // Docker answers with a JSON message stream; the last status is the new image's ID.
    co_await exchange.reply(http::status::ok, nlohmann::json{{"status", id_value}}.dump() + "\r\n",
                            "application/json");
}

// Off the io threads, as every call into the image store: its lock is held
// while a change is written (two fsyncs), and a deletion removes whole layers.
Task list(Exchange& exchange, ImageContext& context) {
    auto filters = value_or_throw(api::Filters::parse(exchange.query().get("filters").value_or("")));
    bool all = exchange.query().flag("all");
    auto listed = co_await api::run_blocking(context.blocking_pool, [&] { return context.service.list(filters, all); });
    co_await exchange.reply_json(http::status::ok, value_or_throw(std::move(listed)));
}

Task tag(Exchange& exchange, ImageContext& context) {
    auto tagged = co_await api::run_blocking(context.blocking_pool, [&] {
        return context.service.tag(exchange.param("name"), exchange.query().get("repo").value_or(""),
                                   exchange.query().get("tag").value_or(""));
    });
    value_or_throw(Result<bool>(tagged.transform([] { return true; })));
    co_await exchange.reply_empty(http::status::created);
}

Task remove(Exchange& exchange, ImageContext& context) {
    auto report = co_await api::run_blocking(context.blocking_pool, [&] {
        return context.service.remove(exchange.param("name"), exchange.query().flag("force"),
                                      !exchange.query().flag("noprune"));
    });
    co_await exchange.reply_json(http::status::ok, value_or_throw(std::move(report)));
}

// GET /images/get?names=a&names=b and GET /images/{name}/get (docker save).
Task save(Exchange& exchange, ImageContext& context, std::vector<std::string> names) {
    auto& service = context.service;
    co_await stream_from_worker(exchange, "application/x-tar",
                                [&service, names](const std::function<void()>&, const StreamSink& sink) {
        return images::save_images(service, names, sink);
    });
}

// POST /images/load (docker load): the archive is the body; the answer is a JSON
// message stream whose "stream" lines the CLI prints.
Task load(Exchange& exchange, ImageContext& context) {
    images::ArchiveSource archive{exchange.request().body(), exchange.body_file()};
    auto answer = co_await api::run_blocking(context.blocking_pool, [&]() -> Result<std::string> {
        auto lines = images::load_images(context.service, archive);
        if (!lines) return std::unexpected(lines.error());
        std::string messages;
        for (const auto& line : *lines) messages += nlohmann::json{{"stream", line + "\n"}}.dump() + "\r\n";
        return messages;
    });
    co_await exchange.reply(http::status::ok, value_or_throw(std::move(answer)), "application/json");
}

// POST /commit?container=&repo=&tag=&comment=&author=&pause=&changes=, the
// body an optional container Config overriding the container's.
Task commit(Exchange& exchange, ImageContext& context) {
    const auto& query = exchange.query();
    std::string container = query.get("container").value_or("");
    if (container.empty()) throw api::ApiException{Error(ErrorCategory::Invalid, "container is required")};
    images::CommitOptions options{.repository = query.get("repo").value_or(""),
                                  .tag = query.get("tag").value_or(""),
                                  .comment = query.get("comment").value_or(""),
                                  .author = query.get("author").value_or(""),
                                  .changes = query.all("changes"),
                                  .config = exchange.json_body(),
                                  .container_config = nullptr};
    bool pause = query.get("pause").value_or("true") != "false" && query.get("pause").value_or("1") != "0";
    auto id = co_await api::run_blocking(context.blocking_pool, [&] {
        return context.containers->commit(container, options, pause);
    });
    co_await exchange.reply_json(http::status::created, {{"Id", value_or_throw(std::move(id))}});
}

// GET /system/df: images, containers, volumes (with UsageData) and their
// sizes; the build cache is the RUN --mount=type=cache directories (the
// classic builder's intermediate images are images, counted there).
Task disk_usage(Exchange& exchange, ImageContext& context) {
    auto usage = co_await api::run_blocking(context.blocking_pool, [&]() -> Result<nlohmann::json> {
        nlohmann::json out = context.service.disk_usage();
        auto containers = context.containers->list(true, -1, true, api::Filters{});
        if (!containers) return std::unexpected(containers.error());
        out["Containers"] = *containers;
        out["Volumes"] = nlohmann::json::array();
        if (context.volumes)
            for (const auto& [volume, volume_usage] : context.volumes->usage())
                out["Volumes"].push_back(volumes::to_api_json(volume, volume_usage));
        out["BuildCache"] = nlohmann::json::array();
        if (!context.build_cache_dir.empty())
            for (const auto& record : build::list_cache_mounts(context.build_cache_dir))
                out["BuildCache"].push_back(build::to_api_json(record));
        return out;
    });
    co_await exchange.reply_json(http::status::ok, value_or_throw(std::move(usage)));
}

// GET /distribution/{name}/json: the registry's manifest descriptor and platforms.
Task distribution(Exchange& exchange, ImageContext& context) {
    auto reference = value_or_throw(images::parse_reference(exchange.param("name")));
    auto credentials = value_or_throw(registry::decode_registry_auth(exchange.header("X-Registry-Auth")));
    auto options = context.registry();
    auto answer = co_await api::run_blocking(context.blocking_pool, [&] {
        return images::distribution_inspect(reference, credentials, options);
    });
    co_await exchange.reply_json(http::status::ok, value_or_throw(std::move(answer)));
}

// GET /images/search?term=&limit=&filters=
Task search(Exchange& exchange, ImageContext& context) {
    const auto& query = exchange.query();
    std::string term = query.get("term").value_or("");
    if (term.empty()) throw api::ApiException{Error(ErrorCategory::Invalid, "term is required")};
    int limit = std::atoi(query.get("limit").value_or("25").c_str());
    if (limit < 1 || limit > 100)
        throw api::ApiException{Error(ErrorCategory::Invalid, "limit is not in the range [1, 100]")};
    auto filters = value_or_throw(api::Filters::parse(query.get("filters").value_or("")));
    auto options = context.registry();
    auto answer = co_await api::run_blocking(context.blocking_pool,
                                             [&] { return images::search_images(term, limit, filters, options); });
    co_await exchange.reply_json(http::status::ok, value_or_throw(std::move(answer)));
}

} // namespace

void add_image_routes(api::Router& router, ImageContext& context) {
    router.add_upload(http::verb::post, "/images/create",
                      [&context](Exchange& exchange) -> Task { co_await create(exchange, context); });
    router.add(http::verb::post, "/auth",
               [&context](Exchange& exchange) -> Task { co_await login(exchange, context); });
    router.add(http::verb::get, "/images/json",
               [&context](Exchange& exchange) -> Task { co_await list(exchange, context); });
    router.add(http::verb::get, "/images/{name}/json", [&context](Exchange& exchange) -> Task {
        auto inspected = co_await api::run_blocking(context.blocking_pool,
                                                    [&] { return context.service.inspect(exchange.param("name")); });
        co_await exchange.reply_json(http::status::ok, value_or_throw(std::move(inspected)));
    });
    router.add(http::verb::get, "/images/{name}/history", [&context](Exchange& exchange) -> Task {
        auto history = co_await api::run_blocking(context.blocking_pool,
                                                  [&] { return context.service.history(exchange.param("name")); });
        co_await exchange.reply_json(http::status::ok, value_or_throw(std::move(history)));
    });
    router.add(http::verb::post, "/images/{name}/push",
               [&context](Exchange& exchange) -> Task { co_await push(exchange, context); });
    router.add(http::verb::get, "/images/get", [&context](Exchange& exchange) -> Task {
        co_await save(exchange, context, exchange.query().all("names"));
    });
    router.add(http::verb::get, "/images/{name}/get", [&context](Exchange& exchange) -> Task {
        co_await save(exchange, context, {exchange.param("name")});
    });
    router.add_upload(http::verb::post, "/images/load",
                      [&context](Exchange& exchange) -> Task { co_await load(exchange, context); });
    router.add(http::verb::get, "/distribution/{name}/json",
               [&context](Exchange& exchange) -> Task { co_await distribution(exchange, context); });
    router.add(http::verb::get, "/images/search",
               [&context](Exchange& exchange) -> Task { co_await search(exchange, context); });
    router.add(http::verb::post, "/commit",
               [&context](Exchange& exchange) -> Task { co_await commit(exchange, context); });
    router.add(http::verb::post, "/images/prune", [&context](Exchange& exchange) -> Task {
        auto filters = value_or_throw(api::Filters::parse(exchange.query().get("filters").value_or("")));
        auto report = co_await api::run_blocking(context.blocking_pool, [&] { return context.service.prune(filters); });
        co_await exchange.reply_json(http::status::ok, value_or_throw(std::move(report)));
    });
    router.add(http::verb::get, "/system/df",
               [&context](Exchange& exchange) -> Task { co_await disk_usage(exchange, context); });
    router.add(http::verb::post, "/images/{name}/tag",
               [&context](Exchange& exchange) -> Task { co_await tag(exchange, context); });
    router.add(http::verb::delete_, "/images/{name}",
               [&context](Exchange& exchange) -> Task { co_await remove(exchange, context); });
}

} // namespace berth::daemon
