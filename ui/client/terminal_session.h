#pragma once
// A terminal session in a container: `docker exec -it <shell>` or `docker attach`
// to the container's own TTY, seen as bytes in, bytes out and a size.
//
// Lifecycle: construct, start() (returns at once; the connection is made off the
// UI thread), then started() or finished(error). Between started() and
// finished(), output() carries what the process writes and write()/resize() reach
// it. Destroying the session ends it (the process sees EOF on its stdin).
// Signals arrive on the thread that owns the object (the UI thread).
//
// TerminalView talks only to this interface; EngineApi::terminalSession() makes
// them (RemoteTerminalSession for a real engine, a fake in tests).

#include <QByteArray>
#include <QObject>
#include <QString>

#include <memory>
#include <mutex>
#include <thread>

namespace berth::ui {

class TerminalSession : public QObject {
    Q_OBJECT
public:
    enum class Kind { Shell, Attach };
    using QObject::QObject;

    virtual void start() = 0;
    virtual void write(const QByteArray& bytes) = 0;
    virtual void resize(int rows, int columns) = 0;

signals:
    void started();
    void output(const QByteArray& bytes);
    // `error` is empty when the process simply ended; else the engine's message
    // (apiErrorFrom's wording, as every EngineApi call shows it).
    void finished(const QString& error);
};

// Exec (POST /containers/{id}/exec then a hijacked /exec/{id}/start) or attach
// (a hijacked POST /containers/{id}/attach) through the blocking EngineClient,
// on a reader thread the session owns and joins. `host` is the EngineApi's.
class RemoteTerminalSession : public TerminalSession {
    Q_OBJECT
public:
    RemoteTerminalSession(std::string host, const QString& containerId, Kind kind, QObject* parent = nullptr);
    ~RemoteTerminalSession() override;

    void start() override;
    void write(const QByteArray& bytes) override;
    void resize(int rows, int columns) override;

private:
    void run();
    void sendResize(int rows, int columns);

    const std::string host_;
    const std::string containerId_;
    const Kind kind_;
    std::thread reader_;
    std::mutex mutex_; // guards the fields below
    int fd_ = -1;
    bool stopping_ = false;
    std::string resizeTarget_; // "/exec/<id>/resize" or "/containers/<id>/resize", once known
    int rows_ = 0, columns_ = 0;
};

} // namespace berth::ui
