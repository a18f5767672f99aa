#pragma once
// Where a LogsTab's lines come from. A LogSource is started with a query, posts
// batches of lines from whatever thread reads them, and tells the UI thread that
// lines are waiting (once per batch it has not taken yet, so a fast writer
// coalesces into few, larger appends); the tab takes them with takeLines().
// stop() ends the reading; a source can be started again with a new query.
//
// EngineLogSource reads GET /containers/{id}/logs through EngineApi (a
// ByteStream: its own connection and thread, decoded there); tests use a fake
// that posts by hand.

#include "ui/client/byte_stream.h"
#include "ui/client/log_query.h"
#include "ui/details/log_batch.h"

#include <QObject>
#include <QString>

#include <memory>
#include <mutex>

namespace berth::ui {

class EngineApi;

class LogSource : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    virtual void start(const LogQuery& query) = 0;
    virtual void stop() = 0;

    // Thread-safe: what was posted since the last call.
    LogBatch takeLines();
    // Stamped on every line posted (the merged view's container index).
    void setSourceIndex(uint16_t index) { sourceIndex_ = index; }

signals:
    void linesAvailable();
    void failed(const QString& message);
    void ended();

protected:
    // Any thread.
    void post(LogBatch&& batch);

private:
    std::mutex mutex_;
    LogBatch pending_;
    uint16_t sourceIndex_ = 0;
};

class EngineLogSource : public LogSource {
    Q_OBJECT
public:
    EngineLogSource(EngineApi* api, const QString& containerId, QObject* parent = nullptr);
    ~EngineLogSource() override;
    void start(const LogQuery& query) override;
    void stop() override;

private:
    // Opens the stream once inspect has told whether the container has a TTY.
    void openStream(const LogQuery& query, bool tty);

    EngineApi* api_;
    QString containerId_;
    quint64 generation_ = 0; // an inspect answer for an older start() is dropped
    std::unique_ptr<ByteStream> stream_;
};

} // namespace berth::ui
