// The Run dialog's options become the body `docker run` would send for the
// same flags; the dialog hands it to the engine and reports the engine's refusal.
#include "fake_engine_api.h"

#include "ui/dialogs/run_dialog.h"
#include "ui/dialogs/run_options.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableWidget>
#include <QtTest/QTest>

using berth::ui::RunDialog;
using berth::ui::RunOptions;
using nlohmann::json;

class RunDialogTest : public QObject {
    Q_OBJECT
private slots:
    void optionsBecomeDockerRunsBody();
    void badOptionsAreRefusedInDockersWords();
    void pastedEnvironmentLines();
    void dialogRunsThroughTheApiAndShowsTheEnginesMessage();
};

void RunDialogTest::optionsBecomeDockerRunsBody() {
    RunOptions options;
    options.image = QStringLiteral("nginx:1.27");
    options.command = QStringLiteral("sh -c 'echo hi; sleep 5'");
    options.ports = {QStringLiteral("8080:80"), QStringLiteral("127.0.0.1:5353:53/udp"), QStringLiteral("443")};
    options.env = {{QStringLiteral("A"), QStringLiteral("1")}, {QStringLiteral("B"), QStringLiteral("x=y")}};
    options.volumes = {QStringLiteral("/srv:/data:ro")};
    options.network = QStringLiteral("host");
    options.restartPolicy = QStringLiteral("on-failure:3");
    options.memory = QStringLiteral("512m");
    options.cpus = 1.5;
    auto body = berth::ui::createBody(options);
    QVERIFY2(body, qPrintable(body.error()));
    const json expected = json::parse(R"({
      "Image": "nginx:1.27",
      "Cmd": ["sh", "-c", "echo hi; sleep 5"],
      "Env": ["A=1", "B=x=y"],
      "ExposedPorts": {"80/tcp": {}, "53/udp": {}, "443/tcp": {}},
      "HostConfig": {
        "PortBindings": {"80/tcp": [{"HostIp": "", "HostPort": "8080"}],
                         "53/udp": [{"HostIp": "127.0.0.1", "HostPort": "5353"}],
                         "443/tcp": [{"HostIp": "", "HostPort": ""}]},
        "Binds": ["/srv:/data:ro"],
        "NetworkMode": "host",
        "RestartPolicy": {"Name": "on-failure", "MaximumRetryCount": 3},
        "Memory": 536870912,
        "NanoCpus": 1500000000
      }})");
    QCOMPARE(QString::fromStdString(body->dump()), QString::fromStdString(expected.dump()));

    RunOptions minimal;
    minimal.image = QStringLiteral("busybox");
    minimal.autoRemove = true;
    QCOMPARE(QString::fromStdString(berth::ui::createBody(minimal)->dump()),
             QStringLiteral(R"({"HostConfig":{"AutoRemove":true},"Image":"busybox"})"));
}

void RunDialogTest::badOptionsAreRefusedInDockersWords() {
    RunOptions options;
    QCOMPARE(berth::ui::createBody(options).error(), QStringLiteral("an image is required"));
    options.image = QStringLiteral("busybox");
    options.ports = {QStringLiteral("80:99999")};
    QCOMPARE(berth::ui::createBody(options).error(), QStringLiteral("invalid port format: 80:99999"));
    options.ports = {QStringLiteral("80/xyz")};
    QCOMPARE(berth::ui::createBody(options).error(), QStringLiteral("invalid proto: xyz"));
    options.ports.clear();
    options.memory = QStringLiteral("lots");
    QCOMPARE(berth::ui::createBody(options).error(), QStringLiteral("invalid size: 'lots'"));
    options.memory.clear();
    options.restartPolicy = QStringLiteral("always");
    options.autoRemove = true;
    QCOMPARE(berth::ui::createBody(options).error(),
             QStringLiteral("conflicting options: cannot specify both --restart and --rm"));
    QCOMPARE(*berth::ui::parseMemory(QStringLiteral("1g")), 1073741824LL);
    QCOMPARE(*berth::ui::parseMemory(QStringLiteral("100")), 100LL);
    QCOMPARE(berth::ui::splitShellWords(QStringLiteral(R"(a 'b c' "d \"e\"" f\ g  )")),
             (QStringList{QStringLiteral("a"), QStringLiteral("b c"), QStringLiteral("d \"e\""), QStringLiteral("f g")}));
    QCOMPARE(berth::ui::splitShellWords(QStringLiteral("''")), QStringList{QString()});
}

void RunDialogTest::pastedEnvironmentLines() {
    auto env = berth::ui::parseEnvLines(QStringLiteral("# a comment\nA=1\n\n  B = two words \nFLAG\nURL=http://x/?a=b\n"));
    QCOMPARE(env.size(), size_t(4));
    QCOMPARE(env[0].first, QStringLiteral("A"));
    QCOMPARE(env[1].first, QStringLiteral("B"));
    QCOMPARE(env[1].second, QStringLiteral(" two words"));
    QCOMPARE(env[2].second, QString());
    QCOMPARE(env[3].second, QStringLiteral("http://x/?a=b"));
}

void RunDialogTest::dialogRunsThroughTheApiAndShowsTheEnginesMessage() {
    berth::test::FakeEngineApi api;
    RunDialog dialog(&api, {QStringLiteral("busybox:latest"), QStringLiteral("alpine:3.20")});
    dialog.show();
    dialog.setImage(QStringLiteral("busybox:latest"));
    dialog.findChild<QLineEdit*>(QStringLiteral("runName"))->setText(QStringLiteral("web"));
    dialog.findChild<QLineEdit*>(QStringLiteral("runCommand"))->setText(QStringLiteral("sleep 30"));
    dialog.pasteEnvironment(QStringLiteral("MODE=test"));
    QCOMPARE(dialog.findChild<QTableWidget*>(QStringLiteral("runEnv"))->rowCount(), 1);
    // Every input is labelled for a screen reader.
    for (auto* input : dialog.findChildren<QLineEdit*>())
        if (input->parent() == &dialog) QVERIFY2(!input->accessibleName().isEmpty(), qPrintable(input->objectName()));

    api.failVerbs = berth::ui::ApiError{409, QStringLiteral(
        "Error response from daemon (409): Conflict. The container name \"/web\" is already in use")};
    dialog.run();
    auto* error = dialog.findChild<QLabel*>(QStringLiteral("runError"));
    QTRY_VERIFY(error->isVisible());
    QVERIFY(error->text().contains(QLatin1String("is already in use")));
    QVERIFY(dialog.isVisible());

    api.failVerbs.reset();
    QSignalSpy started(&dialog, &RunDialog::containerStarted);
    dialog.run();
    QTRY_COMPARE(started.count(), 1);
    QVERIFY(!dialog.isVisible());
    QCOMPARE(api.runBodies.back()["Cmd"], json({"sleep", "30"}));
    QCOMPARE(api.runBodies.back()["Env"], json({"MODE=test"}));
    QCOMPARE(api.calls.count(QStringLiteral("run web")), 2);
}

QTEST_MAIN(RunDialogTest)
#include "run_dialog_test.moc"
