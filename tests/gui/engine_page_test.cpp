// The main window against a real berthd: the Engine page shows what the daemon
// says about itself, read through the GUI's own connection.
#include "support/berthd_process.h"
#include "test_artifacts.h"

#include "api/client/client.h"
#include "ui/main_window.h"
#include "ui/widgets/connection_banner.h"
#include "ui/widgets/disk_usage_chart.h"

#include <QAbstractAxis>
#include <QChart>
#include <QChartView>
#include <QFileInfo>
#include <QGroupBox>
#include <QLabel>
#include <QtTest/QTest>

using berth::testing::BerthdProcess;
using berth::ui::MainWindow;

namespace {
// The first poll goes out at once; this leaves room for a slow machine.
constexpr int kTimeoutMs = 10'000;
const QString kMissing = QString(QChar(0x2014));
} // namespace

class EnginePageTest : public QObject {
    Q_OBJECT
private slots:
    void showsWhatBerthdReports();
    void diskUsageChartFollowsThePalette();
};

void EnginePageTest::showsWhatBerthdReports() {
    BerthdProcess berthd;
    QVERIFY2(berthd.start(), qPrintable(QString::fromStdString(berthd.log())));
    // What to expect comes from the daemon itself, asked the way any client would.
    berth::api::EngineClient client(berthd.host());
    auto version = client.get_json("/version");
    QVERIFY2(version.has_value(), version ? "" : version.error().message().c_str());
    const QString expectedVersion = QString::fromStdString(version->value("Version", std::string()));
    const QString expectedApiVersion = QString::fromStdString(version->value("ApiVersion", std::string()));
    QVERIFY(!expectedVersion.isEmpty());

    MainWindow window(QString::fromStdString(berthd.host()));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.windowTitle(), QStringLiteral("Berth"));
    window.showPage(QStringLiteral("engine"));
    QCOMPARE(window.currentPageId(), QStringLiteral("engine"));

    auto* serverVersion = window.findChild<QLabel*>(QStringLiteral("serverVersionValue"));
    QVERIFY(serverVersion);
    QTRY_COMPARE_WITH_TIMEOUT(serverVersion->text(), expectedVersion, kTimeoutMs);
    QVERIFY(serverVersion->isVisible());
    QCOMPARE(window.findChild<QLabel*>(QStringLiteral("apiVersionValue"))->text(), expectedApiVersion);
    // /info follows /version in the same poll.
    auto* cpus = window.findChild<QLabel*>(QStringLiteral("cpusValue"));
    QVERIFY(cpus);
    QTRY_VERIFY_WITH_TIMEOUT(cpus->text() != kMissing, kTimeoutMs);
    QVERIFY(window.findChild<berth::ui::ConnectionBanner*>()->isHidden());

    // A new engine has nothing on disk: one line says so where the chart would
    // be, not an empty frame with a lone dash beside it.
    auto* disk = window.findChild<berth::ui::DiskUsageChart*>();
    QVERIFY(disk);
    const QString nothing = QStringLiteral("Nothing uses disk space yet");
    QTRY_VERIFY2_WITH_TIMEOUT(disk->summary().startsWith(nothing), qPrintable(disk->summary()), kTimeoutMs);
    auto* message = disk->findChild<QLabel*>(QStringLiteral("diskUsageMessage"));
    QVERIFY(message && message->isVisible());
    QVERIFY(!disk->findChild<QChartView*>()->isVisible());
    for (const QLabel* label : disk->findChildren<QLabel*>())
        QVERIFY2(!label->isVisible() || label->text().trimmed() != kMissing, "a lone dash in the disk usage box");
    QVERIFY(berth::test::saveLightAndDarkScreenshots(window, QStringLiteral("page-engine-empty")));

    const QString screenshot = berth::test::saveScreenshot(window, QStringLiteral("main-window.png"));
    QVERIFY2(!screenshot.isEmpty(), "cannot write the screenshot");
    QVERIFY(QFileInfo(screenshot).size() > 0);
    QImage image(screenshot);
    QCOMPARE(image.size(), window.size() * window.devicePixelRatio());
    const int colors = berth::test::distinctColors(image);
    QVERIFY2(colors >= 16, qPrintable(QStringLiteral("the window drew only %1 colours").arg(colors)));
}

// The chart's words in the palette of now: the desktop (or the dark screenshots)
// turning dark after the chart was drawn left its labels dark grey on dark.
void EnginePageTest::diskUsageChartFollowsThePalette() {
    berth::ui::DiskUsageChart chart;
    chart.showUsage({{"Images", 1, 1, 2'000'000, 0}, {"Containers", 1, 0, 0, 0}});
    QVERIFY(!chart.showsMessage());
    const QPalette dark = berth::test::darkPalette();
    chart.setPalette(dark);
    for (const QAbstractAxis* axis : chart.findChild<QChartView*>()->chart()->axes())
        QCOMPARE(axis->labelsColor(), dark.color(QPalette::WindowText));
}

QTEST_MAIN(EnginePageTest)
#include "engine_page_test.moc"
