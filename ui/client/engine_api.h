#pragma once
// The GUI's Engine API: typed, asynchronous, never blocking the UI thread.
//
// Calls return a QFuture of an ApiResult; continue on the UI thread with
// `future.then(contextObject, ...)`. Several calls may be in flight at once.
// QFuture::cancel() before a call has started skips it; a call already on the
// socket runs to its end (bounded by the client's timeout) and its result is
// dropped by the canceled future.
//
// Events: startEvents() opens GET /events on a connection of its own and
// eventReceived() delivers each message, in order, on the UI thread, until
// stopEvents() or the stream breaks (eventsEnded(), with why). Every model reads
// the one stream, so two views of a container agree.
//
// RemoteEngineApi talks to a real engine; tests derive a fake from this class.

#include "ui/client/api_result.h"
#include "ui/client/build_stream.h"
#include "ui/client/byte_stream.h"
#include "ui/client/image_history.h"
#include "ui/client/log_query.h"
#include "ui/client/progress_stream.h"
#include "ui/client/terminal_session.h"
#include "ui/client/files_tar.h"

#include "api/types/container_summary.h"
#include "api/types/disk_usage.h"
#include "api/types/event.h"
#include "api/types/image_summary.h"
#include "api/types/network.h"
#include "api/types/volume.h"

#include <QFuture>
#include <QObject>
#include <QString>
#include <QStringList>
#include <memory>
#include <optional>
#include <vector>

namespace berth::ui {

// What a prune removed: `docker volume prune`'s "Total reclaimed space".
struct PruneReport {
    int removed = 0;
    qint64 spaceReclaimed = 0;
};

// What downloadFiles() wrote: the entries, and the names it refused because
// they would have landed outside the chosen folder.
struct FilesDownload {
    int written = 0;
    QStringList refused;
};

// POST /auth's answer (`docker login`): the engine's Status ("Login Succeeded")
// and the IdentityToken a registry may give instead of keeping the password.
struct RegistryLoginAnswer {
    QString status;
    QString identityToken;
};

// POST /containers/{id}/<verb>, the verbs without a body.
enum class ContainerVerb { Start, Stop, Restart, Pause, Unpause, Kill };

class EngineApi : public QObject {
    Q_OBJECT
public:
    using Containers = std::vector<api::types::ContainerSummary>;
    using Images = std::vector<api::types::ImageSummary>;
    using Volumes = std::vector<api::types::Volume>;
    using Networks = std::vector<api::types::Network>;

    explicit EngineApi(QObject* parent = nullptr) : QObject(parent) {}

    // GET /containers/json?all=1
    virtual QFuture<ApiResult<Containers>> listContainers() = 0;
    // The one container `id` as the list shows it; nullopt when it is gone.
    virtual QFuture<ApiResult<std::optional<api::types::ContainerSummary>>> findContainer(const QString& id) = 0;
    // POST /containers/{id}/{start,stop,...}
    virtual QFuture<ApiResult<void>> containerVerb(const QString& id, ContainerVerb verb) = 0;
    // DELETE /containers/{id}?force=&v= (`docker rm [-f] [-v]`)
    virtual QFuture<ApiResult<void>> removeContainer(const QString& id, bool force, bool removeVolumes) = 0;
    // POST /containers/create?name= with `body` (the Config + HostConfig `docker
    // run` sends), then POST /containers/{id}/start; the new container's ID.
    virtual QFuture<ApiResult<QString>> runContainer(const QString& name, const nlohmann::json& body) = 0;
    // GET /images/json
    virtual QFuture<ApiResult<Images>> listImages() = 0;
    // DELETE /images/{name}?force= (`docker rmi [-f]`)
    virtual QFuture<ApiResult<void>> removeImage(const QString& reference, bool force) = 0;

    // GET /volumes, POST /volumes/create, DELETE /volumes/{name}?force=, POST /volumes/prune
    virtual QFuture<ApiResult<Volumes>> listVolumes() = 0;
    virtual QFuture<ApiResult<void>> createVolume(const QString& name) = 0;
    virtual QFuture<ApiResult<void>> removeVolume(const QString& name, bool force) = 0;
    virtual QFuture<ApiResult<PruneReport>> pruneVolumes() = 0;
    // GET /networks, POST /networks/create (bridge), DELETE /networks/{id}, POST /networks/prune
    virtual QFuture<ApiResult<Networks>> listNetworks() = 0;
    virtual QFuture<ApiResult<void>> createNetwork(const QString& name) = 0;
    virtual QFuture<ApiResult<void>> removeNetwork(const QString& name) = 0;
    virtual QFuture<ApiResult<PruneReport>> pruneNetworks() = 0;
    // GET /system/df as `docker system df`'s rows.
    virtual QFuture<ApiResult<std::vector<api::types::DiskUsageRow>>> diskUsage() = 0;
    // GET /containers/{id}/stats?stream=false&one-shot=true: one raw sample, as
    // the engine writes it. one-shot leaves precpu_stats empty, so a CPU % needs
    // the caller's previous sample (ui/details/stats_point's statsPoint()).
    virtual QFuture<ApiResult<nlohmann::json>> containerStatsOnce(const QString& id) = 0;

    // A container's details (ui/details). GET /containers/{id}/json (`docker
    // inspect`) and /containers/{id}/top (`docker top`), as the engine wrote them.
    virtual QFuture<ApiResult<nlohmann::json>> inspectContainer(const QString& id) = 0;
    virtual QFuture<ApiResult<nlohmann::json>> containerTop(const QString& id) = 0;
    // GET /containers/{id}/logs (stdout, stderr, always with timestamps, and
    // `query`) and GET /containers/{id}/stats?stream=1, read as they come: a
    // ByteStream of its own (connection and thread), `reader` called on its
    // thread with the raw body (stdcopy frames or a TTY's bytes; one JSON
    // sample per line). Started at once, owned by `parent`; cancel() ends it.
    virtual ByteStream* containerLogs(const QString& id, const LogQuery& query, ByteStream::Reader reader,
                                      QObject* parent) = 0;
    virtual ByteStream* containerStats(const QString& id, ByteStream::Reader reader, QObject* parent) = 0;

    // Image actions (the Images page's Pull, Push, Tag, Prune and Layers).
    // POST /images/create?fromImage=&tag= (`docker pull`) and POST
    // /images/{name}/push?tag= (`docker push`): streams on connections of their
    // own, started at once, owned by `parent`; cancel() ends them.
    virtual ProgressStream* pullImage(const QString& reference, QObject* parent) = 0;
    virtual ProgressStream* pushImage(const QString& reference, QObject* parent) = 0;
    // POST /build of `request`'s folder (docker build); read it as it runs, like a pull.
    virtual BuildStream* buildImage(const BuildRequest& request, QObject* parent) = 0;
    // POST /images/{source}/tag?repo=&tag= (`docker tag SOURCE TARGET`)
    virtual QFuture<ApiResult<void>> tagImage(const QString& source, const QString& target) = 0;
    // POST /images/prune: dangling images, or (all) every image no container uses
    // (`docker image prune [-a]`); `removed` counts the images deleted.
    virtual QFuture<ApiResult<PruneReport>> pruneImages(bool all) = 0;
    // GET /images/{name}/history (`docker history`)
    virtual QFuture<ApiResult<std::vector<ImageHistoryEntry>>> imageHistory(const QString& reference) = 0;
    // POST /auth (`docker login SERVER`): the engine checks the credentials with
    // the registry and stores nothing; `server` is sent as the CLI sends it
    // (Docker Hub as "https://index.docker.io/v1/"). A refusal is the engine's
    // message word for word. Writing the docker config is the caller's.
    virtual QFuture<ApiResult<RegistryLoginAnswer>> registryLogin(const QString& server, const QString& username,
                                                                  const QString& password) = 0;

    // A terminal in container `id` (the Terminal tab): `docker exec -it` of a
    // shell (Shell) or `docker attach` (Attach) over a hijacked connection of its
    // own, read on a thread the session owns. Not started yet; see TerminalSession.
    virtual std::unique_ptr<TerminalSession> terminalSession(const QString& id, TerminalSession::Kind kind) = 0;

    // Container `id`'s filesystem through the archive endpoints (the Files tab;
    // they work on stopped containers too), off the UI thread. Downloads and
    // uploads run on a pool of their own, each with a client of its own: a large
    // transfer must not hold a worker the lists (listFiles too) need.
    // GET /containers/{id}/archive?path=: the entries directly inside directory
    // `path`, directories first, then by name (only the tar's headers are read).
    virtual QFuture<ApiResult<std::vector<tar::Entry>>> listFiles(const QString& id, const QString& path) = 0;
    // GET of each of `paths` (files or folders), extracted under `localDir` (`docker cp CONTAINER:PATH DIR`).
    virtual QFuture<ApiResult<FilesDownload>> downloadFiles(const QString& id, const QStringList& paths,
                                                            const QString& localDir) = 0;
    // PUT /containers/{id}/archive?path=: the local files and folders into directory `path`, tarred as sent.
    virtual QFuture<ApiResult<void>> uploadFiles(const QString& id, const QString& path,
                                                 const QStringList& localPaths) = 0;

    virtual void startEvents() = 0;
    virtual void stopEvents() = 0;

signals:
    void eventReceived(const berth::api::types::Event& event);
    // The stream ended without stopEvents(): the engine went away, or broke it.
    void eventsEnded(const QString& why);
};

} // namespace berth::ui

Q_DECLARE_METATYPE(berth::api::types::Event)
