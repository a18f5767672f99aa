#include "ui/client/terminal_session.h"

#include "ui/client/api_result.h"

#include "api/client/client.h"

#include <QThreadPool>
#include <QUrl>
#include <cerrno>
#include <sys/socket.h>

namespace berth::ui {

namespace {

// `docker exec -it` with the best shell the image has: bash, else sh.
constexpr const char* kExecShellBody =
    R"({"AttachStdin":true,"AttachStdout":true,"AttachStderr":true,"Tty":true,)"
    R"("Env":["TERM=xterm-256color"],)"
    R"("Cmd":["/bin/sh","-c","if command -v bash >/dev/null 2>&1; then exec bash; else exec sh; fi"]})";

// Without a TTY, attach output is Docker's multiplexed stream: 8-byte headers
// (stream, 0, 0, 0, big-endian length) before each frame. Keeps partial frames.
class Demultiplexer {
public:
    std::string feed(std::string_view bytes) {
        pending_.append(bytes);
        std::string out;
        while (pending_.size() >= 8) {
            const auto* head = reinterpret_cast<const unsigned char*>(pending_.data());
            const size_t length = (size_t{head[4]} << 24) | (size_t{head[5]} << 16) | (size_t{head[6]} << 8) | head[7];
            if (pending_.size() < 8 + length) break;
            out.append(pending_, 8, length);
            pending_.erase(0, 8 + length);
        }
        return out;
    }

private:
    std::string pending_;
};

std::string quote(const std::string& value) { return QUrl::toPercentEncoding(QString::fromStdString(value)).toStdString(); }

} // namespace

RemoteTerminalSession::RemoteTerminalSession(std::string host, const QString& containerId, Kind kind, QObject* parent)
    : TerminalSession(parent), host_(std::move(host)), containerId_(containerId.toStdString()), kind_(kind) {}

RemoteTerminalSession::~RemoteTerminalSession() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        if (fd_ >= 0) ::shutdown(fd_, SHUT_RDWR);
    }
    if (reader_.joinable()) reader_.join();
}

void RemoteTerminalSession::start() {
    if (reader_.joinable()) return;
    reader_ = std::thread([this] { run(); });
}

void RemoteTerminalSession::run() {
    api::EngineClient client(host_);
    const std::string container = quote(containerId_);
    bool tty = true;
    Result<api::HijackedStream> session = fail(ErrorCategory::System, "not started");
    std::string resizeTarget;
    if (kind_ == Kind::Shell) {
        auto exec = client.request("POST", "/containers/" + container + "/exec", kExecShellBody);
        if (!exec) session = std::unexpected(exec.error());
        else if (exec->status != 201) session = std::unexpected(api::error_from_response(*exec));
        else {
            auto created = nlohmann::json::parse(exec->body, nullptr, false);
            std::string id = created.is_object() ? created.value("Id", std::string()) : std::string();
            resizeTarget = "/exec/" + id + "/resize";
            session = client.hijack("POST", "/exec/" + id + "/start", R"({"Detach":false,"Tty":true})");
        }
    } else {
        auto inspect = client.get_json("/containers/" + container + "/json");
        if (!inspect) session = std::unexpected(inspect.error());
        else {
            auto config = inspect->value("Config", nlohmann::json::object());
            tty = config.is_object() && config.value("Tty", false);
            resizeTarget = "/containers/" + container + "/resize";
            session = client.hijack("POST", "/containers/" + container + "/attach?stream=1&stdin=1&stdout=1&stderr=1");
        }
    }
    if (!session) {
        emit finished(apiErrorFrom(session.error()).message);
        return;
    }
    int rows = 0, columns = 0;
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        fd_ = session->fd.get();
        resizeTarget_ = resizeTarget;
        rows = rows_;
        columns = columns_;
    }
    emit started();
    // The size asked for before the process existed.
    if (rows > 0 && columns > 0) (void)client.request("POST", resizeTarget + "?h=" + std::to_string(rows) + "&w=" + std::to_string(columns));
    Demultiplexer frames;
    auto deliver = [&](std::string_view bytes) {
        std::string text = tty ? std::string(bytes) : frames.feed(bytes);
        if (!text.empty()) emit output(QByteArray(text.data(), static_cast<qsizetype>(text.size())));
    };
    if (!session->early.empty()) deliver(session->early);
    char piece[16384];
    for (;;) {
        ssize_t got = ::recv(session->fd.get(), piece, sizeof piece, 0);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        deliver(std::string_view(piece, static_cast<size_t>(got)));
    }
    {
        std::lock_guard lock(mutex_);
        fd_ = -1;
        if (stopping_) return;
    }
    emit finished(QString());
}

void RemoteTerminalSession::write(const QByteArray& bytes) {
    std::lock_guard lock(mutex_);
    if (fd_ < 0) return;
    // Keystrokes and pastes are small next to the socket's buffer: a plain send does not stall.
    qsizetype sent = 0;
    while (sent < bytes.size()) {
        ssize_t n = ::send(fd_, bytes.constData() + sent, static_cast<size_t>(bytes.size() - sent), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        sent += n;
    }
}

void RemoteTerminalSession::resize(int rows, int columns) {
    {
        std::lock_guard lock(mutex_);
        rows_ = rows;
        columns_ = columns;
        if (fd_ < 0) return; // run() sends it once the process is there
    }
    sendResize(rows, columns);
}

void RemoteTerminalSession::sendResize(int rows, int columns) {
    std::string target;
    {
        std::lock_guard lock(mutex_);
        target = resizeTarget_ + "?h=" + std::to_string(rows) + "&w=" + std::to_string(columns);
    }
    // A request of its own off the UI thread; it captures values, not the session.
    QThreadPool::globalInstance()->start([host = host_, target] {
        api::EngineClient client(host);
        client.set_timeout(std::chrono::seconds(5));
        (void)client.request("POST", target);
    });
}

} // namespace berth::ui
