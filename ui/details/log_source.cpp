#include "ui/details/log_source.h"

#include "ui/details/log_stream_decoder.h"

#include <QUrl>
#include <QUrlQuery>

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

EngineLogSource::EngineLogSource(const QString& host, const QString& containerId, QObject* parent)
    : LogSource(parent), containerId_(containerId), worker_(host.toStdString()) {}

EngineLogSource::~EngineLogSource() { worker_.stop(); }

void EngineLogSource::start(const LogQuery& query) {
    worker_.run([this, query](api::EngineClient& client) { read(client, query); });
}

// Runs on the worker thread.
void EngineLogSource::read(api::EngineClient& client, const LogQuery& query) {
    const std::string id = QString::fromLatin1(QUrl::toPercentEncoding(containerId_)).toStdString();
    // The framing depends on the container's TTY, which only inspect tells.
    auto inspected = client.get_json("/containers/" + id + "/json");
    if (!inspected) {
        emit failed(QString::fromStdString(inspected.error().message()));
        return;
    }
    const bool tty = inspected->value("Config", nlohmann::json::object()).value("Tty", false);
    QUrlQuery params;
    params.addQueryItem(QStringLiteral("stdout"), QStringLiteral("1"));
    params.addQueryItem(QStringLiteral("stderr"), QStringLiteral("1"));
    params.addQueryItem(QStringLiteral("timestamps"), QStringLiteral("1")); // the view hides them on request
    if (query.follow) params.addQueryItem(QStringLiteral("follow"), QStringLiteral("1"));
    if (!query.since.isEmpty()) params.addQueryItem(QStringLiteral("since"), query.since);
    if (!query.until.isEmpty()) params.addQueryItem(QStringLiteral("until"), query.until);
    if (query.tail >= 0) params.addQueryItem(QStringLiteral("tail"), QString::number(query.tail));
    const std::string target = "/containers/" + id + "/logs?" + params.query(QUrl::FullyEncoded).toStdString();

    LogStreamDecoder decoder(!tty, true);
    auto streamed = client.stream("GET", target, [&](std::string_view data) {
        LogBatch batch;
        decoder.feed(QByteArrayView(data.data(), static_cast<qsizetype>(data.size())), batch);
        post(std::move(batch));
        return true;
    });
    LogBatch rest;
    decoder.finish(rest);
    post(std::move(rest));
    if (!streamed) emit failed(QString::fromStdString(streamed.error().message()));
    else emit ended();
}

} // namespace berth::ui
