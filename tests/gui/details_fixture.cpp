#include "details_fixture.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QUrl>

namespace berth::test {

DetailsFixture::~DetailsFixture() {
    for (const auto& id : containers_) (void)client_.request("DELETE", "/containers/" + id + "?force=1");
}

QString DetailsFixture::importBusybox(const QString& reference) {
    QTemporaryDir dir;
    const QString root = dir.filePath(QStringLiteral("rootfs"));
    QDir().mkpath(root + QStringLiteral("/bin"));
    QDir().mkpath(root + QStringLiteral("/etc"));
    QDir().mkpath(root + QStringLiteral("/tmp"));
    if (!QFile::copy(QStringLiteral("/usr/bin/busybox"), root + QStringLiteral("/bin/busybox")))
        return QStringLiteral("no /usr/bin/busybox (busybox-static)");
    for (const char* applet : {"sh", "echo", "seq", "sleep", "yes", "printf", "head", "cat", "ps", "top"})
        QFile::link(QStringLiteral("busybox"), root + QStringLiteral("/bin/") + QLatin1String(applet));
    QFile passwd(root + QStringLiteral("/etc/passwd"));
    if (passwd.open(QIODevice::WriteOnly)) passwd.write("root:x:0:0:root:/root:/bin/sh\n");
    passwd.close();
    const QString tarPath = dir.filePath(QStringLiteral("rootfs.tar"));
    if (QProcess::execute(QStringLiteral("tar"), {QStringLiteral("-C"), root, QStringLiteral("-cf"), tarPath, QStringLiteral(".")}) != 0)
        return QStringLiteral("tar failed");
    QFile tar(tarPath);
    if (!tar.open(QIODevice::ReadOnly)) return QStringLiteral("cannot read the tar");
    const QByteArray body = tar.readAll();
    const auto colon = reference.lastIndexOf(QLatin1Char(':'));
    const std::string target = "/images/create?fromSrc=-&repo=" + reference.left(colon).toStdString() + "&tag=" +
                               reference.mid(colon + 1).toStdString();
    auto response = client_.request("POST", target, std::string_view(body.constData(), static_cast<size_t>(body.size())),
                                    "application/x-tar");
    if (!response) return QString::fromStdString(response.error().message());
    if (response->status != 200) return QString::fromStdString(response->body);
    return {};
}

QString DetailsFixture::run(const QString& image, const QString& name, const QString& script, bool tty) {
    nlohmann::json config = {{"Image", image.toStdString()},
                             {"Cmd", {"sh", "-c", script.toStdString()}},
                             {"Tty", tty},
                             {"Env", {"BERTH_TEST=details"}}};
    auto created = client_.request("POST", "/containers/create?name=" + name.toStdString(), config.dump());
    if (!created || created->status != 201) {
        error_ = created ? QString::fromStdString(created->body) : QString::fromStdString(created.error().message());
        return {};
    }
    const std::string id = nlohmann::json::parse(created->body).value("Id", std::string());
    containers_.push_back(id);
    auto started = client_.request("POST", "/containers/" + id + "/start");
    if (!started || started->status != 204) {
        error_ = started ? QString::fromStdString(started->body) : QString::fromStdString(started.error().message());
        return {};
    }
    return QString::fromStdString(id);
}

} // namespace berth::test
