#include "ui/client/remote_engine_api.h"

#include "ui/client/container_files.h"
#include "ui/client/event_stream.h"
#include "ui/client/image_reference.h"

#include <QPromise>
#include <QUrl>
#include <QUrlQuery>
#include <algorithm>
#include <chrono>

namespace berth::ui {

namespace {

using Summary = api::types::ContainerSummary;

// Enough for the list and the verbs; a stop waits up to the container's own
// timeout (10 s by default) before the engine answers.
constexpr auto kRequestTimeout = std::chrono::seconds(60);
// Few: the engine serialises most work anyway, and each worker holds a client.
constexpr int kWorkers = 4;
// Archive downloads and uploads at once (several Files tabs); more wait their turn.
constexpr int kTransfers = 2;

// The worker's own blocking client: pool threads are reused, so is the client.
api::EngineClient& clientFor(const std::string& host) {
    thread_local std::unique_ptr<api::EngineClient> client;
    if (!client || client->host() != host) {
        client = std::make_unique<api::EngineClient>(host);
        client->set_timeout(kRequestTimeout);
    }
    return *client;
}

// A path segment or query value; an image name keeps its "/" and ":" as the docker CLI sends them.
std::string encoded(const QString& text) {
    return QUrl::toPercentEncoding(text, "/:@").toStdString();
}

const char* verbPath(ContainerVerb verb) {
    switch (verb) {
    case ContainerVerb::Start: return "start";
    case ContainerVerb::Stop: return "stop";
    case ContainerVerb::Restart: return "restart";
    case ContainerVerb::Pause: return "pause";
    case ContainerVerb::Unpause: return "unpause";
    case ContainerVerb::Kill: return "kill";
    }
    return "start";
}

// A request whose answer has no body worth reading: 2xx (and 304, "already
// started/stopped", which Docker's CLI takes as done) or the engine's message.
ApiResult<void> expectNoContent(api::EngineClient& client, std::string_view method, const std::string& target) {
    auto response = client.request(method, target);
    if (!response) return std::unexpected(apiErrorFrom(response.error()));
    if ((response->status >= 200 && response->status <= 299) || response->status == 304) return {};
    return std::unexpected(apiErrorFrom(api::error_from_response(*response)));
}

// The body of a POST's 2xx answer, or the engine's message.
ApiResult<std::string> post(api::EngineClient& client, const std::string& target, std::string_view body = {}) {
    auto response = client.request("POST", target, body);
    if (!response) return std::unexpected(apiErrorFrom(response.error()));
    if (response->status < 200 || response->status > 299)
        return std::unexpected(apiErrorFrom(api::error_from_response(*response)));
    return std::move(response->body);
}

// A request with a JSON body whose answer only needs to be 2xx.
ApiResult<void> postJson(api::EngineClient& client, const std::string& target, const nlohmann::json& body) {
    return post(client, target, body.dump()).transform([](const std::string&) {});
}

// POST /<kind>/prune: {"<Deleted key>": [...], "SpaceReclaimed": n}.
ApiResult<PruneReport> prune(api::EngineClient& client, const std::string& target, const char* deletedKey) {
    auto answer = post(client, target);
    if (!answer) return std::unexpected(answer.error());
    PruneReport report;
    try {
        auto json = nlohmann::json::parse(*answer);
        // Volumes and networks list names; images list {"Untagged"} and {"Deleted"}
        // entries, and only the latter are images removed.
        if (json.contains(deletedKey) && json[deletedKey].is_array())
            report.removed = static_cast<int>(std::ranges::count_if(json[deletedKey], [](const nlohmann::json& entry) {
                return !entry.is_object() || entry.contains("Deleted");
            }));
        if (json.contains("SpaceReclaimed") && json["SpaceReclaimed"].is_number())
            report.spaceReclaimed = json["SpaceReclaimed"].get<qint64>();
    } catch (const nlohmann::json::exception& e) {
        return std::unexpected(ApiError{0, QString::fromStdString(std::string("the prune answer is not JSON: ") + e.what())});
    }
    return report;
}

template <typename T, typename Parse>
ApiResult<T> getParsed(api::EngineClient& client, const std::string& target, Parse parse) {
    auto json = client.get_json(target);
    if (!json) return std::unexpected(apiErrorFrom(json.error()));
    auto parsed = parse(*json);
    if (!parsed) return std::unexpected(apiErrorFrom(parsed.error()));
    return std::move(*parsed);
}

} // namespace

RemoteEngineApi::RemoteEngineApi(const QString& host, QObject* parent)
    : EngineApi(parent)
    , host_(host.toStdString()) {
    pool_.setMaxThreadCount(kWorkers);
    pool_.setObjectName(QStringLiteral("berth-engine-api"));
    transfers_.setMaxThreadCount(kTransfers);
    transfers_.setObjectName(QStringLiteral("berth-engine-transfers"));
}

RemoteEngineApi::~RemoteEngineApi() {
    events_.reset();
    pool_.waitForDone();
    transfers_.waitForDone();
}

namespace {

// Starts `call` on `pool`; the future carries its result. `client` gives the
// call its client on the worker's thread.
template <typename T, typename ClientFor>
QFuture<ApiResult<T>> startOn(QThreadPool& pool, std::function<ApiResult<T>(api::EngineClient&)> call,
                              ClientFor client) {
    auto promise = std::make_shared<QPromise<ApiResult<T>>>();
    QFuture<ApiResult<T>> future = promise->future();
    promise->start();
    pool.start([promise, call = std::move(call), client = std::move(client)]() mutable {
        if (!promise->isCanceled()) promise->addResult(client(call));
        promise->finish();
    });
    return future;
}

} // namespace

template <typename T>
QFuture<ApiResult<T>> RemoteEngineApi::run(std::function<ApiResult<T>(api::EngineClient&)> call) {
    return startOn<T>(pool_, std::move(call), [host = host_](auto& work) { return work(clientFor(host)); });
}

template <typename T>
QFuture<ApiResult<T>> RemoteEngineApi::transfer(std::function<ApiResult<T>(api::EngineClient&)> call) {
    return startOn<T>(transfers_, std::move(call), [host = host_](auto& work) {
        api::EngineClient client(host);
        return work(client);
    });
}

QFuture<ApiResult<EngineApi::Containers>> RemoteEngineApi::listContainers() {
    return run<Containers>([](api::EngineClient& client) {
        return getParsed<Containers>(client, "/containers/json?all=1", api::types::container_summaries_from_json);
    });
}

QFuture<ApiResult<std::optional<Summary>>> RemoteEngineApi::findContainer(const QString& id) {
    std::string target = "/containers/json?all=1&filters=" + encoded(QStringLiteral("{\"id\":[\"%1\"]}").arg(id));
    return run<std::optional<Summary>>([target, id = id.toStdString()](api::EngineClient& client) {
        auto list = getParsed<Containers>(client, target, api::types::container_summaries_from_json);
        if (!list) return ApiResult<std::optional<Summary>>(std::unexpected(list.error()));
        // The id filter matches prefixes: pick the exact one.
        for (auto& summary : *list)
            if (summary.id == id) return ApiResult<std::optional<Summary>>(std::move(summary));
        return ApiResult<std::optional<Summary>>(std::nullopt);
    });
}

QFuture<ApiResult<void>> RemoteEngineApi::containerVerb(const QString& id, ContainerVerb verb) {
    std::string target = "/containers/" + encoded(id) + "/" + verbPath(verb);
    return run<void>([target](api::EngineClient& client) { return expectNoContent(client, "POST", target); });
}

QFuture<ApiResult<void>> RemoteEngineApi::removeContainer(const QString& id, bool force, bool removeVolumes) {
    std::string target = "/containers/" + encoded(id) + "?force=" + (force ? "1" : "0") + "&v=" +
                         (removeVolumes ? "1" : "0");
    return run<void>([target](api::EngineClient& client) { return expectNoContent(client, "DELETE", target); });
}

QFuture<ApiResult<QString>> RemoteEngineApi::runContainer(const QString& name, const nlohmann::json& body) {
    std::string target = "/containers/create";
    if (!name.isEmpty()) target += "?name=" + encoded(name);
    return run<QString>([target, payload = body.dump()](api::EngineClient& client) -> ApiResult<QString> {
        auto response = client.request("POST", target, payload);
        if (!response) return std::unexpected(apiErrorFrom(response.error()));
        if (response->status != 201) return std::unexpected(apiErrorFrom(api::error_from_response(*response)));
        std::string id;
        try {
            id = nlohmann::json::parse(response->body).value("Id", std::string());
        } catch (const nlohmann::json::exception& e) {
            return std::unexpected(ApiError{0, QString::fromStdString(std::string("the answer to create is not JSON: ") + e.what())});
        }
        // `docker run` starts what it created; a failed start leaves the container, as Docker's does.
        auto started = expectNoContent(client, "POST", "/containers/" + id + "/start");
        if (!started) return std::unexpected(started.error());
        return QString::fromStdString(id);
    });
}

QFuture<ApiResult<EngineApi::Images>> RemoteEngineApi::listImages() {
    return run<Images>([](api::EngineClient& client) {
        return getParsed<Images>(client, "/images/json", api::types::image_summaries_from_json);
    });
}

QFuture<ApiResult<void>> RemoteEngineApi::removeImage(const QString& reference, bool force) {
    std::string target = "/images/" + encoded(reference) + "?force=" + (force ? "1" : "0");
    return run<void>([target](api::EngineClient& client) { return expectNoContent(client, "DELETE", target); });
}

QFuture<ApiResult<EngineApi::Volumes>> RemoteEngineApi::listVolumes() {
    return run<Volumes>([](api::EngineClient& client) {
        return getParsed<Volumes>(client, "/volumes", api::types::volumes_from_list_json);
    });
}

QFuture<ApiResult<void>> RemoteEngineApi::createVolume(const QString& name) {
    nlohmann::json body = {{"Name", name.toStdString()}};
    return run<void>([body](api::EngineClient& client) { return postJson(client, "/volumes/create", body); });
}

QFuture<ApiResult<void>> RemoteEngineApi::removeVolume(const QString& name, bool force) {
    std::string target = "/volumes/" + encoded(name) + (force ? "?force=1" : "");
    return run<void>([target](api::EngineClient& client) { return expectNoContent(client, "DELETE", target); });
}

QFuture<ApiResult<PruneReport>> RemoteEngineApi::pruneVolumes() {
    return run<PruneReport>(
        [](api::EngineClient& client) { return prune(client, "/volumes/prune", "VolumesDeleted"); });
}

QFuture<ApiResult<EngineApi::Networks>> RemoteEngineApi::listNetworks() {
    return run<Networks>([](api::EngineClient& client) {
        return getParsed<Networks>(client, "/networks", api::types::networks_from_json);
    });
}

QFuture<ApiResult<void>> RemoteEngineApi::createNetwork(const QString& name) {
    nlohmann::json body = {{"Name", name.toStdString()}, {"Driver", "bridge"}};
    return run<void>([body](api::EngineClient& client) { return postJson(client, "/networks/create", body); });
}

QFuture<ApiResult<void>> RemoteEngineApi::removeNetwork(const QString& name) {
    std::string target = "/networks/" + encoded(name);
    return run<void>([target](api::EngineClient& client) { return expectNoContent(client, "DELETE", target); });
}

QFuture<ApiResult<PruneReport>> RemoteEngineApi::pruneNetworks() {
    return run<PruneReport>(
        [](api::EngineClient& client) { return prune(client, "/networks/prune", "NetworksDeleted"); });
}

QFuture<ApiResult<std::vector<api::types::DiskUsageRow>>> RemoteEngineApi::diskUsage() {
    using Rows = std::vector<api::types::DiskUsageRow>;
    return run<Rows>([](api::EngineClient& client) {
        return getParsed<Rows>(client, "/system/df", api::types::disk_usage_from_json);
    });
}

QFuture<ApiResult<nlohmann::json>> RemoteEngineApi::containerStatsOnce(const QString& id) {
    return getJson("/containers/" + encoded(id) + "/stats?stream=false&one-shot=true");
}

QFuture<ApiResult<nlohmann::json>> RemoteEngineApi::inspectContainer(const QString& id) {
    return getJson("/containers/" + encoded(id) + "/json");
}

QFuture<ApiResult<nlohmann::json>> RemoteEngineApi::containerTop(const QString& id) {
    return getJson("/containers/" + encoded(id) + "/top");
}

QFuture<ApiResult<nlohmann::json>> RemoteEngineApi::getJson(std::string target) {
    return run<nlohmann::json>([target = std::move(target)](api::EngineClient& client) -> ApiResult<nlohmann::json> {
        auto json = client.get_json(target);
        if (!json) return std::unexpected(apiErrorFrom(json.error()));
        return std::move(*json);
    });
}

ByteStream* RemoteEngineApi::containerLogs(const QString& id, const LogQuery& query, ByteStream::Reader reader,
                                           QObject* parent) {
    QUrlQuery params;
    params.addQueryItem(QStringLiteral("stdout"), QStringLiteral("1"));
    params.addQueryItem(QStringLiteral("stderr"), QStringLiteral("1"));
    params.addQueryItem(QStringLiteral("timestamps"), QStringLiteral("1")); // the view hides them on request
    if (query.follow) params.addQueryItem(QStringLiteral("follow"), QStringLiteral("1"));
    if (!query.since.isEmpty()) params.addQueryItem(QStringLiteral("since"), query.since);
    if (!query.until.isEmpty()) params.addQueryItem(QStringLiteral("until"), query.until);
    if (query.tail >= 0) params.addQueryItem(QStringLiteral("tail"), QString::number(query.tail));
    const std::string target = "/containers/" + encoded(id) + "/logs?" + params.query(QUrl::FullyEncoded).toStdString();
    return new RemoteByteStream(host_, target, std::move(reader), parent);
}

ByteStream* RemoteEngineApi::containerStats(const QString& id, ByteStream::Reader reader, QObject* parent) {
    return new RemoteByteStream(host_, "/containers/" + encoded(id) + "/stats?stream=1", std::move(reader), parent);
}

ProgressStream* RemoteEngineApi::pullImage(const QString& reference, QObject* parent) {
    const SplitReference split = splitReference(reference);
    std::string target = "/images/create?fromImage=" + encoded(split.name) + "&tag=" + encoded(split.tag);
    return new RemoteProgressStream(host_, std::move(target), reference.toStdString(), parent);
}

ProgressStream* RemoteEngineApi::pushImage(const QString& reference, QObject* parent) {
    const SplitReference split = splitReference(reference);
    std::string target = "/images/" + encoded(split.name) + "/push?tag=" + encoded(split.tag);
    return new RemoteProgressStream(host_, std::move(target), reference.toStdString(), parent);
}

BuildStream* RemoteEngineApi::buildImage(const BuildRequest& request, QObject* parent) {
    return new RemoteBuildStream(host_, request, parent);
}

QFuture<ApiResult<void>> RemoteEngineApi::tagImage(const QString& source, const QString& target) {
    const SplitReference split = splitReference(target);
    std::string path = "/images/" + encoded(source) + "/tag?repo=" + encoded(split.name) + "&tag=" + encoded(split.tag);
    return run<void>([path](api::EngineClient& client) { return expectNoContent(client, "POST", path); });
}

QFuture<ApiResult<PruneReport>> RemoteEngineApi::pruneImages(bool all) {
    // `docker image prune -a` sends dangling=false: every unused image, tagged or not.
    std::string target = "/images/prune";
    if (all) target += "?filters=" + encoded(QStringLiteral("{\"dangling\":[\"false\"]}"));
    return run<PruneReport>([target](api::EngineClient& client) { return prune(client, target, "ImagesDeleted"); });
}

QFuture<ApiResult<std::vector<ImageHistoryEntry>>> RemoteEngineApi::imageHistory(const QString& reference) {
    using Rows = std::vector<ImageHistoryEntry>;
    std::string target = "/images/" + encoded(reference) + "/history";
    return run<Rows>([target](api::EngineClient& client) -> ApiResult<Rows> {
        auto json = client.get_json(target);
        if (!json) return std::unexpected(apiErrorFrom(json.error()));
        return imageHistoryFromJson(*json);
    });
}

QFuture<ApiResult<RegistryLoginAnswer>> RemoteEngineApi::registryLogin(const QString& server, const QString& username,
                                                                       const QString& password) {
    nlohmann::json body = {{"username", username.toStdString()},
                           {"password", password.toStdString()},
                           {"serveraddress", server.toStdString()}};
    return run<RegistryLoginAnswer>([payload = body.dump()](api::EngineClient& client) -> ApiResult<RegistryLoginAnswer> {
        auto answered = post(client, "/auth", payload);
        if (!answered) return std::unexpected(answered.error());
        RegistryLoginAnswer answer;
        try {
            auto json = nlohmann::json::parse(*answered);
            if (json.contains("Status") && json["Status"].is_string())
                answer.status = QString::fromStdString(json["Status"].get<std::string>());
            if (json.contains("IdentityToken") && json["IdentityToken"].is_string())
                answer.identityToken = QString::fromStdString(json["IdentityToken"].get<std::string>());
        } catch (const nlohmann::json::exception& e) {
            return std::unexpected(ApiError{0, QString::fromStdString(std::string("the answer to /auth is not JSON: ") + e.what())});
        }
        return answer;
    });
}

std::unique_ptr<TerminalSession> RemoteEngineApi::terminalSession(const QString& id, TerminalSession::Kind kind) {
    return std::make_unique<RemoteTerminalSession>(host_, id, kind);
}

QFuture<ApiResult<std::vector<tar::Entry>>> RemoteEngineApi::listFiles(const QString& id, const QString& path) {
    using Entries = std::vector<tar::Entry>;
    // A listing reads only headers: on the request pool, never queued behind transfers.
    return run<Entries>([id, path](api::EngineClient& client) -> ApiResult<Entries> {
        auto entries = listContainerDirectory(client, id, path);
        if (!entries) return std::unexpected(apiErrorFrom(entries.error()));
        return std::move(*entries);
    });
}

QFuture<ApiResult<FilesDownload>> RemoteEngineApi::downloadFiles(const QString& id, const QStringList& paths,
                                                                 const QString& localDir) {
    return transfer<FilesDownload>([id, paths, localDir](api::EngineClient& client) -> ApiResult<FilesDownload> {
        FilesDownload download;
        for (const QString& path : paths) {
            auto written = downloadFromContainer(client, id, path, localDir, download.refused);
            if (!written) return std::unexpected(apiErrorFrom(written.error()));
            download.written += *written;
        }
        return download;
    });
}

QFuture<ApiResult<void>> RemoteEngineApi::uploadFiles(const QString& id, const QString& path,
                                                      const QStringList& localPaths) {
    return transfer<void>([id, path, localPaths](api::EngineClient& client) -> ApiResult<void> {
        auto uploaded = uploadToContainer(client, id, path, localPaths);
        if (!uploaded) return std::unexpected(apiErrorFrom(uploaded.error()));
        return {};
    });
}

void RemoteEngineApi::startEvents() {
    if (!events_) {
        events_ = std::make_unique<EventStream>(host_, "/events");
        connect(events_.get(), &EventStream::received, this, &EngineApi::eventReceived);
        connect(events_.get(), &EventStream::ended, this, &EngineApi::eventsEnded);
    }
    events_->start();
}

void RemoteEngineApi::stopEvents() {
    if (events_) events_->cancel();
}

} // namespace berth::ui
