#pragma once
// EngineApi over a real engine's socket. Requests run on a small thread pool,
// each worker with its own blocking api::EngineClient; the event stream runs on
// an EventStream of its own. Destroying it waits for the requests in flight
// (each bounded by the client's timeout) and ends the stream.

#include "ui/client/engine_api.h"

#include "api/client/client.h"

#include <QThreadPool>
#include <functional>
#include <memory>

namespace berth::ui {

class EventStream;

class RemoteEngineApi : public EngineApi {
    Q_OBJECT
public:
    // `host` is an Engine API address such as "unix:///run/berth/berth.sock".
    explicit RemoteEngineApi(const QString& host, QObject* parent = nullptr);
    ~RemoteEngineApi() override;

    QFuture<ApiResult<Containers>> listContainers() override;
    QFuture<ApiResult<std::optional<api::types::ContainerSummary>>> findContainer(const QString& id) override;
    QFuture<ApiResult<void>> containerVerb(const QString& id, ContainerVerb verb) override;
    QFuture<ApiResult<void>> removeContainer(const QString& id, bool force, bool removeVolumes) override;
    QFuture<ApiResult<QString>> runContainer(const QString& name, const nlohmann::json& body) override;
    QFuture<ApiResult<Images>> listImages() override;
    QFuture<ApiResult<void>> removeImage(const QString& reference, bool force) override;
    QFuture<ApiResult<Volumes>> listVolumes() override;
    QFuture<ApiResult<void>> createVolume(const QString& name) override;
    QFuture<ApiResult<void>> removeVolume(const QString& name, bool force) override;
    QFuture<ApiResult<PruneReport>> pruneVolumes() override;
    QFuture<ApiResult<Networks>> listNetworks() override;
    QFuture<ApiResult<void>> createNetwork(const QString& name) override;
    QFuture<ApiResult<void>> removeNetwork(const QString& name) override;
    QFuture<ApiResult<PruneReport>> pruneNetworks() override;
    QFuture<ApiResult<std::vector<api::types::DiskUsageRow>>> diskUsage() override;
    QFuture<ApiResult<nlohmann::json>> containerStatsOnce(const QString& id) override;
    QFuture<ApiResult<nlohmann::json>> inspectContainer(const QString& id) override;
    QFuture<ApiResult<nlohmann::json>> containerTop(const QString& id) override;
    ByteStream* containerLogs(const QString& id, const LogQuery& query, ByteStream::Reader reader,
                              QObject* parent) override;
    ByteStream* containerStats(const QString& id, ByteStream::Reader reader, QObject* parent) override;
    ProgressStream* pullImage(const QString& reference, QObject* parent) override;
    ProgressStream* pushImage(const QString& reference, QObject* parent) override;
    BuildStream* buildImage(const BuildRequest& request, QObject* parent) override;
    QFuture<ApiResult<void>> tagImage(const QString& source, const QString& target) override;
    QFuture<ApiResult<PruneReport>> pruneImages(bool all) override;
    QFuture<ApiResult<std::vector<ImageHistoryEntry>>> imageHistory(const QString& reference) override;
    QFuture<ApiResult<RegistryLoginAnswer>> registryLogin(const QString& server, const QString& username,
                                                          const QString& password) override;
    std::unique_ptr<TerminalSession> terminalSession(const QString& id, TerminalSession::Kind kind) override;
    QFuture<ApiResult<std::vector<tar::Entry>>> listFiles(const QString& id, const QString& path) override;
    QFuture<ApiResult<FilesDownload>> downloadFiles(const QString& id, const QStringList& paths,
                                                    const QString& localDir) override;
    QFuture<ApiResult<void>> uploadFiles(const QString& id, const QString& path, const QStringList& localPaths) override;

    void startEvents() override;
    void stopEvents() override;

private:
    // Runs `call` on a pool worker with that worker's client; the future carries its result.
    template <typename T>
    QFuture<ApiResult<T>> run(std::function<ApiResult<T>(api::EngineClient&)> call);
    // Runs `call` on the transfer pool with a client of its own (no request
    // timeout beyond the client's default: an archive can be large).
    template <typename T>
    QFuture<ApiResult<T>> transfer(std::function<ApiResult<T>(api::EngineClient&)> call);
    // GET `target` on the pool: the engine's JSON as it wrote it.
    QFuture<ApiResult<nlohmann::json>> getJson(std::string target);

    std::string host_;
    QThreadPool pool_;
    QThreadPool transfers_; // the Files tab's archive calls, apart from pool_
    std::unique_ptr<EventStream> events_;
};

} // namespace berth::ui
