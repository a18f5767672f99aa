#include "ui/details/log_source.h"

#include "ui/client/engine_api.h"
#include "ui/details/log_stream_decoder.h"

namespace berth::ui {

LogBatch LogSource::takeLines() {
    std::lock_guard lock(mutex_);
    return std::exchange(pending_, LogBatch{});
}

void LogSource::post(LogBatch&& batch) {
    if (batch.isEmpty()) return;
    bool wasEmpty = false;
    {
        std::lock_guard lock(mutex_);
        wasEmpty = pending_.isEmpty();
        const int64_t base = pending_.bytes.size();
        if (wasEmpty) {
            pending_ = std::move(batch);
            for (auto& line : pending_.lines) line.source = sourceIndex_;
        } else {
            pending_.bytes.append(batch.bytes);
            for (LogLineRef line : batch.lines) {
                line.offset += base;
                line.source = sourceIndex_;
                pending_.lines.push_back(line);
            }
        }
    }
    if (wasEmpty) emit linesAvailable();
}

EngineLogSource::EngineLogSource(EngineApi* api, const QString& containerId, QObject* parent)
    : LogSource(parent), api_(api), containerId_(containerId) {}

EngineLogSource::~EngineLogSource() { stop(); }

void EngineLogSource::stop() {
    ++generation_;
    stream_.reset(); // closes the connection and joins its thread
}

void EngineLogSource::start(const LogQuery& query) {
    stop();
    const quint64 generation = generation_;
    // The framing depends on the container's TTY, which only inspect tells.
    api_->inspectContainer(containerId_).then(this, [this, query, generation](const ApiResult<nlohmann::json>& inspected) {
        if (generation != generation_) return;
        if (!inspected) {
            emit failed(inspected.error().message);
            return;
        }
        openStream(query, inspected->value("Config", nlohmann::json::object()).value("Tty", false));
    });
}

void EngineLogSource::openStream(const LogQuery& query, bool tty) {
    // Decoded on the stream's thread; read back here only after it has ended.
    auto decoder = std::make_shared<LogStreamDecoder>(!tty, true);
    stream_.reset(api_->containerLogs(containerId_, query, [this, decoder](std::string_view data) {
        LogBatch batch;
        decoder->feed(QByteArrayView(data.data(), static_cast<qsizetype>(data.size())), batch);
        post(std::move(batch));
        return true;
    }, nullptr));
    connect(stream_.get(), &ByteStream::finished, this, [this, decoder](bool ok, const ApiError& error) {
        LogBatch rest;
        decoder->finish(rest);
        post(std::move(rest));
        if (ok) emit ended();
        else emit failed(error.message);
    });
}

} // namespace berth::ui
