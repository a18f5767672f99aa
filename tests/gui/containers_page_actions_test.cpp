// The Containers page's actions against a fake engine: verbs go to the selected
// containers, a project's start/stop reaches all of it, a refused action shows
// the engine's message word for word, and Enter asks for the details.
#include "fake_engine_api.h"

#include "ui/models/containers_model.h"
#include "ui/models/engine_state.h"
#include "ui/pages/containers_page.h"
#include "ui/widgets/notice_bar.h"

#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTreeView>
#include <QtTest/QTest>

using berth::test::FakeEngineApi;
using berth::test::makeContainer;
using berth::ui::ContainersPage;
using berth::ui::ContainerVerb;
using berth::ui::EngineState;

namespace {
const std::string kWeb = std::string(64, '1');
const std::string kDb = std::string(64, '2');
const std::string kTool = std::string(64, '3');
} // namespace

class ContainersPageActionsTest : public QObject {
    Q_OBJECT
private slots:
    void verbsReachTheSelectionAndProjects();
};

void ContainersPageActionsTest::verbsReachTheSelectionAndProjects() {
    QSettings().clear();
    auto* api = new FakeEngineApi;
    api->containers = {makeContainer(kWeb, "shop-web-1", "exited", "shop"),
                       makeContainer(kDb, "shop-db-1", "exited", "shop"), makeContainer(kTool, "tool", "running")};
    EngineState state(api);
    ContainersPage page({nullptr, &state}, QIcon());
    page.resize(900, 400);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    state.engineConnected();
    auto* table = page.findChild<QTreeView*>(QStringLiteral("containersTable"));
    QTRY_COMPARE(table->model()->rowCount(), 2); // the shop project's header, and tool

    // Select "tool" through the filter, then act on it.
    page.findChild<QLineEdit*>(QStringLiteral("containersFilter"))->setText(QStringLiteral("tool"));
    QCOMPARE(table->model()->rowCount(), 1);
    table->setCurrentIndex(table->model()->index(0, 0));
    QCOMPARE(page.selectedIds(), QStringList{QString::fromStdString(kTool)});
    page.runVerb(ContainerVerb::Stop);
    QVERIFY(api->calls.contains(QStringLiteral("stop ") + QString::fromStdString(kTool)));

    // Enter opens the details at the Logs tab.
    QSignalSpy details(&page, &ContainersPage::detailsRequested);
    table->setFocus();
    QTest::keyClick(table, Qt::Key_Return);
    QCOMPARE(details.count(), 1);
    QCOMPARE(details.at(0).at(0).toStringList(), QStringList{QString::fromStdString(kTool)});
    QCOMPARE(details.at(0).at(1).toString(), QStringLiteral("Logs"));

    // A project starts as one.
    page.runVerbOnProject(QStringLiteral("shop"), ContainerVerb::Start);
    QVERIFY(api->calls.contains(QStringLiteral("start ") + QString::fromStdString(kWeb)));
    QVERIFY(api->calls.contains(QStringLiteral("start ") + QString::fromStdString(kDb)));
    QVERIFY(!api->calls.contains(QStringLiteral("start ") + QString::fromStdString(kTool)));

    // Refused: the engine's words, in the page's notice.
    const QString refusal = QStringLiteral("Error response from daemon (409): Container tool is not paused");
    api->failVerbs = berth::ui::ApiError{409, refusal};
    page.runVerb(ContainerVerb::Unpause);
    auto* notice = page.findChild<berth::ui::NoticeBar*>();
    QTRY_COMPARE(notice->kind(), berth::ui::NoticeBar::Kind::Error);
    QCOMPARE(notice->text(), refusal);
    QVERIFY(notice->isVisible());

    // Remove with volumes.
    api->failVerbs.reset();
    page.removeSelected(true, true);
    QVERIFY(api->calls.contains(QStringLiteral("rm -f -v ") + QString::fromStdString(kTool)));
}

QTEST_MAIN(ContainersPageActionsTest)
#include "containers_page_actions_test.moc"
