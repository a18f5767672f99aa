// The Containers page's actions against a fake engine: verbs go to the selected
// containers, a project's start/stop reaches all of it, a refused action shows
// the engine's message word for word, and Enter asks for the details. A row a
// screen reader selects (AT-SPI's Table/Selection, Qt's selectRow) becomes the
// current row, so the keyboard and the actions go on from it.
#include "fake_engine_api.h"

#include "ui/models/containers_model.h"
#include "ui/models/engine_state.h"
#include "ui/pages/containers_page.h"
#include "ui/widgets/notice_bar.h"

#include <QAccessible>
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
    void aRowSelectedThroughAccessibilityBecomesCurrent();
};

namespace {
// The page over a fake engine holding `containers`, from fresh settings; the
// state owns the engine. show() shows it with the engine connected.
struct FakePage {
    explicit FakePage(FakeEngineApi::Containers containers) {
        QSettings().clear();
        api->containers = std::move(containers);
    }
    bool show() {
        page.resize(900, 400);
        page.show();
        if (!QTest::qWaitForWindowExposed(&page)) return false;
        state.engineConnected();
        return true;
    }
    QTreeView* table() const { return page.findChild<QTreeView*>(QStringLiteral("containersTable")); }

    FakeEngineApi* api = new FakeEngineApi;
    EngineState state{api};
    ContainersPage page{{nullptr, &state}, QIcon()};
};
} // namespace

void ContainersPageActionsTest::verbsReachTheSelectionAndProjects() {
    FakePage fake({makeContainer(kWeb, "shop-web-1", "exited", "shop"), makeContainer(kDb, "shop-db-1", "exited", "shop"),
                   makeContainer(kTool, "tool", "running")});
    QVERIFY(fake.show());
    FakeEngineApi* api = fake.api;
    ContainersPage& page = fake.page;
    QTreeView* table = fake.table();
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

// AT-SPI's add_row_selection reaches QAccessibleTableInterface::selectRow, which
// selects without moving the current index.
void ContainersPageActionsTest::aRowSelectedThroughAccessibilityBecomesCurrent() {
    FakePage fake({makeContainer(kWeb, "web", "running"), makeContainer(kDb, "db", "running"),
                   makeContainer(kTool, "tool", "running")});
    QVERIFY(fake.show());
    QTreeView* table = fake.table();
    QTRY_COMPARE(table->model()->rowCount(), 3);
    table->clearSelection();
    table->selectionModel()->setCurrentIndex(table->model()->index(0, 0), QItemSelectionModel::NoUpdate);

    QAccessibleInterface* accessible = QAccessible::queryAccessibleInterface(table);
    QVERIFY(accessible && accessible->tableInterface());
    QVERIFY(accessible->tableInterface()->selectRow(1));
    const QString second = table->model()->index(1, 0).data(berth::ui::ContainersModel::IdRole).toString();
    QCOMPARE(fake.page.selectedIds(), QStringList{second});
    QCOMPARE(table->currentIndex().row(), 1);
    fake.page.runVerb(ContainerVerb::Stop);
    QVERIFY(fake.api->calls.contains(QStringLiteral("stop ") + second));

    // The keyboard goes on from the row the screen reader chose.
    table->setFocus();
    QTest::keyClick(table, Qt::Key_Down);
    const QString third = table->model()->index(2, 0).data(berth::ui::ContainersModel::IdRole).toString();
    QCOMPARE(fake.page.selectedIds(), QStringList{third});
    // A deselection alone moves nothing.
    const QModelIndex current = table->currentIndex();
    table->selectionModel()->select(current, QItemSelectionModel::Deselect | QItemSelectionModel::Rows);
    QCOMPARE(table->currentIndex(), current);
}

QTEST_MAIN(ContainersPageActionsTest)
#include "containers_page_actions_test.moc"
