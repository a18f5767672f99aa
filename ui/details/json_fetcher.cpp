#include "ui/details/json_fetcher.h"

#include <QUrl>

namespace berth::ui {

QString containerPath(const QString& containerId, const QString& rest) {
    return QStringLiteral("/containers/") + QString::fromLatin1(QUrl::toPercentEncoding(containerId)) + rest;
}

EngineJsonFetcher::EngineJsonFetcher(const QString& host, QObject* parent)
    : JsonFetcher(parent), worker_(host.toStdString()) {}

EngineJsonFetcher::~EngineJsonFetcher() { worker_.stop(); }

void EngineJsonFetcher::fetch(const QString& target) {
    worker_.run([this, target](api::EngineClient& client) {
        auto answer = client.get_json(target.toStdString());
        if (!answer) {
            emit failed(target, QString::fromStdString(answer.error().message()));
            return;
        }
        // Parsed here, off the UI thread; Qt's JSON from the same bytes.
        const std::string text = answer->dump();
        emit fetched(target, QJsonDocument::fromJson(QByteArray::fromStdString(text)));
    });
}

} // namespace berth::ui
