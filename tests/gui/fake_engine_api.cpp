#include "fake_engine_api.h"

namespace berth::test {

// GCC 14 at -O2 warns (falsely) that a moved std::expected<std::vector, ApiError>
// may be uninitialised inside QPromise::addResult; the value is fully built here.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

namespace {
template <typename T>
QFuture<T> ready(T value) {
    QPromise<T> promise;
    promise.start();
    promise.addResult(std::move(value));
    promise.finish();
    return promise.future();
}
} // namespace

QFuture<ui::ApiResult<ui::EngineApi::Containers>> FakeEngineApi::listContainers() {
    calls << QStringLiteral("list");
    return ready(ui::ApiResult<Containers>(containers));
}

std::optional<api::types::ContainerSummary> FakeEngineApi::lookup(const QString& id) const {
    for (const auto& c : containers)
        if (c.id == id.toStdString()) return c;
    return std::nullopt;
}

QFuture<ui::ApiResult<std::optional<api::types::ContainerSummary>>> FakeEngineApi::findContainer(const QString& id) {
    calls << QStringLiteral("find ") + id;
    using Answer = ui::ApiResult<std::optional<api::types::ContainerSummary>>;
    if (!holdFinds) return ready(Answer(lookup(id)));
    auto promise = std::make_shared<QPromise<Answer>>();
    promise->start();
    heldFinds_.emplace_back(id, promise);
    return promise->future();
}

void FakeEngineApi::releaseFinds() {
    auto held = std::exchange(heldFinds_, {});
    for (auto& [id, promise] : held) {
        promise->addResult(ui::ApiResult<std::optional<api::types::ContainerSummary>>(lookup(id)));
        promise->finish();
    }
}

QFuture<ui::ApiResult<void>> FakeEngineApi::containerVerb(const QString& id, ui::ContainerVerb verb) {
    static const char* kNames[] = {"start", "stop", "restart", "pause", "unpause", "kill"};
    calls << QString::fromLatin1(kNames[static_cast<int>(verb)]) + QLatin1Char(' ') + id;
    if (failVerbs) return ready(ui::ApiResult<void>(std::unexpected(*failVerbs)));
    return ready(ui::ApiResult<void>());
}

QFuture<ui::ApiResult<void>> FakeEngineApi::removeContainer(const QString& id, bool force, bool removeVolumes) {
    calls << QStringLiteral("rm%1%2 %3")
                 .arg(force ? QStringLiteral(" -f") : QString(), removeVolumes ? QStringLiteral(" -v") : QString(), id);
    if (failVerbs) return ready(ui::ApiResult<void>(std::unexpected(*failVerbs)));
    return ready(ui::ApiResult<void>());
}

QFuture<ui::ApiResult<QString>> FakeEngineApi::runContainer(const QString& name, const nlohmann::json& body) {
    calls << QStringLiteral("run ") + name;
    runBodies.push_back(body);
    if (failVerbs) return ready(ui::ApiResult<QString>(std::unexpected(*failVerbs)));
    return ready(ui::ApiResult<QString>(QString(64, QLatin1Char('f'))));
}

QFuture<ui::ApiResult<ui::EngineApi::Images>> FakeEngineApi::listImages() {
    calls << QStringLiteral("images");
    return ready(ui::ApiResult<Images>(images));
}

QFuture<ui::ApiResult<void>> FakeEngineApi::removeImage(const QString& reference, bool force) {
    calls << QStringLiteral("rmi%1 %2").arg(force ? QStringLiteral(" -f") : QString(), reference);
    if (failVerbs) return ready(ui::ApiResult<void>(std::unexpected(*failVerbs)));
    return ready(ui::ApiResult<void>());
}

template <typename T>
QFuture<ui::ApiResult<T>> FakeEngineApi::answer(const QString& call, std::function<T()> value) {
    calls << call;
    if (failVolumesAndNetworks) return ready(ui::ApiResult<T>(std::unexpected(*failVolumesAndNetworks)));
    if constexpr (std::is_void_v<T>) {
        value();
        return ready(ui::ApiResult<void>());
    } else {
        return ready(ui::ApiResult<T>(value()));
    }
}

ui::ProgressStream* FakeEngineApi::pullImage(const QString& reference, QObject* parent) {
    calls << QStringLiteral("pull ") + reference;
    auto* stream = new FakeProgressStream(reference, parent);
    streams.emplace_back(stream);
    return stream;
}

ui::BuildStream* FakeEngineApi::buildImage(const ui::BuildRequest& request, QObject* parent) {
    calls << QStringLiteral("build ") + request.contextDir;
    buildRequests.push_back(request);
    auto* stream = new FakeBuildStream(parent);
    builds.emplace_back(stream);
    return stream;
}

ui::ProgressStream* FakeEngineApi::pushImage(const QString& reference, QObject* parent) {
    calls << QStringLiteral("push ") + reference;
    auto* stream = new FakeProgressStream(reference, parent);
    streams.emplace_back(stream);
    return stream;
}

QFuture<ui::ApiResult<void>> FakeEngineApi::tagImage(const QString& source, const QString& target) {
    calls << QStringLiteral("tag %1 %2").arg(source, target);
    if (failVerbs) return ready(ui::ApiResult<void>(std::unexpected(*failVerbs)));
    for (auto& image : images) {
        bool named = image.id == source.toStdString() || std::ranges::contains(image.repo_tags, source.toStdString());
        if (named) {
            image.repo_tags.push_back(target.toStdString());
            return ready(ui::ApiResult<void>());
        }
    }
    return ready(ui::ApiResult<void>(std::unexpected(ui::ApiError{404, QStringLiteral("No such image: ") + source})));
}

QFuture<ui::ApiResult<ui::PruneReport>> FakeEngineApi::pruneImages(bool all) {
    calls << (all ? QStringLiteral("prune-images -a") : QStringLiteral("prune-images"));
    return ready(ui::ApiResult<ui::PruneReport>(pruneReport));
}

QFuture<ui::ApiResult<ui::RegistryLoginAnswer>> FakeEngineApi::registryLogin(const QString& server,
                                                                              const QString& username,
                                                                              const QString& /*password*/) {
    calls << QStringLiteral("login %1 %2").arg(server, username);
    if (failLogin) return ready(ui::ApiResult<ui::RegistryLoginAnswer>(std::unexpected(*failLogin)));
    return ready(ui::ApiResult<ui::RegistryLoginAnswer>(loginAnswer));
}

QFuture<ui::ApiResult<std::vector<ui::ImageHistoryEntry>>> FakeEngineApi::imageHistory(const QString& reference) {
    calls << QStringLiteral("history ") + reference;
    using Rows = std::vector<ui::ImageHistoryEntry>;
    auto it = history.find(reference);
    if (it == history.end())
        return ready(ui::ApiResult<Rows>(std::unexpected(ui::ApiError{404, QStringLiteral("No such image: ") + reference})));
    return ready(ui::ApiResult<Rows>(it->second));
}

QFuture<ui::ApiResult<ui::EngineApi::Volumes>> FakeEngineApi::listVolumes() {
    return answer<Volumes>(QStringLiteral("volumes"), [this] { return volumes; });
}
QFuture<ui::ApiResult<void>> FakeEngineApi::createVolume(const QString& name) {
    return answer<void>(QStringLiteral("volume create ") + name, [] {});
}
QFuture<ui::ApiResult<void>> FakeEngineApi::removeVolume(const QString& name, bool force) {
    return answer<void>(QStringLiteral("volume rm%1 %2").arg(force ? QStringLiteral(" -f") : QString(), name), [] {});
}
QFuture<ui::ApiResult<ui::PruneReport>> FakeEngineApi::pruneVolumes() {
    return answer<ui::PruneReport>(QStringLiteral("volume prune"), [] { return ui::PruneReport{2, 4096}; });
}
QFuture<ui::ApiResult<ui::EngineApi::Networks>> FakeEngineApi::listNetworks() {
    return answer<Networks>(QStringLiteral("networks"), [this] { return networks; });
}
QFuture<ui::ApiResult<void>> FakeEngineApi::createNetwork(const QString& name) {
    return answer<void>(QStringLiteral("network create ") + name, [] {});
}
QFuture<ui::ApiResult<void>> FakeEngineApi::removeNetwork(const QString& name) {
    return answer<void>(QStringLiteral("network rm ") + name, [] {});
}
QFuture<ui::ApiResult<ui::PruneReport>> FakeEngineApi::pruneNetworks() {
    return answer<ui::PruneReport>(QStringLiteral("network prune"), [] { return ui::PruneReport{1, 0}; });
}

QFuture<ui::ApiResult<std::vector<api::types::DiskUsageRow>>> FakeEngineApi::diskUsage() {
    calls << QStringLiteral("df");
    return ready(ui::ApiResult<std::vector<api::types::DiskUsageRow>>(diskUsageRows));
}

ui::ApiResult<nlohmann::json> FakeEngineApi::statsAnswer(const QString& id) const {
    auto found = statsSamples.find(id);
    if (found == statsSamples.end()) return std::unexpected(ui::ApiError{404, QStringLiteral("No such container: ") + id});
    return found->second;
}

QFuture<ui::ApiResult<nlohmann::json>> FakeEngineApi::containerStatsOnce(const QString& id) {
    calls << QStringLiteral("stats ") + id;
    if (!holdStats) return ready(statsAnswer(id));
    auto promise = std::make_shared<QPromise<ui::ApiResult<nlohmann::json>>>();
    promise->start();
    heldStats_.emplace_back(id, promise);
    return promise->future();
}

void FakeEngineApi::releaseStats() {
    auto held = std::exchange(heldStats_, {});
    for (auto& [id, promise] : held) {
        promise->addResult(statsAnswer(id));
        promise->finish();
    }
}

void FakeEngineApi::sendEvent(const std::string& type, const std::string& action, const std::string& id,
                              std::map<std::string, std::string> attributes) {
    api::types::Event event;
    event.type = type;
    event.action = action;
    event.actor_id = id;
    event.attributes = std::move(attributes);
    event.scope = "local";
    emit eventReceived(event);
}

api::types::ContainerSummary makeContainer(const std::string& id, const std::string& name, const std::string& state,
                                           const std::string& project) {
    api::types::ContainerSummary c;
    c.id = id;
    c.names = {"/" + name};
    c.image = "busybox:latest";
    c.image_id = "sha256:" + std::string(64, 'b');
    c.command = "sleep 300";
    c.created = 1'700'000'000;
    c.state = state;
    c.status = state == "running" ? "Up 2 seconds" : "Exited (0) 1 second ago";
    if (!project.empty()) c.labels["com.docker.compose.project"] = project;
    return c;
}

api::types::ImageSummary makeImage(const std::string& id, std::vector<std::string> tags, int64_t size) {
    api::types::ImageSummary image;
    image.id = id;
    image.repo_tags = std::move(tags);
    image.size = size;
    image.created = 1'690'000'000;
    return image;
}

namespace {

ui::ApiResult<nlohmann::json> documentOf(const std::map<QString, nlohmann::json>& documents, const QString& id) {
    auto found = documents.find(id);
    if (found == documents.end())
        return std::unexpected(ui::ApiError{404, QStringLiteral("Error response from daemon: No such container: %1").arg(id)});
    return found->second;
}

} // namespace

QFuture<ui::ApiResult<nlohmann::json>> FakeEngineApi::inspectContainer(const QString& id) {
    calls << QStringLiteral("inspect ") + id;
    return ready(documentOf(inspectDocuments, id));
}

QFuture<ui::ApiResult<nlohmann::json>> FakeEngineApi::containerTop(const QString& id) {
    calls << QStringLiteral("top ") + id;
    return ready(documentOf(topDocuments, id));
}

ui::ByteStream* FakeEngineApi::containerLogs(const QString& id, const ui::LogQuery&, ui::ByteStream::Reader reader,
                                             QObject* parent) {
    calls << QStringLiteral("logs ") + id;
    auto* stream = new FakeByteStream(std::move(reader), parent);
    byteStreams.emplace_back(stream);
    return stream;
}

ui::ByteStream* FakeEngineApi::containerStats(const QString& id, ui::ByteStream::Reader reader, QObject* parent) {
    calls << QStringLiteral("stats-stream ") + id;
    auto* stream = new FakeByteStream(std::move(reader), parent);
    byteStreams.emplace_back(stream);
    return stream;
}

void FakeTerminalSession::start() {
    QMetaObject::invokeMethod(this, [this] { emit started(); }, Qt::QueuedConnection);
}

std::unique_ptr<ui::TerminalSession> FakeEngineApi::terminalSession(const QString& id, ui::TerminalSession::Kind kind) {
    calls << QStringLiteral("terminal %1 %2").arg(id, kind == ui::TerminalSession::Kind::Shell ? QStringLiteral("shell")
                                                                                              : QStringLiteral("attach"));
    auto session = std::make_unique<FakeTerminalSession>();
    terminals.emplace_back(session.get());
    return session;
}

QFuture<ui::ApiResult<std::vector<ui::tar::Entry>>> FakeEngineApi::listFiles(const QString& id, const QString& path) {
    using Entries = ui::ApiResult<std::vector<ui::tar::Entry>>;
    calls << QStringLiteral("ls %1 %2").arg(id, path);
    if (failFiles) return ready(Entries(std::unexpected(*failFiles)));
    auto found = directories.find(path);
    if (found == directories.end())
        return ready(Entries(std::unexpected(ui::ApiError{
            404, QStringLiteral("listing %1: Could not find the file %1 in container %2").arg(path, id)})));
    return ready(Entries(found->second));
}

QFuture<ui::ApiResult<ui::FilesDownload>> FakeEngineApi::downloadFiles(const QString& id, const QStringList& paths,
                                                                       const QString& localDir) {
    calls << QStringLiteral("download %1 %2 %3").arg(id, paths.join(QLatin1Char(',')), localDir);
    if (failFiles) return ready(ui::ApiResult<ui::FilesDownload>(std::unexpected(*failFiles)));
    return ready(ui::ApiResult<ui::FilesDownload>(ui::FilesDownload{static_cast<int>(paths.size()), {}}));
}

QFuture<ui::ApiResult<void>> FakeEngineApi::uploadFiles(const QString& id, const QString& path,
                                                        const QStringList& localPaths) {
    QStringList names;
    for (const QString& local : localPaths) names << local.section(QLatin1Char('/'), -1);
    calls << QStringLiteral("upload %1 %2 %3").arg(id, path, names.join(QLatin1Char(',')));
    if (failFiles) return ready(ui::ApiResult<void>(std::unexpected(*failFiles)));
    return ready(ui::ApiResult<void>());
}

} // namespace berth::test
