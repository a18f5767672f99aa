#pragma once
// A pull or a push as it runs: the engine's JSON progress stream (POST
// /images/create?fromImage=, POST /images/{name}/push), one typed
// ProgressMessage at a time, on the owner's thread, in order. It ends with
// finished(): ok, or the engine's error word for word — the answer's own
// message when the engine refused at once (a bad name: 400), or the stream's
// last {"errorDetail"} when the registry failed on the way (a 404 manifest).
// cancel() closes the connection (the engine then stops the work, as for
// `docker pull` interrupted by Ctrl+C); a cancelled stream reports nothing more.
//
// RemoteProgressStream runs on a connection and a thread of its own, so a slow
// pull never stalls the requests of the pages; tests derive their own.

#include "ui/client/api_result.h"

#include "api/client/client.h"
#include "api/types/progress_message.h"

#include <QObject>
#include <QThread>
#include <atomic>
#include <memory>

namespace berth::ui {

class ProgressStream : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    virtual void cancel() = 0;
    bool isFinished() const { return finished_; }

signals:
    void progress(const berth::api::types::ProgressMessage& message);
    // `error` is meaningful only when !ok.
    void finished(bool ok, const berth::ui::ApiError& error);

protected:
    // For implementations: delivers what the stream said, on the owner's thread.
    void deliver(const api::types::ProgressMessage& message);
    void finish(bool ok, const ApiError& error);

private:
    bool finished_ = false;
    bool failedInStream_ = false;
    ApiError streamError_;
};

class RemoteProgressStream : public ProgressStream {
    Q_OBJECT
public:
    // POSTs `target` at `host` with X-Registry-Auth holding the docker CLI's
    // credentials for `image`'s registry (api/client/registry_auth.h: its
    // config.json or credential helper, looked up on the stream's thread since a
    // helper may take a while) and starts at once; connect to the signals right after.
    RemoteProgressStream(const std::string& host, std::string target, std::string image,
                         QObject* parent = nullptr);
    ~RemoteProgressStream() override;

    void cancel() override;

private:
    void readStream(); // on thread_

    api::EngineClient client_;
    std::string target_;
    std::string image_;
    std::unique_ptr<QThread> thread_;
    std::atomic<bool> cancelled_{false};
};

} // namespace berth::ui

Q_DECLARE_METATYPE(berth::api::types::ProgressMessage)
