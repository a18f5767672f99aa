// The Images page's actions against a real berthd and a real registry (Debian's
// docker-registry on 127.0.0.1, a port of its own, storage in a temporary
// directory, htpasswd basic auth): Tag, Push with per-layer rows, then Pull of
// the pushed image after it was removed locally — every layer row reaches "Pull
// complete" and the image appears in the list through /events; both carry the
// credentials of the docker CLI's config (a DOCKER_CONFIG of the test's), and
// without them the registry's refusal is shown; a missing tag shows the
// engine's own words; the Log In dialog's login (POST /auth) is what a pull then
// uses; Layers lists the history; Prune removes a dangling image.
// The Pull dialog is saved as a screenshot, light and dark. Skipped without
// docker-registry or busybox-static.
#include "support/berthd_process.h"
#include "test_artifacts.h"
#include "gui_test_helpers.h"
#include "test_image.h"

#include "api/client/client.h"
#include "api/client/registry_auth.h"
#include "api/types/progress_message.h"
#include "ui/client/remote_engine_api.h"
#include "ui/dialogs/image_progress_dialog.h"
#include "ui/dialogs/layers_dialog.h"
#include "ui/dialogs/registry_login_dialog.h"
#include "ui/dialogs/tag_dialog.h"
#include "ui/models/engine_state.h"
#include "ui/models/images_model.h"
#include "ui/models/layer_progress_model.h"
#include "ui/pages/images_page.h"
#include "ui/widgets/notice_bar.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest/QTest>
#include <arpa/inet.h>
#include <crypt.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using berth::testing::BerthdProcess;
using berth::ui::ImageProgressDialog;
using berth::ui::LayerProgressModel;

using berth::test::uniqueName;

namespace {
constexpr int kTimeoutMs = 30'000;
const QString kRegistry = QStringLiteral("/usr/bin/docker-registry");
constexpr const char* kUser = "tester";
constexpr const char* kPassword = "s3cret";

// An htpasswd line for kUser (distribution accepts only bcrypt), or "" when libcrypt cannot make one.
QByteArray htpasswdLine() {
    const char* salt = crypt_gensalt("$2y$", 5, nullptr, 0);
    const char* hashed = salt ? crypt(kPassword, salt) : nullptr;
    if (!hashed || !QByteArray(hashed).startsWith("$2y$")) return {};
    return QByteArray(kUser) + ':' + hashed + '\n';
}

// A docker CLI config.json in `directory` with kUser's login for `registry`.
bool writeDockerConfig(const QString& directory, const QString& registry) {
    QFile file(directory + QStringLiteral("/config.json"));
    const QByteArray auth = (QByteArray(kUser) + ':' + kPassword).toBase64();
    return file.open(QIODevice::WriteOnly) &&
           file.write("{\"auths\": {\"" + registry.toUtf8() + "\": {\"auth\": \"" + auth + "\"}}}") > 0;
}

int loopbackSocket() {
    return ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
}

sockaddr_in loopback(quint16 port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
}

// A port free now on 127.0.0.1 (the kernel's pick), for the registry to listen on.
quint16 freePort() {
    const int fd = loopbackSocket();
    sockaddr_in address = loopback(0);
    socklen_t length = sizeof address;
    quint16 port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
        port = ntohs(address.sin_port);
    ::close(fd);
    return port;
}

bool answers(quint16 port) {
    const int fd = loopbackSocket();
    sockaddr_in address = loopback(port);
    const bool connected = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return connected;
}

// What the engine itself says when pulling `name`:`tag` fails: the answer's
// message, or the stream's last errorDetail.
QString enginesPullError(const std::string& host, const QString& name, const QString& tag) {
    berth::api::EngineClient client(host);
    client.set_header("X-Registry-Auth", berth::api::registry_auth_header(name.toStdString()));
    std::string body;
    auto result = client.stream("POST", ("/images/create?fromImage=" + name + "&tag=" + tag).toStdString(),
                                [&](std::string_view data) {
                                    body.append(data);
                                    return true;
                                });
    if (!result) return QString::fromStdString(result.error().message());
    QString last;
    for (const QByteArray& line : QByteArray::fromStdString(body).split('\n')) {
        if (line.trimmed().isEmpty()) continue;
        auto message = berth::api::types::ProgressMessage::from_json(nlohmann::json::parse(line.toStdString()));
        if (message && message->is_error()) last = QString::fromStdString(message->error);
    }
    return last;
}
} // namespace

class ImageActionsRegistryTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void tagPushAndPullBack();
    void missingTagShowsTheEnginesWords();
    void withoutCredentialsTheRegistrysRefusalShows();
    void aCredentialHelperLogsIn();
    void logInDialogWritesWhatPullsUse();
    void layersListTheHistory();
    void pruneRemovesADanglingImage();

private:
    // Pulls `reference` from the Pull dialog with `dockerConfig` as DOCKER_CONFIG:
    // the error it shows, empty when the pull succeeded.
    QString pullError(const QString& reference, const QString& dockerConfig);
    bool hasReference(const QString& reference) const { return state_->images()->references().contains(reference); }

    std::unique_ptr<BerthdProcess> berthd_;
    std::unique_ptr<QTemporaryDir> registryDir_;
    std::unique_ptr<QTemporaryDir> dockerConfig_;
    std::unique_ptr<QProcess> registry_;
    std::unique_ptr<berth::ui::EngineState> state_;
    std::unique_ptr<berth::ui::ImagesPage> page_;
    berth::ui::EngineApi* api_ = nullptr;
    QString host_;
    QString registryAddress_;
    QString source_;
};

void ImageActionsRegistryTest::initTestCase() {
    if (!QFile::exists(kRegistry)) QSKIP("docker-registry is not installed");
    berthd_ = std::make_unique<BerthdProcess>();
    QVERIFY2(berthd_->start(), berthd_->log().c_str());
    host_ = QString::fromStdString(berthd_->host());
    source_ = uniqueName("uipull-src") + QStringLiteral(":1");
    const QString problem = berth::test::importBusyboxImage(host_, source_);
    if (problem.contains(QLatin1String("not installed"))) QSKIP(qPrintable(problem));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    registryDir_ = std::make_unique<QTemporaryDir>();
    const quint16 port = freePort();
    QVERIFY(port != 0);
    registryAddress_ = QStringLiteral("127.0.0.1:%1").arg(port);
    QFile config(registryDir_->filePath(QStringLiteral("config.yml")));
    QVERIFY(config.open(QIODevice::WriteOnly));
    const QByteArray htpasswd = htpasswdLine();
    if (htpasswd.isEmpty()) QSKIP("libcrypt cannot make bcrypt hashes");
    QFile passwords(registryDir_->filePath(QStringLiteral("htpasswd")));
    QVERIFY(passwords.open(QIODevice::WriteOnly) && passwords.write(htpasswd) == htpasswd.size());
    passwords.close();
    config.write(QStringLiteral("version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: %1\n"
                                "  delete:\n    enabled: true\nhttp:\n  addr: %2\n"
                                "auth:\n  htpasswd:\n    realm: berth-gui-test\n    path: %3\n")
                     .arg(registryDir_->filePath(QStringLiteral("data")), registryAddress_, passwords.fileName())
                     .toUtf8());
    config.close();
    registry_ = std::make_unique<QProcess>();
    // It logs each 404 a push probes for; keep that out of the test's output.
    registry_->setStandardOutputFile(QProcess::nullDevice());
    registry_->setStandardErrorFile(registryDir_->filePath(QStringLiteral("registry.log")));
    registry_->start(kRegistry, {QStringLiteral("serve"), config.fileName()});
    QVERIFY(registry_->waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(answers(port), 10'000);
    // The app's pulls and pushes read the docker CLI's config, as `docker pull` does.
    dockerConfig_ = std::make_unique<QTemporaryDir>();
    QVERIFY(writeDockerConfig(dockerConfig_->path(), registryAddress_));
    qputenv("DOCKER_CONFIG", dockerConfig_->path().toUtf8());

    api_ = new berth::ui::RemoteEngineApi(host_);
    state_ = std::make_unique<berth::ui::EngineState>(api_); // owns the api
    page_ = std::make_unique<berth::ui::ImagesPage>(berth::ui::PageContext{nullptr, state_.get()}, QIcon());
    page_->resize(900, 500);
    page_->show();
    state_->engineConnected();
    QTRY_VERIFY_WITH_TIMEOUT(hasReference(source_), kTimeoutMs);
}

void ImageActionsRegistryTest::cleanupTestCase() {
    page_.reset();
    state_.reset();
    if (registry_) {
        registry_->terminate();
        if (!registry_->waitForFinished(5000)) registry_->kill();
        registry_->waitForFinished();
    }
    berthd_.reset();
    qunsetenv("DOCKER_CONFIG");
}

void ImageActionsRegistryTest::tagPushAndPullBack() {
    const QString pushed = registryAddress_ + QStringLiteral("/uipull/busybox:1");
    // Tag: the new reference appears in the list through the tag event.
    berth::ui::TagDialog tag(api_, source_);
    tag.show();
    tag.setTarget(pushed);
    QSignalSpy tagged(&tag, &berth::ui::TagDialog::tagged);
    tag.tag();
    QTRY_COMPARE_WITH_TIMEOUT(tagged.size(), 1, kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(hasReference(pushed), kTimeoutMs);

    // Push: one row per layer, each done.
    ImageProgressDialog push(api_, ImageProgressDialog::Mode::Push, pushed);
    push.show();
    QSignalSpy pushDone(&push, &ImageProgressDialog::finished);
    push.start();
    QTRY_COMPARE_WITH_TIMEOUT(pushDone.size(), 1, kTimeoutMs);
    QVERIFY2(pushDone[0][0].toBool(), qPrintable(pushDone[0][1].toString()));
    QVERIFY(push.layers()->rowCount() >= 1);
    QCOMPARE(push.layers()->doneLayers(), push.layers()->rowCount());

    // Remove the image here so the pull has every layer to fetch.
    QSignalSpy removed(state_->images(), &berth::ui::ImagesModel::loaded);
    QVERIFY(api_->removeImage(pushed, true).result().has_value());
    QVERIFY(api_->removeImage(source_, true).result().has_value());
    QTRY_VERIFY_WITH_TIMEOUT(!hasReference(pushed) && !hasReference(source_), kTimeoutMs);

    // Pull from the page's dialog.
    ImageProgressDialog* pull = page_->openPull(pushed);
    QSignalSpy pullDone(pull, &ImageProgressDialog::finished);
    pull->start();
    QTRY_COMPARE_WITH_TIMEOUT(pullDone.size(), 1, kTimeoutMs);
    QVERIFY2(pullDone[0][0].toBool(), qPrintable(pullDone[0][1].toString()));
    LayerProgressModel* layers = pull->layers();
    QVERIFY(layers->rowCount() >= 1);
    for (int row = 0; row < layers->rowCount(); ++row)
        QCOMPARE(layers->index(row, LayerProgressModel::Status).data().toString(), QStringLiteral("Pull complete"));
    QCOMPARE(pull->overallPercent(), 100);
    QTRY_VERIFY_WITH_TIMEOUT(hasReference(pushed), kTimeoutMs);
    QVERIFY(berth::test::saveLightAndDarkScreenshots(*pull, QStringLiteral("pull-dialog")));
    pull->close();
    // The page with the pulled image selected: every image action enabled.
    page_->findChild<QTableView*>(QStringLiteral("imagesTable"))->selectRow(0);
    QVERIFY(berth::test::saveLightAndDarkScreenshots(*page_, QStringLiteral("images-page-actions")));
}

void ImageActionsRegistryTest::missingTagShowsTheEnginesWords() {
    const QString name = registryAddress_ + QStringLiteral("/uipull/absent");
    const QString words = enginesPullError(berthd_->host(), name, QStringLiteral("nope"));
    QVERIFY(!words.isEmpty());
    ImageProgressDialog pull(api_, ImageProgressDialog::Mode::Pull, name + QStringLiteral(":nope"));
    pull.show();
    QSignalSpy done(&pull, &ImageProgressDialog::finished);
    pull.start();
    QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, kTimeoutMs);
    QVERIFY(!done[0][0].toBool());
    QCOMPARE(pull.errorText(), words);
}

QString ImageActionsRegistryTest::pullError(const QString& reference, const QString& dockerConfig) {
    qputenv("DOCKER_CONFIG", dockerConfig.toUtf8());
    ImageProgressDialog pull(api_, ImageProgressDialog::Mode::Pull, reference);
    pull.show();
    QSignalSpy done(&pull, &ImageProgressDialog::finished);
    pull.start();
    const bool finished = QTest::qWaitFor([&] { return done.size() == 1; }, kTimeoutMs);
    qputenv("DOCKER_CONFIG", dockerConfig_->path().toUtf8());
    if (!finished) return QStringLiteral("the pull did not finish in time");
    return done[0][0].toBool() ? QString() : pull.errorText();
}

void ImageActionsRegistryTest::withoutCredentialsTheRegistrysRefusalShows() {
    QTemporaryDir empty;
    const QString error = pullError(registryAddress_ + QStringLiteral("/uipull/busybox:1"), empty.path());
    // dockerd's words for a Basic registry asked with no credentials.
    QVERIFY2(error.endsWith(QStringLiteral(": no basic auth credentials")), qPrintable(error));
}

// credsStore: the app runs docker-credential-<name> get, as the docker CLI does.
void ImageActionsRegistryTest::aCredentialHelperLogsIn() {
    const QString pushed = registryAddress_ + QStringLiteral("/uipull/busybox:1");
    QTemporaryDir helperConfig;
    QVERIFY(QDir(helperConfig.path()).mkpath(QStringLiteral("bin")));
    QFile helper(helperConfig.filePath(QStringLiteral("bin/docker-credential-berthgui")));
    QVERIFY(helper.open(QIODevice::WriteOnly));
    // It answers only for the registry it is asked about, on stdin.
    helper.write(QStringLiteral("#!/bin/sh\n[ \"$1\" = get ] && [ \"$(cat)\" = %1 ] || exit 1\n"
                                "echo '{\"ServerURL\":\"%1\",\"Username\":\"%2\",\"Secret\":\"%3\"}'\n")
                     .arg(registryAddress_, QLatin1String(kUser), QLatin1String(kPassword))
                     .toUtf8());
    helper.close();
    QVERIFY(helper.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
    QFile config(helperConfig.filePath(QStringLiteral("config.json")));
    QVERIFY(config.open(QIODevice::WriteOnly) && config.write(R"({"credsStore": "berthgui"})") > 0);
    config.close();
    const QByteArray path = qgetenv("PATH");
    qputenv("PATH", helperConfig.filePath(QStringLiteral("bin")).toUtf8() + ':' + path);
    const QString error = pullError(pushed, helperConfig.path());
    qputenv("PATH", path);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

// Log In against berthd's POST /auth and the htpasswd registry: a wrong password
// is refused in the engine's words and writes nothing; the right one is
// written to the (empty) docker config, and a pull with that config works.
void ImageActionsRegistryTest::logInDialogWritesWhatPullsUse() {
    const QString pushed = registryAddress_ + QStringLiteral("/uipull/busybox:1");
    QTemporaryDir loginConfig;
    qputenv("DOCKER_CONFIG", loginConfig.path().toUtf8());
    berth::ui::RegistryLoginDialog dialog(api_);
    dialog.show();
    dialog.setServer(registryAddress_);
    dialog.setUsername(QLatin1String(kUser));
    dialog.setPassword(QStringLiteral("wrong"));
    dialog.logIn();
    QTRY_VERIFY_WITH_TIMEOUT(dialog.statusText().startsWith(QStringLiteral("Error response from daemon (")),
                             kTimeoutMs);
    QVERIFY(!QFile::exists(loginConfig.filePath(QStringLiteral("config.json"))));
    QVERIFY(berth::test::saveLightAndDarkScreenshots(dialog, QStringLiteral("registry-login-berthd-refused")));
    dialog.setPassword(QLatin1String(kPassword));
    QSignalSpy loggedIn(&dialog, &berth::ui::RegistryLoginDialog::loggedIn);
    dialog.logIn();
    QTRY_COMPARE_WITH_TIMEOUT(loggedIn.size(), 1, kTimeoutMs);
    QCOMPARE(berth::api::registry_credentials(pushed.toStdString()).password, std::string(kPassword));
    qputenv("DOCKER_CONFIG", dockerConfig_->path().toUtf8());
    const QString error = pullError(pushed, loginConfig.path());
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void ImageActionsRegistryTest::layersListTheHistory() {
    const QString pushed = registryAddress_ + QStringLiteral("/uipull/busybox:1");
    QTRY_VERIFY_WITH_TIMEOUT(hasReference(pushed), kTimeoutMs);
    berth::ui::LayersDialog layers(api_, pushed);
    layers.show();
    QTRY_VERIFY2_WITH_TIMEOUT(layers.table()->rowCount() >= 1, qPrintable(layers.statusText()), kTimeoutMs);
    QVERIFY(layers.statusText().contains(QStringLiteral("layer")));
    QVERIFY(berth::test::saveLightAndDarkScreenshots(layers, QStringLiteral("layers-dialog")));
}

void ImageActionsRegistryTest::pruneRemovesADanglingImage() {
    // Two imports under one name, a second apart: the first loses its tag and dangles.
    const QString name = uniqueName("uipull-dangling") + QStringLiteral(":1");
    QVERIFY(berth::test::importBusyboxImage(host_, name).isEmpty());
    QTest::qWait(1100);
    QVERIFY(berth::test::importBusyboxImage(host_, name).isEmpty());
    auto dangling = [this] {
        auto images = api_->listImages().result();
        return images ? std::ranges::count_if(*images, [](const auto& image) { return image.repo_tags.empty(); })
                      : -1;
    };
    QVERIFY(dangling() >= 1);
    page_->prune(false);
    auto* notice = page_->findChild<berth::ui::NoticeBar*>();
    QTRY_VERIFY_WITH_TIMEOUT(notice->text().startsWith(QStringLiteral("Removed ")), kTimeoutMs);
    QVERIFY2(!notice->text().startsWith(QStringLiteral("Removed 0 ")), qPrintable(notice->text()));
    QCOMPARE(dangling(), 0);
    QVERIFY(hasReference(name)); // the tagged one stays
}

QTEST_MAIN(ImageActionsRegistryTest)
#include "image_actions_registry_test.moc"
