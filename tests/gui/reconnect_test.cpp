// The GUI without an engine: it must say so, and recover by itself when berthd
// comes (and notice when it goes), with nobody pressing anything.
#include "support/berthd_process.h"
#include "test_artifacts.h"

#include "ui/main_window.h"
#include "ui/widgets/connection_banner.h"

#include <QLabel>
#include <QtTest/QTest>

using berth::testing::BerthdProcess;
using berth::ui::ConnectionBanner;
using berth::ui::MainWindow;
using State = berth::ui::EngineConnection::State;

namespace {
// Retries come every ~2 s and refreshes every ~5 s; both fit with room to spare.
constexpr int kTimeoutMs = 15'000;
const QString kMissing = QString(QChar(0x2014));
} // namespace

class ReconnectTest : public QObject {
    Q_OBJECT
private slots:
    void bannerExplainsAMissingEngineAndLeavesWhenItComes();
};

void ReconnectTest::bannerExplainsAMissingEngineAndLeavesWhenItComes() {
    BerthdProcess berthd; // not started: nothing listens at its socket yet
    MainWindow window(QString::fromStdString(berthd.host()));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* banner = window.findChild<ConnectionBanner*>();
    QVERIFY(banner);

    QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), kTimeoutMs);
    QCOMPARE(window.engineConnection()->state(), State::Unreachable);
    QVERIFY2(banner->text().contains(QStringLiteral("Cannot reach the Berth engine at ") + QString::fromStdString(berthd.host())),
             qPrintable(banner->text()));
    QVERIFY(!berth::test::saveScreenshot(window, QStringLiteral("main-window-unreachable.png")).isEmpty());
    QVERIFY(berth::test::saveLightAndDarkScreenshots(window, QStringLiteral("main-window-unreachable")));

    QVERIFY2(berthd.start(), qPrintable(QString::fromStdString(berthd.log())));
    QTRY_VERIFY_WITH_TIMEOUT(banner->isHidden(), kTimeoutMs);
    QCOMPARE(window.engineConnection()->state(), State::Connected);
    auto* serverVersion = window.findChild<QLabel*>(QStringLiteral("serverVersionValue"));
    QVERIFY(serverVersion);
    QTRY_VERIFY_WITH_TIMEOUT(serverVersion->text() != kMissing, kTimeoutMs);

    // And when the engine goes away again, the banner comes back and the stale values go.
    berthd.stop();
    QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), kTimeoutMs);
    QCOMPARE(serverVersion->text(), kMissing);
}

QTEST_MAIN(ReconnectTest)
#include "reconnect_test.moc"
