#pragma once
// A build as it runs: POST /build with the context folder as a tar (its
// .dockerignore applied; the Dockerfile and .dockerignore always sent, as the
// docker CLI does), the engine's JSON stream read line by line. Each "stream"
// piece (`Step 1/3 : FROM …`, ` ---> Using cache`, the RUN output) comes as
// output(), the "aux" ID as imageBuilt(), and the end as finished(): ok, or
// the engine's error word for word (the answer's message, or the stream's last
// errorDetail, e.g. "The command '/bin/sh -c false' returned a non-zero code: 1").
//
// RemoteBuildStream talks to the engine on a thread of its own, the tar made
// as it is sent (a streamed body), so a huge context costs no more memory than
// a small one; tests derive their own stream.

#include "ui/client/api_result.h"

#include "api/client/client.h"
#include "ui/client/files_tar_source.h"

#include <QMap>
#include <QObject>
#include <QStringList>
#include <QThread>
#include <atomic>
#include <memory>

namespace berth::ui {

struct BuildRequest {
    QString contextDir; // the folder sent as the context
    QString dockerfile; // relative to contextDir ("Dockerfile")
    QStringList tags;   // `t`, several allowed
    QMap<QString, QString> buildArgs;
    QString target;     // a stage name, or empty for the last
    bool noCache = false;

    // "/build?dockerfile=…&t=…&buildargs=…&target=…&rm=1"
    std::string apiTarget() const;
};

class BuildStream : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    virtual void cancel() = 0;
    bool isFinished() const { return finished_; }

signals:
    void output(const QString& text);
    void imageBuilt(const QString& imageId);
    void finished(bool ok, const berth::ui::ApiError& error);

protected:
    // For implementations, on the owner's thread: one JSON line of the stream.
    void deliverLine(const std::string& line);
    void finish(bool ok, const ApiError& error);

private:
    bool finished_ = false;
    bool failedInStream_ = false;
    ApiError streamError_;
};

class RemoteBuildStream : public BuildStream {
    Q_OBJECT
public:
    RemoteBuildStream(const std::string& host, BuildRequest request, QObject* parent = nullptr);
    ~RemoteBuildStream() override;
    void cancel() override;

private:
    void run(); // on thread_

    api::EngineClient client_;
    BuildRequest request_;
    std::unique_ptr<QThread> thread_;
    std::atomic<bool> cancelled_{false};
};

// The context tar of `request`, made as it is read: the folder with its .dockerignore applied.
tar::PackSource makeBuildContext(const BuildRequest& request);

} // namespace berth::ui
