#include "ui/details/json_fetcher.h"

#include "ui/client/engine_api.h"

namespace berth::ui {

JsonFetcher::JsonFetcher(EngineApi* api, QString containerId, Document document, QObject* parent)
    : QObject(parent), api_(api), containerId_(std::move(containerId)), document_(document) {}

void JsonFetcher::fetch() {
    const quint64 generation = ++generation_;
    auto call = document_ == Document::Inspect ? api_->inspectContainer(containerId_) : api_->containerTop(containerId_);
    // The first step runs where the answer arrived (a pool thread), the second on the UI thread.
    call.then([](const ApiResult<nlohmann::json>& answer) -> ApiResult<QJsonDocument> {
            if (!answer) return std::unexpected(answer.error());
            return QJsonDocument::fromJson(QByteArray::fromStdString(answer->dump()));
        })
        .then(this, [this, generation](const ApiResult<QJsonDocument>& answer) {
            if (generation != generation_) return;
            if (answer) emit fetched(*answer);
            else emit failed(answer.error().message);
        });
}

} // namespace berth::ui
