#pragma once
// What the details tabs' tests need from a real berthd: a busybox image made on
// the spot (Debian's busybox-static, imported like `docker import`) and
// containers that run a shell command, removed when the fixture goes.

#include "api/client/client.h"

#include <QString>
#include <QStringList>

#include <string>
#include <vector>

namespace berth::test {

class DetailsFixture {
public:
    explicit DetailsFixture(const std::string& host) : client_(host) {}
    ~DetailsFixture();
    DetailsFixture(const DetailsFixture&) = delete;
    DetailsFixture& operator=(const DetailsFixture&) = delete;

    // Imports busybox as `reference`; the error, or empty on success.
    QString importBusybox(const QString& reference);
    // Creates and starts a container running `sh -c script`; its id, or empty (see lastError()).
    QString run(const QString& image, const QString& name, const QString& script, bool tty = false);
    const QString& lastError() const { return error_; }
    api::EngineClient& client() { return client_; }

private:
    api::EngineClient client_;
    std::vector<std::string> containers_;
    QString error_;
};

} // namespace berth::test
