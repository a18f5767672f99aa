#pragma once
// An EngineApi for model tests: an in-memory engine the test edits directly
// (containers, images), answering at once — or, with holdFinds, keeping each
// findContainer() answer until the test releases it, to play a slow engine.
// Events are what the test emits with sendEvent(); nothing polls.

#include "ui/client/engine_api.h"

#include <QPointer>
#include <QPromise>
#include <functional>
#include <map>
#include <memory>

namespace berth::test {

// A pull or push the test drives: send() what the engine would stream, end() it.
class FakeProgressStream : public ui::ProgressStream {
    Q_OBJECT
public:
    FakeProgressStream(QString ref, QObject* parent) : ProgressStream(parent), reference(std::move(ref)) {}
    void cancel() override { cancelled = true; }
    void send(const api::types::ProgressMessage& message) { deliver(message); }
    void end(bool ok, const ui::ApiError& error = {}) { finish(ok, error); }

    QString reference;
    bool cancelled = false;
};

// A build the test drives: line() is one JSON line of the engine's stream.
class FakeBuildStream : public ui::BuildStream {
    Q_OBJECT
public:
    using BuildStream::BuildStream;
    void cancel() override { cancelled = true; }
    void line(const std::string& json) { deliverLine(json); }
    void end(bool ok, const ui::ApiError& error = {}) { finish(ok, error); }
    bool cancelled = false;
};

// A log or stats stream the test drives: feed() what the engine would send
// (handed to the reader, as the stream's thread would), end() it.
class FakeByteStream : public ui::ByteStream {
    Q_OBJECT
public:
    FakeByteStream(Reader reader, QObject* parent) : ByteStream(parent), reader_(std::move(reader)) {}
    void cancel() override { cancelled = true; }
    bool feed(std::string_view bytes) { return reader_(bytes); }
    void end(bool ok, const ui::ApiError& error = {}) { emit finished(ok, error); }
    bool cancelled = false;

private:
    Reader reader_;
};

// A terminal the test drives: start() reports started() (on the next turn of the
// event loop, as the reader thread would), say() plays the process's output,
// end() its exit; what the view types lands in `typed`, its size in rows/columns.
class FakeTerminalSession : public ui::TerminalSession {
    Q_OBJECT
public:
    using TerminalSession::TerminalSession;
    void start() override;
    void write(const QByteArray& bytes) override { typed += bytes; }
    void resize(int r, int c) override { rows = r, columns = c; }
    void say(const QByteArray& bytes) { emit output(bytes); }
    void end(const QString& error = {}) { emit finished(error); }
    QByteArray typed;
    int rows = 0, columns = 0;
};

class FakeEngineApi : public ui::EngineApi {
    Q_OBJECT
public:
    using EngineApi::EngineApi;

    Containers containers;
    Images images;
    // Calls seen, as "list", "find <id>", "start <id>", "rm <id>", "images", "rmi <ref>".
    QStringList calls;
    // When set, findContainer() answers only on releaseFinds().
    bool holdFinds = false;
    // When set, every verb fails with this (status, message).
    std::optional<ui::ApiError> failVerbs;

    QFuture<ui::ApiResult<Containers>> listContainers() override;
    QFuture<ui::ApiResult<std::optional<api::types::ContainerSummary>>> findContainer(const QString& id) override;
    QFuture<ui::ApiResult<void>> containerVerb(const QString& id, ui::ContainerVerb verb) override;
    QFuture<ui::ApiResult<void>> removeContainer(const QString& id, bool force, bool removeVolumes) override;
    QFuture<ui::ApiResult<QString>> runContainer(const QString& name, const nlohmann::json& body) override;
    QFuture<ui::ApiResult<Images>> listImages() override;
    // The bodies runContainer() was given.
    std::vector<nlohmann::json> runBodies;
    QFuture<ui::ApiResult<void>> removeImage(const QString& reference, bool force) override;
    QFuture<ui::ApiResult<Volumes>> listVolumes() override;
    QFuture<ui::ApiResult<void>> createVolume(const QString& name) override;
    QFuture<ui::ApiResult<void>> removeVolume(const QString& name, bool force) override;
    QFuture<ui::ApiResult<ui::PruneReport>> pruneVolumes() override;
    QFuture<ui::ApiResult<Networks>> listNetworks() override;
    QFuture<ui::ApiResult<void>> createNetwork(const QString& name) override;
    QFuture<ui::ApiResult<void>> removeNetwork(const QString& name) override;
    QFuture<ui::ApiResult<ui::PruneReport>> pruneNetworks() override;
    QFuture<ui::ApiResult<std::vector<api::types::DiskUsageRow>>> diskUsage() override;
    std::vector<api::types::DiskUsageRow> diskUsageRows;
    // containerStatsOnce(id) answers statsSamples[id]; a 404 for an id without one.
    QFuture<ui::ApiResult<nlohmann::json>> containerStatsOnce(const QString& id) override;
    std::map<QString, nlohmann::json> statsSamples;
    // When set, containerStatsOnce() answers only on releaseStats(), to count what is in flight.
    bool holdStats = false;
    void releaseStats();
    // When set, the volume and network calls answer with this error (berthd's 501 today).
    std::optional<ui::ApiError> failVolumesAndNetworks;
    Volumes volumes;
    Networks networks;

    // Image actions: pulls and pushes are FakeProgressStreams kept in `streams`
    // (calls "pull <ref>", "push <ref>"); tag adds the tag to the image in
    // `images` ("tag <source> <target>"); prune answers pruneReport ("prune-images"
    // or "prune-images -a"); history answers history[reference] or a 404.
    ui::ProgressStream* pullImage(const QString& reference, QObject* parent) override;
    ui::ProgressStream* pushImage(const QString& reference, QObject* parent) override;
    // A build the test drives: buildRequests holds what was asked, builds the streams.
    ui::BuildStream* buildImage(const ui::BuildRequest& request, QObject* parent) override;
    std::vector<ui::BuildRequest> buildRequests;
    std::vector<QPointer<FakeBuildStream>> builds;
    QFuture<ui::ApiResult<void>> tagImage(const QString& source, const QString& target) override;
    QFuture<ui::ApiResult<ui::PruneReport>> pruneImages(bool all) override;
    QFuture<ui::ApiResult<std::vector<ui::ImageHistoryEntry>>> imageHistory(const QString& reference) override;
    // POST /auth: "login <server> <username>"; answers failLogin when set, else loginAnswer.
    QFuture<ui::ApiResult<ui::RegistryLoginAnswer>> registryLogin(const QString& server, const QString& username,
                                                                  const QString& password) override;
    ui::RegistryLoginAnswer loginAnswer{QStringLiteral("Login Succeeded"), {}};
    std::optional<ui::ApiError> failLogin;
    std::vector<QPointer<FakeProgressStream>> streams;
    ui::PruneReport pruneReport;
    std::map<QString, std::vector<ui::ImageHistoryEntry>> history;

    // A container's details: inspect and top answer inspectDocuments[id] and
    // topDocuments[id], a 404 without one ("inspect <id>", "top <id>"); logs and
    // stats are FakeByteStreams kept in `byteStreams` ("logs <id>", "stats-stream <id>").
    QFuture<ui::ApiResult<nlohmann::json>> inspectContainer(const QString& id) override;
    QFuture<ui::ApiResult<nlohmann::json>> containerTop(const QString& id) override;
    ui::ByteStream* containerLogs(const QString& id, const ui::LogQuery& query, ui::ByteStream::Reader reader,
                                  QObject* parent) override;
    ui::ByteStream* containerStats(const QString& id, ui::ByteStream::Reader reader, QObject* parent) override;
    std::map<QString, nlohmann::json> inspectDocuments;
    std::map<QString, nlohmann::json> topDocuments;
    std::vector<QPointer<FakeByteStream>> byteStreams;

    // Terminal and Files: sessions are FakeTerminalSessions kept in `terminals`
    // ("terminal <id> shell" or "terminal <id> attach"). listFiles answers
    // directories[path] ("ls <id> <path>"), the engine's 404 for a path without
    // one; downloadFiles writes nothing and counts one entry per path
    // ("download <id> <paths, comma separated> <dir>"); uploadFiles records
    // "upload <id> <path> <local names, comma separated>". failFiles, when set,
    // is every archive call's answer.
    std::unique_ptr<ui::TerminalSession> terminalSession(const QString& id, ui::TerminalSession::Kind kind) override;
    QFuture<ui::ApiResult<std::vector<ui::tar::Entry>>> listFiles(const QString& id, const QString& path) override;
    QFuture<ui::ApiResult<ui::FilesDownload>> downloadFiles(const QString& id, const QStringList& paths,
                                                            const QString& localDir) override;
    QFuture<ui::ApiResult<void>> uploadFiles(const QString& id, const QString& path,
                                             const QStringList& localPaths) override;
    std::vector<QPointer<FakeTerminalSession>> terminals;
    std::map<QString, std::vector<ui::tar::Entry>> directories;
    std::optional<ui::ApiError> failFiles;

    void startEvents() override { eventsStarted = true; }
    void stopEvents() override { eventsStarted = false; }

    // Answers every held findContainer() with what `containers` holds now.
    void releaseFinds();
    // Emits an event as the engine's stream would.
    void sendEvent(const std::string& type, const std::string& action, const std::string& id,
                   std::map<std::string, std::string> attributes = {});

    bool eventsStarted = false;

private:
    template <typename T>
    QFuture<ui::ApiResult<T>> answer(const QString& call, std::function<T()> value);
    std::optional<api::types::ContainerSummary> lookup(const QString& id) const;
    std::vector<std::pair<QString, std::shared_ptr<QPromise<ui::ApiResult<std::optional<api::types::ContainerSummary>>>>>>
        heldFinds_;
    std::vector<std::pair<QString, std::shared_ptr<QPromise<ui::ApiResult<nlohmann::json>>>>> heldStats_;
    ui::ApiResult<nlohmann::json> statsAnswer(const QString& id) const;
};

// A container summary as berthd would list it.
api::types::ContainerSummary makeContainer(const std::string& id, const std::string& name, const std::string& state,
                                           const std::string& project = {});
api::types::ImageSummary makeImage(const std::string& id, std::vector<std::string> tags, int64_t size);

} // namespace berth::test
