// The banner's words for each connection state: they are the user's only guide
// when the GUI has no engine, so each must name the problem and the fix.
#include "ui/widgets/connection_banner.h"

#include <QtTest/QTest>

using berth::ui::ConnectionBanner;
using State = berth::ui::EngineConnection::State;

namespace {
const QString kHost = QStringLiteral("unix:///run/berth/berth.sock");
}

class ConnectionBannerTest : public QObject {
    Q_OBJECT
private slots:
    void hiddenUntilSomethingIsWrong();
    void unreachableSaysHowToStartTheEngine();
    void accessDeniedSaysHowToJoinTheSocketGroup();
    void hidesAgainOnceConnected();
};

void ConnectionBannerTest::hiddenUntilSomethingIsWrong() {
    ConnectionBanner banner;
    QVERIFY(banner.isHidden());
    banner.showState(State::Connecting, kHost, {});
    QVERIFY(banner.isHidden());
    QVERIFY(banner.text().isEmpty());
}

void ConnectionBannerTest::unreachableSaysHowToStartTheEngine() {
    ConnectionBanner banner;
    banner.showState(State::Unreachable, kHost,
                     QStringLiteral("cannot connect to berthd at %1: No such file or directory").arg(kHost));
    QVERIFY(!banner.isHidden());
    const QString text = banner.text();
    QVERIFY2(text.contains(QStringLiteral("Cannot reach the Berth engine at ") + kHost), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("No such file or directory")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("sudo berthd")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("reconnects by itself")), qPrintable(text));
}

void ConnectionBannerTest::accessDeniedSaysHowToJoinTheSocketGroup() {
    ConnectionBanner banner;
    banner.showState(
        State::AccessDenied, kHost,
        QStringLiteral("access denied: uid 1000 is neither root nor a member of the berthd socket group"));
    QVERIFY(!banner.isHidden());
    const QString text = banner.text();
    QVERIFY2(text.contains(QStringLiteral("Access to the Berth engine")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("uid 1000")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("sudo usermod -aG berth $USER")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("log in again")), qPrintable(text));
}

void ConnectionBannerTest::hidesAgainOnceConnected() {
    ConnectionBanner banner;
    banner.showState(State::Unreachable, kHost, QStringLiteral("gone"));
    QVERIFY(!banner.isHidden());
    banner.showState(State::Connected, kHost, {});
    QVERIFY(banner.isHidden());
}

QTEST_MAIN(ConnectionBannerTest)
#include "connection_banner_test.moc"
