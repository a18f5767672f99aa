#include "ui/client/build_stream.h"

#include "ui/client/files_tar_source.h"

#include "build/builder/dockerignore.h"

#include <QFile>
#include <QUrl>
#include <nlohmann/json.hpp>

namespace berth::ui {

namespace {

std::string encoded(const QString& text) {
    return QUrl::toPercentEncoding(text).toStdString();
}

} // namespace

std::string BuildRequest::apiTarget() const {
    std::string path = "/build?rm=1&dockerfile=" + encoded(dockerfile.isEmpty() ? QStringLiteral("Dockerfile") : dockerfile);
    for (const QString& tag : tags)
        if (!tag.trimmed().isEmpty()) path += "&t=" + encoded(tag.trimmed());
    if (!buildArgs.isEmpty()) {
        nlohmann::json args = nlohmann::json::object();
        for (auto it = buildArgs.begin(); it != buildArgs.end(); ++it) args[it.key().toStdString()] = it.value().toStdString();
        path += "&buildargs=" + encoded(QString::fromStdString(args.dump()));
    }
    if (!target.isEmpty()) path += "&target=" + encoded(target);
    if (noCache) path += "&nocache=1";
    return path;
}

tar::PackSource makeBuildContext(const BuildRequest& request) {
    const std::string root = request.contextDir.toStdString();
    std::string ignoreText;
    QFile ignore(request.contextDir + QStringLiteral("/.dockerignore"));
    if (ignore.open(QIODevice::ReadOnly)) ignoreText = ignore.readAll().toStdString();
    const auto matcher = build::IgnoreMatcher::parse(ignoreText);
    const std::string dockerfile =
        build::clean_path((request.dockerfile.isEmpty() ? QStringLiteral("Dockerfile") : request.dockerfile).toStdString());
    return tar::PackSource::of_tree(root, [matcher, dockerfile](const std::string& name, bool) {
        // Always sent (the builder reads them), as the docker CLI does.
        if (name == dockerfile || name == ".dockerignore") return true;
        return !matcher.excluded(name);
    });
}

void BuildStream::deliverLine(const std::string& line) {
    if (finished_) return;
    nlohmann::json message;
    try {
        message = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception&) {
        return; // not JSON: nothing the log can use
    }
    if (!message.is_object()) return;
    if (auto stream = message.find("stream"); stream != message.end() && stream->is_string())
        emit output(QString::fromStdString(stream->get<std::string>()));
    if (auto aux = message.find("aux"); aux != message.end() && aux->is_object() && aux->contains("ID"))
        emit imageBuilt(QString::fromStdString((*aux)["ID"].get<std::string>()));
    std::string error;
    if (auto detail = message.find("errorDetail"); detail != message.end() && detail->is_object())
        error = detail->value("message", "");
    if (error.empty()) error = message.value("error", "");
    if (!error.empty()) {
        failedInStream_ = true;
        streamError_ = ApiError{500, QString::fromStdString(error)};
    }
}

void BuildStream::finish(bool ok, const ApiError& error) {
    if (finished_) return;
    finished_ = true;
    if (ok && failedInStream_) emit finished(false, streamError_);
    else emit finished(ok, error);
}

RemoteBuildStream::RemoteBuildStream(const std::string& host, BuildRequest request, QObject* parent)
    : BuildStream(parent)
    , client_(host)
    , request_(std::move(request)) {
    thread_.reset(QThread::create([this] { run(); }));
    thread_->setObjectName(QStringLiteral("berth-build"));
    thread_->start();
}

RemoteBuildStream::~RemoteBuildStream() {
    cancel();
}

void RemoteBuildStream::cancel() {
    if (!thread_) return;
    cancelled_ = true;
    client_.cancel();
    thread_->wait();
    thread_.reset();
}

void RemoteBuildStream::run() {
    // Queued with `this` as context: nothing reaches a destroyed stream.
    auto post = [this](auto call) { QMetaObject::invokeMethod(this, std::move(call), Qt::QueuedConnection); };
    // The context is tarred as it is sent, so its size costs no memory.
    auto context = makeBuildContext(request_);
    std::string contextError;
    api::BodySource body{[&](std::span<char> buffer) {
        auto got = context.read(buffer);
        if (!got) contextError = got.error().message();
        return got;
    }};
    std::string pending;
    auto result = client_.stream(
        "POST", request_.apiTarget(),
        [&](std::string_view data) {
            pending.append(data);
            for (size_t end = pending.find('\n'); end != std::string::npos; end = pending.find('\n')) {
                std::string line = pending.substr(0, end);
                pending.erase(0, end + 1);
                if (line.find_first_not_of(" \r\t") == std::string::npos) continue;
                post([this, line = std::move(line)] { deliverLine(line); });
            }
            return !cancelled_.load();
        },
        body);
    if (cancelled_) return;
    if (!pending.empty()) post([this, line = std::move(pending)] { deliverLine(line); });
    ApiError error;
    if (!contextError.empty())
        error = ApiError{400, QStringLiteral("reading the build context %1: %2")
                                  .arg(request_.contextDir, QString::fromStdString(contextError))};
    else if (!result) error = apiErrorFrom(result.error());
    bool ok = static_cast<bool>(result);
    post([this, ok, error] { finish(ok, error); });
}

} // namespace berth::ui
