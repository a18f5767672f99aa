// The Containers page's compose grouping over the fake engine: the tree model
// (project headers first, "running n/m", following create/start/rename/destroy
// events by inserts and removals, never a reset) checked throughout by
// QAbstractItemModelTester; the sort/filter proxy keeping headers first; the
// memory sparkline's samples and geometry; the page's group actions.
#include "fake_engine_api.h"

#include "ui/dialogs/run_dialog.h"
#include "ui/models/containers_model.h"
#include "ui/models/containers_sort_filter.h"
#include "ui/models/containers_stats.h"
#include "ui/models/containers_tree_model.h"
#include "ui/models/engine_state.h"
#include "ui/models/memory_sparkline_delegate.h"
#include "ui/pages/containers_page.h"

#include <QAbstractItemModelTester>
#include <QLineEdit>
#include <QMenu>
#include <QSettings>
#include <QSignalSpy>
#include <QTreeView>
#include <QtTest/QTest>

using berth::test::FakeEngineApi;
using berth::test::makeContainer;
using berth::ui::ContainersModel;
using berth::ui::ContainersPage;
using berth::ui::ContainersSortFilter;
using berth::ui::ContainersTreeModel;
using berth::ui::ContainerVerb;
using berth::ui::EngineState;
using nlohmann::json;

namespace {
const std::string kWeb = std::string(64, '1');
const std::string kDb = std::string(64, '2');
const std::string kTool = std::string(64, '3');
const std::string kBlog = std::string(64, '4');
const std::string kCache = std::string(64, '5');

QString text(const QModelIndex& index, int column, int role = Qt::DisplayRole) {
    return index.siblingAtColumn(column).data(role).toString();
}

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

// shop: web (running) + db (exited); blog: blog (running); tool: standalone.
void addFixture(FakeEngineApi& api) {
    api.containers = {makeContainer(kWeb, "shop-web-1", "running", "shop"),
                      makeContainer(kTool, "tool", "running"),
                      makeContainer(kDb, "shop-db-1", "exited", "shop"),
                      makeContainer(kBlog, "blog-app-1", "running", "blog")};
}

struct Loaded {
    FakeEngineApi* api = new FakeEngineApi;
    EngineState state{api};
    ContainersTreeModel tree{state.containers()};
    QAbstractItemModelTester tester{&tree, QAbstractItemModelTester::FailureReportingMode::QtTest};

    bool load() {
        addFixture(*api);
        QSignalSpy loaded(state.containers(), &ContainersModel::loaded);
        state.containers()->reload();
        return QTest::qWaitFor([&] { return loaded.count() == 1; }, 5000);
    }
};

json oneShot(double usedMiB) {
    return {
        {"read", "2026-01-01T00:00:00Z"},
        {"cpu_stats", {{"cpu_usage", {{"total_usage", 1e9}}}, {"system_cpu_usage", 8e9}, {"online_cpus", 4}}},
        {"precpu_stats", json::object()},
        {"memory_stats", {{"usage", usedMiB * 1048576}, {"limit", 512.0 * 1048576}, {"stats", {{"inactive_file", 0}}}}},
    };
}
} // namespace

class ContainersGroupingTest : public QObject {
    Q_OBJECT
private slots:
    void projectsFirstWithRunningCounts();
    void followsEventsWithoutAReset();
    void ungroupedIsTheFlatList();
    void sortKeepsHeadersFirstAndFilterKeepsTheTree();
    void memoryHistoryFeedsTheSparkline();
    void pageActsOnAProject();
    void runDialogAttachOpensTheLogs();
};

void ContainersGroupingTest::projectsFirstWithRunningCounts() {
    Loaded fixture;
    QVERIFY(fixture.load());
    const ContainersTreeModel& tree = fixture.tree;
    QCOMPARE(tree.rowCount(), 3); // blog, shop, tool
    const QModelIndex blog = tree.index(0, 0);
    const QModelIndex shop = tree.index(1, 0);
    QVERIFY(blog.data(ContainersTreeModel::IsProjectRole).toBool());
    QCOMPARE(text(blog, ContainersModel::Name), QStringLiteral("blog"));
    QCOMPARE(text(shop, ContainersModel::Name), QStringLiteral("shop"));
    QCOMPARE(text(shop, ContainersModel::State), QStringLiteral("running 1/2"));
    QCOMPARE(text(blog, ContainersModel::State), QStringLiteral("running 1/1"));
    QCOMPARE(shop.data(ContainersTreeModel::ProjectIdsRole).toStringList(), (QStringList{q(kWeb), q(kDb)}));
    QCOMPARE(shop.data(ContainersTreeModel::RunningCountRole).toInt(), 1);
    // Colour: all running is green, part running amber.
    const QColor all = blog.siblingAtColumn(ContainersModel::State).data(Qt::ForegroundRole).value<QColor>();
    const QColor part = shop.siblingAtColumn(ContainersModel::State).data(Qt::ForegroundRole).value<QColor>();
    QVERIFY(all.isValid() && part.isValid() && all != part);
    QVERIFY(!text(shop, ContainersModel::Name, Qt::AccessibleTextRole).isEmpty());
    // Children in the engine's order, with the flat model's cells.
    QCOMPARE(tree.rowCount(shop), 2);
    QCOMPARE(text(tree.index(0, 0, shop), ContainersModel::Name), QStringLiteral("shop-web-1"));
    QCOMPARE(text(tree.index(1, 0, shop), ContainersModel::State), QStringLiteral("exited"));
    QCOMPARE(text(tree.index(1, 0, shop), 0, ContainersModel::IdRole), q(kDb));
    QCOMPARE(tree.parent(tree.index(1, 0, shop)), shop);
    // The standalone container last, top-level.
    const QModelIndex tool = tree.index(2, 0);
    QVERIFY(!tool.data(ContainersTreeModel::IsProjectRole).toBool());
    QCOMPARE(text(tool, ContainersModel::Name), QStringLiteral("tool"));
    QCOMPARE(tree.rowCount(tool), 0);
    QCOMPARE(tree.projectIndex(QStringLiteral("shop")), shop);
    QCOMPARE(tree.containerIndex(q(kDb)), tree.index(1, 0, shop));
}

void ContainersGroupingTest::followsEventsWithoutAReset() {
    Loaded fixture;
    QVERIFY(fixture.load());
    FakeEngineApi& api = *fixture.api;
    ContainersTreeModel& tree = fixture.tree;
    QSignalSpy resets(&tree, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&tree, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&tree, &QAbstractItemModel::rowsRemoved);

    // create into an existing project: one row under its header.
    api.containers.push_back(makeContainer(kCache, "shop-cache-1", "created", "shop"));
    api.sendEvent("container", "create", kCache);
    QTRY_COMPARE(tree.rowCount(tree.projectIndex(QStringLiteral("shop"))), 3);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(0).value<QModelIndex>(), tree.projectIndex(QStringLiteral("shop")));
    QCOMPARE(text(tree.projectIndex(QStringLiteral("shop")), ContainersModel::State), QStringLiteral("running 1/3"));

    // start: the header's count follows its container.
    QSignalSpy changed(&tree, &QAbstractItemModel::dataChanged);
    api.containers.back().state = "running";
    api.sendEvent("container", "start", kCache);
    QTRY_COMPARE(text(tree.projectIndex(QStringLiteral("shop")), ContainersModel::State), QStringLiteral("running 2/3"));
    QVERIFY(changed.count() >= 2); // the container's row and its header

    // rename: same row, new name.
    api.containers[1].names = {"/toolbox"};
    api.sendEvent("container", "rename", kTool, {{"name", "toolbox"}, {"oldName", "/tool"}});
    QTRY_COMPARE(text(tree.containerIndex(q(kTool)), ContainersModel::Name), QStringLiteral("toolbox"));

    // destroy the last container of a project: its header goes with it.
    api.containers.erase(api.containers.begin() + 3); // blog-app-1
    api.sendEvent("container", "destroy", kBlog);
    QTRY_VERIFY(!tree.projectIndex(QStringLiteral("blog")).isValid());
    QCOMPARE(removed.count(), 1);
    QVERIFY(!removed.at(0).at(0).value<QModelIndex>().isValid()); // a top-level row: the header
    QCOMPARE(tree.rowCount(), 2); // shop, toolbox

    // a container of a new project: a new header, in name order.
    api.containers.push_back(makeContainer(std::string(64, '6'), "api-web-1", "running", "api"));
    api.sendEvent("container", "create", std::string(64, '6'));
    QTRY_COMPARE(tree.rowCount(), 3);
    QCOMPARE(text(tree.index(0, 0), ContainersModel::Name), QStringLiteral("api"));
    QCOMPARE(tree.rowCount(tree.index(0, 0)), 1);

    // destroy one of several: the header stays, one row less.
    api.containers.erase(api.containers.begin());
    api.sendEvent("container", "destroy", kWeb);
    QTRY_COMPARE(tree.rowCount(tree.projectIndex(QStringLiteral("shop"))), 2);
    QCOMPARE(resets.count(), 0);
    QCOMPARE(api.calls.count(QStringLiteral("list")), 1); // events only, never a second list
}

void ContainersGroupingTest::ungroupedIsTheFlatList() {
    Loaded fixture;
    QVERIFY(fixture.load());
    fixture.tree.setGrouped(false);
    QCOMPARE(fixture.tree.rowCount(), 4);
    for (int row = 0; row < 4; ++row) {
        QVERIFY(!fixture.tree.index(row, 0).data(ContainersTreeModel::IsProjectRole).toBool());
        QCOMPARE(fixture.tree.rowCount(fixture.tree.index(row, 0)), 0);
    }
    QCOMPARE(text(fixture.tree.index(0, 0), 0, ContainersModel::IdRole), q(kWeb));
    fixture.tree.setGrouped(true);
    QCOMPARE(fixture.tree.rowCount(), 3);
}

void ContainersGroupingTest::sortKeepsHeadersFirstAndFilterKeepsTheTree() {
    Loaded fixture;
    QVERIFY(fixture.load());
    ContainersSortFilter proxy;
    proxy.setSourceModel(&fixture.tree);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
        proxy.sort(ContainersModel::Name, order);
        QVERIFY(proxy.index(0, 0).data(ContainersTreeModel::IsProjectRole).toBool());
        QVERIFY(proxy.index(1, 0).data(ContainersTreeModel::IsProjectRole).toBool());
        QCOMPARE(text(proxy.index(2, 0), ContainersModel::Name), QStringLiteral("tool"));
        const QString first = order == Qt::AscendingOrder ? QStringLiteral("blog") : QStringLiteral("shop");
        QCOMPARE(text(proxy.index(0, 0), ContainersModel::Name), first);
    }
    proxy.setFilterFixedString(QStringLiteral("db-1"));
    QCOMPARE(proxy.rowCount(), 1); // the shop header over its matching container
    QCOMPARE(proxy.rowCount(proxy.index(0, 0)), 1);
    QCOMPARE(text(proxy.index(0, 0, proxy.index(0, 0)), ContainersModel::Name), QStringLiteral("shop-db-1"));
    proxy.setFilterFixedString(QStringLiteral("shop"));
    QCOMPARE(proxy.rowCount(proxy.index(0, 0)), 2); // the project's name shows all of it
    proxy.setFilterFixedString(QStringLiteral("tool"));
    QCOMPARE(proxy.rowCount(), 1);
    QCOMPARE(text(proxy.index(0, 0), ContainersModel::Name), QStringLiteral("tool"));
}

void ContainersGroupingTest::memoryHistoryFeedsTheSparkline() {
    Loaded fixture;
    QVERIFY(fixture.load());
    FakeEngineApi& api = *fixture.api;
    ContainersModel& model = *fixture.state.containers();
    berth::ui::ContainersStats stats(&api, [] { return QStringList{q(kWeb)}; });
    model.setStats(&stats);
    for (double used : {10.0, 30.0, 20.0}) {
        api.statsSamples[q(kWeb)] = oneShot(used);
        stats.sampleRound();
        QTRY_COMPARE(stats.inFlight(), 0);
    }
    const QModelIndex web = fixture.tree.containerIndex(q(kWeb)).siblingAtColumn(ContainersModel::Memory);
    const auto history = web.data(ContainersModel::MemoryHistoryRole).value<QList<double>>();
    QCOMPARE(history, (QList<double>{10.0 * 1048576, 30.0 * 1048576, 20.0 * 1048576}));
    QCOMPARE(api.calls.filter(QStringLiteral("stats ")).size(), 3); // the samples the column takes anyway
    // The history is bounded.
    for (int i = 0; i < berth::ui::ContainersStats::kHistoryLength + 5; ++i) {
        stats.sampleRound();
        QTRY_COMPARE(stats.inFlight(), 0);
    }
    QCOMPARE(stats.memoryHistory(q(kWeb)).size(), berth::ui::ContainersStats::kHistoryLength);
    // The project header sums its containers' memory.
    const QModelIndex shop = fixture.tree.projectIndex(QStringLiteral("shop"));
    QVERIFY(text(shop, ContainersModel::Memory).contains(QLatin1String("20")));
    model.setStats(nullptr);

    // Geometry: lowest sample at the bottom, highest at the top, evenly spaced.
    const QPolygonF line = berth::ui::MemorySparklineDelegate::sparkline({10, 30, 20}, QRectF(0, 0, 40, 10));
    QCOMPARE(line.size(), 3);
    QCOMPARE(line[0], QPointF(0, 10));
    QCOMPARE(line[1], QPointF(20, 0));
    QCOMPARE(line[2], QPointF(40, 5));
    QCOMPARE(berth::ui::MemorySparklineDelegate::sparkline({5, 5}, QRectF(0, 0, 10, 10))[0], QPointF(0, 5));
    QVERIFY(berth::ui::MemorySparklineDelegate::sparkline({5}, QRectF(0, 0, 10, 10)).isEmpty());
}

void ContainersGroupingTest::pageActsOnAProject() {
    QSettings().clear();
    auto* api = new FakeEngineApi;
    addFixture(*api);
    EngineState state(api);
    ContainersPage page({nullptr, &state}, QIcon());
    page.resize(1000, 400);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    state.engineConnected();
    auto* view = page.findChild<QTreeView*>(QStringLiteral("containersTable"));
    QTRY_COMPARE(view->model()->rowCount(), 3);
    QVERIFY(page.isGroupedByProject());

    // Headers start expanded; collapsing one is remembered for the next page.
    const QModelIndex shop = view->model()->index(1, 0);
    QCOMPARE(shop.data(ContainersModel::ProjectRole).toString(), QStringLiteral("shop"));
    QVERIFY(view->isExpanded(shop));
    view->collapse(shop);
    QCOMPARE(QSettings().value(QStringLiteral("containers/collapsedProjects")).toStringList(),
             QStringList{QStringLiteral("shop")});

    // A selected header stands for its containers.
    view->selectionModel()->select(shop, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QCOMPARE(page.selectedIds(), (QStringList{q(kWeb), q(kDb)}));
    page.runVerb(ContainerVerb::Stop);
    QVERIFY(api->calls.contains(QStringLiteral("stop ") + q(kWeb)));
    QVERIFY(api->calls.contains(QStringLiteral("stop ") + q(kDb)));
    QVERIFY(!api->calls.contains(QStringLiteral("stop ") + q(kTool)));

    // The header's menu: the verbs by their visible names, acting on the whole project.
    std::unique_ptr<QMenu> menu(page.projectMenu(QStringLiteral("blog"), nullptr));
    QStringList labels;
    for (QAction* action : menu->actions())
        if (!action->isSeparator()) labels << action->text();
    QCOMPARE(labels, (QStringList{QStringLiteral("Start"), QStringLiteral("Stop"), QStringLiteral("Restart"),
                                  QStringLiteral("Remove\u2026"), QStringLiteral("Logs")}));
    menu->findChild<QAction*>(QStringLiteral("projectStopAction"))->trigger();
    QVERIFY(api->calls.contains(QStringLiteral("stop ") + q(kBlog)));
    page.runVerbOnProject(QStringLiteral("blog"), ContainerVerb::Restart);
    QVERIFY(api->calls.contains(QStringLiteral("restart ") + q(kBlog)));
    page.removeProject(QStringLiteral("shop"), false);
    QVERIFY(api->calls.contains(QStringLiteral("rm -f ") + q(kWeb)));
    QVERIFY(api->calls.contains(QStringLiteral("rm -f ") + q(kDb)));

    // Logs: the project's merged log.
    QSignalSpy details(&page, &ContainersPage::detailsRequested);
    page.showProjectLogs(QStringLiteral("shop"));
    QCOMPARE(details.count(), 1);
    QCOMPARE(details.at(0).at(0).toStringList(), (QStringList{q(kWeb), q(kDb)}));
    QCOMPARE(details.at(0).at(1).toString(), QStringLiteral("Logs"));

    {
        // A second page (the app's next start) keeps shop collapsed and blog expanded.
        ContainersPage again({nullptr, &state}, QIcon());
        again.show();
        auto* view2 = again.findChild<QTreeView*>(QStringLiteral("containersTable"));
        QTRY_COMPARE(view2->model()->rowCount(), 3);
        auto header = [&](const QString& project) {
            for (int row = 0; row < view2->model()->rowCount(); ++row)
                if (view2->model()->index(row, 0).data(ContainersModel::ProjectRole).toString() == project)
                    return view2->model()->index(row, 0);
            return QModelIndex();
        };
        QVERIFY(header(QStringLiteral("shop")).isValid());
        QVERIFY(!view2->isExpanded(header(QStringLiteral("shop"))));
        QVERIFY(view2->isExpanded(header(QStringLiteral("blog"))));
    }

    // Ungrouped: the flat list, remembered.
    page.setGroupedByProject(false);
    QCOMPARE(view->model()->rowCount(), 4);
    QCOMPARE(QSettings().value(QStringLiteral("containers/groupByProject")).toBool(), false);
    page.findChild<QLineEdit*>(QStringLiteral("containersFilter"))->setText(QStringLiteral("shop"));
    QCOMPARE(view->model()->rowCount(), 2);
}

void ContainersGroupingTest::runDialogAttachOpensTheLogs() {
    QSettings().clear();
    auto* api = new FakeEngineApi;
    EngineState state(api);
    ContainersPage page({nullptr, &state}, QIcon());
    QSignalSpy details(&page, &ContainersPage::detailsRequested);
    // Detached (the default): nothing opens.
    auto* detached = page.openRunDialog(QStringLiteral("busybox:latest"));
    QVERIFY(!detached->attach());
    QSignalSpy started(detached, &berth::ui::RunDialog::containerStarted);
    detached->run();
    QTRY_COMPARE(started.count(), 1);
    QCOMPARE(details.count(), 0);
    // Attached: its output, in its details.
    auto* attached = page.openRunDialog(QStringLiteral("busybox:latest"));
    attached->setAttach(true);
    QSignalSpy attachStarted(attached, &berth::ui::RunDialog::containerStarted);
    attached->run();
    QTRY_COMPARE(details.count(), 1);
    QCOMPARE(details.at(0).at(0).toStringList(), QStringList{attachStarted.at(0).at(0).toString()});
    QCOMPARE(details.at(0).at(1).toString(), QStringLiteral("Logs"));
}

QTEST_MAIN(ContainersGroupingTest)
#include "containers_grouping_test.moc"
