// The Images page's Log In dialog (`docker login` / `docker logout`) against the
// fake engine, with a DOCKER_CONFIG of its own: an accepted login is written as
// the docker CLI writes it and read back as pulls read it (registry_credentials);
// the engine's refusal is shown word for word and writes nothing; Log Out
// removes only that registry; a credential helper in the config is said so
// and nothing is written. Screenshots light, dark and in Chinese.
#include "fake_engine_api.h"
#include "gui_test_helpers.h"
#include "test_artifacts.h"

#include "api/client/registry_auth.h"
#include "base/base64.h"
#include "ui/app_translations.h"
#include "ui/dialogs/registry_login_dialog.h"
#include "ui/models/engine_state.h"
#include "ui/pages/images_page.h"

#include <QAction>
#include <QFileInfo>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest/QTest>
#include <nlohmann/json.hpp>

using berth::test::FakeEngineApi;
using berth::test::readFile;
using berth::test::writeFile;
using berth::ui::RegistryLoginDialog;

class RegistryLoginTest : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void successStoresTheEntry();
    void dockerHubIsTheDefault();
    void identityTokenIsKeptInsteadOfThePassword();
    void engineRefusalIsShownVerbatimAndNothingIsStored();
    void logOutRemovesOnlyThatRegistry();
    void credentialHelperIsSaidAndNothingIsWritten();
    void imagesPageOpensOneNonModalDialog();
    void everyControlIsNamed();
    void screenshots();

private:
    QString configPath() const { return config_->filePath(QStringLiteral("config.json")); }
    nlohmann::json config() const { return nlohmann::json::parse(readFile(configPath()).toStdString()); }

    std::unique_ptr<QTemporaryDir> config_;
};

void RegistryLoginTest::init() {
    config_ = std::make_unique<QTemporaryDir>();
    QVERIFY(config_->isValid());
    qputenv("DOCKER_CONFIG", config_->path().toLocal8Bit());
    QSettings().remove(QStringLiteral("registry/lastServer"));
}

void RegistryLoginTest::cleanup() {
    qunsetenv("DOCKER_CONFIG");
    config_.reset();
}

void RegistryLoginTest::successStoresTheEntry() {
    writeFile(configPath(), R"({"psFormat": "table {{.ID}}"})");
    FakeEngineApi api;
    RegistryLoginDialog dialog(&api);
    dialog.show();
    auto* logIn = dialog.findChild<QPushButton*>(QStringLiteral("logInButton"));
    dialog.setServer(QStringLiteral("127.0.0.1:5000"));
    QVERIFY(!logIn->isEnabled()); // no username or password yet
    dialog.setUsername(QStringLiteral("tester"));
    dialog.setPassword(QStringLiteral("sec:ret"));
    QVERIFY(logIn->isEnabled());
    QVERIFY(dialog.storageText().contains(configPath()));
    QSignalSpy loggedIn(&dialog, &RegistryLoginDialog::loggedIn);
    QTest::mouseClick(logIn, Qt::LeftButton);
    QTRY_COMPARE(loggedIn.size(), 1);
    QCOMPARE(api.calls.last(), QStringLiteral("login 127.0.0.1:5000 tester"));
    QCOMPARE(dialog.statusText(), QStringLiteral("Logged in to 127.0.0.1:5000."));
    // What a pull of an image on that registry sends now.
    auto read = berth::api::registry_credentials("127.0.0.1:5000/app:1");
    QCOMPARE(read.username, std::string("tester"));
    QCOMPARE(read.password, std::string("sec:ret"));
    QCOMPARE(config()["auths"]["127.0.0.1:5000"].dump(),
             nlohmann::json({{"auth", berth::base64_encode("tester:sec:ret")}}).dump());
    QCOMPARE(config()["psFormat"].dump(), std::string(R"("table {{.ID}}")"));
    QCOMPARE(QFile::permissions(configPath()),
             QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser | QFileDevice::WriteUser);
    QCOMPARE(QSettings().value(QStringLiteral("registry/lastServer")).toString(), QStringLiteral("127.0.0.1:5000"));
    QVERIFY(dialog.isVisible());
    // The next dialog starts at the server last used, logged in, with the user name.
    RegistryLoginDialog next(&api);
    QCOMPARE(next.statusText(), QStringLiteral("Logged in to 127.0.0.1:5000 as tester."));
    QVERIFY(next.findChild<QPushButton*>(QStringLiteral("logOutButton"))->isEnabled());
}

void RegistryLoginTest::dockerHubIsTheDefault() {
    FakeEngineApi api;
    RegistryLoginDialog dialog(&api);
    dialog.show();
    dialog.setUsername(QStringLiteral("hubuser"));
    dialog.setPassword(QStringLiteral("pw"));
    dialog.logIn();
    // Sent as the CLI sends Docker Hub, filed under the CLI's key.
    QTRY_COMPARE(api.calls.last(), QStringLiteral("login https://index.docker.io/v1/ hubuser"));
    QTRY_COMPARE(dialog.statusText(), QStringLiteral("Logged in to docker.io."));
    QVERIFY(config()["auths"].contains("https://index.docker.io/v1/"));
    QCOMPARE(berth::api::registry_credentials("busybox").username, std::string("hubuser"));
}

void RegistryLoginTest::identityTokenIsKeptInsteadOfThePassword() {
    FakeEngineApi api;
    api.loginAnswer = {QStringLiteral("Login Succeeded"), QStringLiteral("refresh-me")};
    RegistryLoginDialog dialog(&api);
    dialog.setServer(QStringLiteral("r.example"));
    dialog.setUsername(QStringLiteral("tester"));
    dialog.setPassword(QStringLiteral("pw"));
    dialog.logIn();
    QTRY_COMPARE(dialog.statusText(), QStringLiteral("Logged in to r.example."));
    auto read = berth::api::registry_credentials("r.example/app");
    QCOMPARE(read.identity_token, std::string("refresh-me"));
    QCOMPARE(read.password, std::string());
}

void RegistryLoginTest::engineRefusalIsShownVerbatimAndNothingIsStored() {
    FakeEngineApi api;
    const QString refusal = QStringLiteral(
        "Error response from daemon (401): login attempt to http://127.0.0.1:5000/v2/ failed with status: 401 Unauthorized");
    api.failLogin = berth::ui::ApiError{401, refusal};
    RegistryLoginDialog dialog(&api);
    dialog.show();
    QVERIFY(!dialog.isModal());
    dialog.setServer(QStringLiteral("127.0.0.1:5000"));
    dialog.setUsername(QStringLiteral("tester"));
    dialog.setPassword(QStringLiteral("wrong"));
    QSignalSpy loggedIn(&dialog, &RegistryLoginDialog::loggedIn);
    dialog.logIn();
    QTRY_COMPARE(dialog.statusText(), refusal);
    QVERIFY(dialog.isVisible());
    QCOMPARE(loggedIn.size(), 0);
    QVERIFY(!QFileInfo::exists(configPath()));
    QVERIFY(berth::api::registry_credentials("127.0.0.1:5000/app").empty());
    QVERIFY(QSettings().value(QStringLiteral("registry/lastServer")).isNull());
    // The password stays for another try; the button is back.
    QVERIFY(dialog.findChild<QPushButton*>(QStringLiteral("logInButton"))->isEnabled());
    // The message wraps onto more lines and the dialog grows to show them all.
    auto* status = dialog.findChild<QLabel*>(QStringLiteral("loginStatus"));
    QTRY_VERIFY(status->height() >= status->heightForWidth(status->width()));
    QVERIFY(berth::test::saveLightAndDarkScreenshots(dialog, QStringLiteral("registry-login-refused")));
}

void RegistryLoginTest::logOutRemovesOnlyThatRegistry() {
    writeFile(configPath(), R"({"auths": {"r.example": {"auth": "dTpw"}, "other.example": {"auth": "bzpw"}}})");
    FakeEngineApi api;
    RegistryLoginDialog dialog(&api);
    dialog.setServer(QStringLiteral("r.example"));
    auto* logOut = dialog.findChild<QPushButton*>(QStringLiteral("logOutButton"));
    QVERIFY(logOut->isEnabled());
    QSignalSpy loggedOut(&dialog, &RegistryLoginDialog::loggedOut);
    QTest::mouseClick(logOut, Qt::LeftButton);
    QCOMPARE(loggedOut.size(), 1);
    QCOMPARE(dialog.statusText(), QStringLiteral("Logged out of r.example."));
    QCOMPARE(config()["auths"].dump(), std::string(R"({"other.example":{"auth":"bzpw"}})"));
    QVERIFY(!logOut->isEnabled()); // nothing left to log out of
    QVERIFY(api.calls.isEmpty()); // logging out asks no engine
}

void RegistryLoginTest::credentialHelperIsSaidAndNothingIsWritten() {
    const QByteArray original = R"({"credsStore": "desktop"})";
    writeFile(configPath(), original);
    FakeEngineApi api;
    RegistryLoginDialog dialog(&api);
    dialog.show();
    dialog.setServer(QStringLiteral("r.example"));
    dialog.setUsername(QStringLiteral("tester"));
    dialog.setPassword(QStringLiteral("pw"));
    QVERIFY2(dialog.storageText().contains(QStringLiteral("docker-credential-desktop")) &&
                 dialog.storageText().contains(QStringLiteral("does not write to credential helpers")),
             qPrintable(dialog.storageText()));
    QVERIFY(!dialog.findChild<QPushButton*>(QStringLiteral("logInButton"))->isEnabled());
    QVERIFY(!dialog.findChild<QPushButton*>(QStringLiteral("logOutButton"))->isEnabled());
    dialog.logIn();
    QVERIFY(api.calls.isEmpty());
    QCOMPARE(readFile(configPath()), original);
    QVERIFY(berth::test::saveLightAndDarkScreenshots(dialog, QStringLiteral("registry-login-credential-helper")));
}

void RegistryLoginTest::imagesPageOpensOneNonModalDialog() {
    auto* owned = new FakeEngineApi; // the state owns its engine
    berth::ui::EngineState state(owned);
    berth::ui::ImagesPage page({nullptr, &state}, QIcon());
    page.show();
    auto* action = page.findChild<QAction*>(QStringLiteral("registryLoginAction"));
    QVERIFY(action);
    action->trigger();
    auto dialogs = page.findChildren<RegistryLoginDialog*>();
    QCOMPARE(dialogs.size(), 1);
    QVERIFY(dialogs.front()->isVisible() && !dialogs.front()->isModal());
    action->trigger();
    QCOMPARE(page.findChildren<RegistryLoginDialog*>().size(), 1);
}

void RegistryLoginTest::everyControlIsNamed() {
    FakeEngineApi api;
    RegistryLoginDialog dialog(&api);
    dialog.show();
    QVERIFY2(berth::test::unnamedControls(dialog).isEmpty(),
             qPrintable(berth::test::unnamedControls(dialog).join(u',')));
}

void RegistryLoginTest::screenshots() {
    writeFile(configPath(), R"({"auths": {"registry.example.com": {"auth": "ZGV2OnB3"}}})");
    FakeEngineApi api;
    {
        RegistryLoginDialog dialog(&api);
        dialog.setServer(QStringLiteral("registry.example.com"));
        dialog.setPassword(QStringLiteral("secret"));
        dialog.show();
        QVERIFY(berth::test::saveLightAndDarkScreenshots(dialog, QStringLiteral("registry-login")));
    }
    const QLocale chinese(QLocale::Chinese, QLocale::China);
    berth::ui::AppTranslations installed = berth::ui::installTranslations(chinese);
    QVERIFY(installed.berth);
    const QLocale previous;
    QLocale::setDefault(chinese);
    {
        RegistryLoginDialog dialog(&api);
        dialog.setServer(QStringLiteral("registry.example.com"));
        dialog.setPassword(QStringLiteral("secret"));
        dialog.show();
        QVERIFY(dialog.windowTitle() != QStringLiteral("Log in to a registry"));
        QVERIFY(berth::test::saveLightAndDarkScreenshots(dialog, QStringLiteral("registry-login-zh_CN")));
    }
    QLocale::setDefault(previous);
    berth::ui::removeTranslations(installed);
}

QTEST_MAIN(RegistryLoginTest)
#include "registry_login_test.moc"
