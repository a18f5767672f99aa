// The Terminal tab against a real berthd and a busybox container: a shell runs
// `echo` and the terminal shows the answer; the terminal's size reaches the
// container's TTY (stty size); attach reaches the container's own shell.
#include "support/berthd_process.h"
#include "support/busybox_image.h"
#include "test_artifacts.h"

#include "api/client/client.h"
#include "ui/client/remote_engine_api.h"
#include "ui/details/terminal_tab.h"
#include "ui/details/terminal_view.h"

#include <QApplication>
#include <QPalette>
#include <QtTest/QTest>
#include <qtermwidget.h>

using berth::testing::BerthdProcess;
using berth::ui::TerminalTab;
using berth::ui::TerminalView;

namespace {
constexpr int kTimeoutMs = 15'000;

QPalette darkPalette() {
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    dark.setColor(QPalette::WindowText, Qt::white);
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::Text, Qt::white);
    dark.setColor(QPalette::Button, QColor(0x3c, 0x3c, 0x3c));
    dark.setColor(QPalette::ButtonText, Qt::white);
    return dark;
}
} // namespace

class TerminalTabTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void shellAnswersEchoAndSeesItsSize();
    void attachReachesTheContainersOwnTty();

private:
    bool createAndStart(const QString& name, const std::string& body);
    BerthdProcess berthd_;
    std::unique_ptr<berth::api::EngineClient> client_;
    std::unique_ptr<berth::ui::RemoteEngineApi> api_; // what the tabs open their sessions through
};

void TerminalTabTest::initTestCase() {
    if (berth::testing::busybox_binary().empty()) QSKIP("busybox-static is not installed");
    QVERIFY2(berthd_.start(), berthd_.log().c_str());
    client_ = std::make_unique<berth::api::EngineClient>(berthd_.host());
    api_ = std::make_unique<berth::ui::RemoteEngineApi>(QString::fromStdString(berthd_.host()));
    auto imported = berth::testing::import_busybox_image(*client_, "terminal-bb:test");
    QVERIFY2(imported, imported ? "" : imported.error().message().c_str());
}

void TerminalTabTest::cleanupTestCase() {
    if (!client_) return;
    for (const char* name : {"terminal-shell", "terminal-attach"})
        (void)client_->request("DELETE", std::string("/containers/") + name + "?force=1");
}

bool TerminalTabTest::createAndStart(const QString& name, const std::string& body) {
    auto created = client_->request("POST", "/containers/create?name=" + name.toStdString(), body);
    if (!created || created->status != 201) return false;
    auto started = client_->request("POST", "/containers/" + name.toStdString() + "/start");
    return started && started->status == 204;
}

void TerminalTabTest::shellAnswersEchoAndSeesItsSize() {
    QVERIFY(createAndStart(QStringLiteral("terminal-shell"), R"({"Image":"terminal-bb:test","Cmd":["sleep","300"]})"));
    TerminalTab tab(api_.get(), QStringLiteral("terminal-shell"));
    tab.resize(820, 520);
    tab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tab));
    // The first shell opens by itself when the tab is shown.
    QCOMPARE(tab.terminalCount(), 1);
    TerminalView* view = tab.currentView();
    QVERIFY(view);
    QTRY_VERIFY2_WITH_TIMEOUT(view->isRunning(), qPrintable(view->screenText()), kTimeoutMs);

    // Typed into the terminal widget, answered by the shell in the container;
    // the quotes keep the echoed command line from matching.
    view->terminal()->sendText(QStringLiteral("echo hel''lo-terminal\r"));
    QTRY_VERIFY2_WITH_TIMEOUT(view->screenText().contains(QStringLiteral("hello-terminal")),
                              qPrintable(view->screenText()), kTimeoutMs);

    // A new size reaches the container's TTY.
    tab.resize(700, 430);
    QTest::qWait(300);
    const int rows = view->terminal()->screenLinesCount(), columns = view->terminal()->screenColumnsCount();
    QVERIFY(rows > 5 && columns > 20);
    const QString expected = QStringLiteral("%1 %2").arg(rows).arg(columns);
    view->terminal()->sendText(QStringLiteral("clear; stty size\r"));
    QTRY_VERIFY2_WITH_TIMEOUT(view->screenText().contains(expected),
                              qPrintable(expected + QStringLiteral(" not in:\n") + view->screenText()), kTimeoutMs);
    berth::test::saveScreenshot(tab, QStringLiteral("terminal-tab-light.png"));
    tab.setPalette(darkPalette());
    QTest::qWait(100);
    berth::test::saveScreenshot(tab, QStringLiteral("terminal-tab-dark.png"));

    // Several terminals side by side.
    TerminalView* second = tab.openShell();
    QCOMPARE(tab.terminalCount(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(second->isRunning(), kTimeoutMs);
    second->terminal()->sendText(QStringLiteral("exit\r"));
    QTRY_VERIFY_WITH_TIMEOUT(!second->isRunning(), kTimeoutMs);
}

void TerminalTabTest::attachReachesTheContainersOwnTty() {
    QVERIFY(createAndStart(QStringLiteral("terminal-attach"),
                           R"({"Image":"terminal-bb:test","Cmd":["sh"],"Tty":true,"OpenStdin":true})"));
    TerminalTab tab(api_.get(), QStringLiteral("terminal-attach"));
    TerminalView* view = tab.attach();
    tab.resize(700, 400);
    tab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tab));
    QCOMPARE(tab.terminalCount(), 1); // attaching by hand replaces the automatic shell
    QTRY_VERIFY2_WITH_TIMEOUT(view->isRunning(), qPrintable(view->screenText()), kTimeoutMs);
    view->terminal()->sendText(QStringLiteral("echo att''ached-here\r"));
    QTRY_VERIFY2_WITH_TIMEOUT(view->screenText().contains(QStringLiteral("attached-here")),
                              qPrintable(view->screenText()), kTimeoutMs);
}

QTEST_MAIN(TerminalTabTest)
#include "terminal_tab_test.moc"
