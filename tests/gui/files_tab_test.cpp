// The Files tab against a real berthd and a busybox container that is never
// started (the archive API works on stopped containers): it lists /etc,
// downloads a file with the same contents, and uploads one that the listing
// then shows. Screenshots in light and dark.
#include "support/berthd_process.h"
#include "support/busybox_image.h"
#include "test_artifacts.h"

#include "api/client/client.h"
#include "ui/client/remote_engine_api.h"
#include "ui/details/files_tab.h"

#include <QFile>
#include <QLabel>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest/QTest>

#include <format>

using berth::testing::BerthdProcess;
using berth::ui::FilesTab;

namespace {
constexpr int kTimeoutMs = 20'000;
// What import_busybox_image writes to /etc/passwd.
const QByteArray kPasswd = "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n";

QByteArray contents(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
} // namespace

class FilesTabTest : public QObject {
    Q_OBJECT
private slots:
    void listsDownloadsAndUploadsOnAStoppedContainer();
};

void FilesTabTest::listsDownloadsAndUploadsOnAStoppedContainer() {
    if (berth::testing::busybox_binary().empty()) QSKIP("busybox-static is not installed");
    BerthdProcess berthd;
    QVERIFY2(berthd.start(), berthd.log().c_str());
    berth::api::EngineClient client(berthd.host());
    auto imported = berth::testing::import_busybox_image(client, "files-bb:test");
    QVERIFY2(imported, imported ? "" : imported.error().message().c_str());
    auto created = client.request("POST", "/containers/create?name=files-test", R"({"Image":"files-bb:test"})");
    QVERIFY(created && created->status == 201);

    berth::ui::RemoteEngineApi api(QString::fromStdString(berthd.host()));
    FilesTab tab(&api, QStringLiteral("files-test"));
    QSignalSpy listed(&tab, &FilesTab::listed);
    QSignalSpy failed(&tab, &FilesTab::failed);
    tab.resize(760, 460);
    tab.show(); // shows / by itself
    QVERIFY(QTest::qWaitForWindowExposed(&tab));
    QTRY_COMPARE_WITH_TIMEOUT(listed.count(), 1, kTimeoutMs);
    QVERIFY(tab.entryNames().contains(QStringLiteral("etc")));
    QVERIFY(tab.entryNames().contains(QStringLiteral("bin")));

    tab.openPath(QStringLiteral("/etc"));
    QTRY_COMPARE_WITH_TIMEOUT(listed.count(), 2, kTimeoutMs);
    QCOMPARE(tab.currentPath(), QStringLiteral("/etc"));
    QVERIFY2(tab.entryNames().contains(QStringLiteral("passwd")), qPrintable(tab.entryNames().join(u',')));
    QVERIFY(tab.entryNames().contains(QStringLiteral("group")));
    berth::test::saveScreenshot(tab, QStringLiteral("files-tab-light.png"));

    QTemporaryDir local;
    QSignalSpy downloaded(&tab, &FilesTab::downloaded);
    tab.downloadTo({QStringLiteral("passwd")}, local.path());
    QTRY_COMPARE_WITH_TIMEOUT(downloaded.count(), 1, kTimeoutMs);
    QCOMPARE(contents(local.filePath(QStringLiteral("passwd"))), kPasswd);

    // Upload: the file lands whole in the folder shown, and the listing refreshes.
    // It is larger than the client's piece buffer, so it goes up in several pieces.
    const QString upload = local.filePath(QStringLiteral("from-host.txt"));
    std::string uploadText = "uploaded by the files tab\n";
    for (int line = 0; uploadText.size() < 3 * berth::api::kBodyPieceSize; ++line)
        uploadText += std::format("line {} of the upload\n", line);
    {
        QFile file(upload);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(uploadText.data(), static_cast<qint64>(uploadText.size()));
    }
    tab.openPath(QStringLiteral("/tmp"));
    QTRY_COMPARE_WITH_TIMEOUT(listed.count(), 3, kTimeoutMs);
    QSignalSpy uploaded(&tab, &FilesTab::uploaded);
    tab.upload({upload});
    QTRY_COMPARE_WITH_TIMEOUT(uploaded.count(), 1, kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(tab.entryNames().contains(QStringLiteral("from-host.txt")), kTimeoutMs);
    auto fetched = client.request("GET", "/containers/files-test/archive?path=/tmp/from-host.txt");
    QVERIFY(fetched && fetched->status == 200);
    QVERIFY(fetched->body.find(uploadText) != std::string::npos);

    // A path that is not there: the engine's message, no crash, the folder kept.
    tab.openPath(QStringLiteral("/no/such/dir"));
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kTimeoutMs);
    QCOMPARE(tab.currentPath(), QStringLiteral("/tmp"));
    QVERIFY(tab.findChild<QLabel*>(QStringLiteral("filesStatus"))->text().contains(QStringLiteral("no/such/dir")));

    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    dark.setColor(QPalette::WindowText, Qt::white);
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
    dark.setColor(QPalette::Text, Qt::white);
    dark.setColor(QPalette::Button, QColor(0x3c, 0x3c, 0x3c));
    dark.setColor(QPalette::ButtonText, Qt::white);
    tab.setPalette(dark);
    const int listedBefore = static_cast<int>(listed.count());
    tab.openPath(QStringLiteral("/etc"));
    QTRY_COMPARE_WITH_TIMEOUT(static_cast<int>(listed.count()), listedBefore + 1, kTimeoutMs);
    QCOMPARE(tab.currentPath(), QStringLiteral("/etc"));
    berth::test::saveScreenshot(tab, QStringLiteral("files-tab-dark.png"));
    (void)client.request("DELETE", "/containers/files-test?force=1");
}

QTEST_MAIN(FilesTabTest)
#include "files_tab_test.moc"
