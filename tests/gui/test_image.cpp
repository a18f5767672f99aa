#include "test_image.h"

#include "api/client/client.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

namespace berth::test {

namespace {

QString makeRootfs(const QString& root) {
    const QString busybox = QStringLiteral("/usr/bin/busybox");
    if (!QFile::exists(busybox)) return QStringLiteral("busybox (busybox-static) is not installed");
    QDir dir(root);
    for (const char* sub : {"bin", "etc", "tmp"}) dir.mkpath(QLatin1String(sub));
    if (!QFile::copy(busybox, dir.filePath(QStringLiteral("bin/busybox"))))
        return QStringLiteral("cannot copy busybox");
    QFile::setPermissions(dir.filePath(QStringLiteral("bin/busybox")),
                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadOther | QFile::ExeOther);
    QProcess list;
    list.start(busybox, {QStringLiteral("--list")});
    list.waitForFinished();
    for (const QByteArray& applet : list.readAllStandardOutput().split('\n')) {
        if (applet.isEmpty() || applet == "busybox") continue;
        QFile::link(QStringLiteral("busybox"), dir.filePath(QStringLiteral("bin/") + QString::fromLatin1(applet)));
    }
    QFile passwd(dir.filePath(QStringLiteral("etc/passwd")));
    if (!passwd.open(QIODevice::WriteOnly)) return QStringLiteral("cannot write etc/passwd");
    passwd.write("root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n");
    return {};
}

} // namespace

QString importBusyboxImage(const QString& host, const QString& reference) {
    QTemporaryDir dir(QStringLiteral("/tmp/berth-gui-image-XXXXXX"));
    if (QString problem = makeRootfs(dir.path()); !problem.isEmpty()) return problem;
    QProcess tar;
    tar.start(QStringLiteral("tar"), {QStringLiteral("-C"), dir.path(), QStringLiteral("-c"), QStringLiteral(".")});
    if (!tar.waitForFinished(30'000) || tar.exitCode() != 0) return QStringLiteral("tar failed");
    const QByteArray archive = tar.readAllStandardOutput();

    const int colon = static_cast<int>(reference.lastIndexOf(QLatin1Char(':')));
    const std::string target = "/images/create?fromSrc=-&repo=" + reference.left(colon).toStdString() +
                               "&tag=" + reference.mid(colon + 1).toStdString();
    api::EngineClient client(host.toStdString());
    auto response = client.request("POST", target, std::string_view(archive.constData(), archive.size()),
                                   "application/x-tar");
    if (!response) return QString::fromStdString(response.error().message());
    if (response->status != 200) return QString::fromStdString(api::error_from_response(*response).message());
    return {};
}

QString createContainer(const QString& host, const QString& name, const QString& image, const QString& command,
                        QString* error) {
    nlohmann::json body = {{"Image", image.toStdString()},
                           {"Cmd", {"sh", "-c", command.toStdString()}}};
    api::EngineClient client(host.toStdString());
    auto response = client.request("POST", "/containers/create?name=" + name.toStdString(), body.dump());
    if (!response) {
        *error = QString::fromStdString(response.error().message());
        return {};
    }
    if (response->status != 201) {
        *error = QString::fromStdString(api::error_from_response(*response).message());
        return {};
    }
    return QString::fromStdString(nlohmann::json::parse(response->body).value("Id", std::string()));
}

} // namespace berth::test
