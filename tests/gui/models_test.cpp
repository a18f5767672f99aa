// The live models against a fake engine: reset from one list call, then patched
// from events alone (no second list call), checked throughout by Qt's
// QAbstractItemModelTester.
#include "fake_engine_api.h"

#include "ui/models/containers_model.h"
#include "ui/models/engine_state.h"
#include "ui/models/events_model.h"
#include "ui/models/images_model.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest/QTest>

using berth::test::FakeEngineApi;
using berth::test::makeContainer;
using berth::test::makeImage;
using berth::ui::ContainersModel;
using berth::ui::EngineState;
using berth::ui::ImagesModel;

namespace {
const std::string kWeb = std::string(64, '1');
const std::string kDb = std::string(64, '2');
const std::string kNew = std::string(64, '3');

QString cell(const QAbstractItemModel& model, int row, int column, int role = Qt::DisplayRole) {
    return model.data(model.index(row, column), role).toString();
}

int listCalls(const FakeEngineApi& api) {
    return static_cast<int>(api.calls.count(QStringLiteral("list")));
}
} // namespace

class ModelsTest : public QObject {
    Q_OBJECT
private slots:
    void containersResetFromTheList();
    void containersFollowEventsWithoutListingAgain();
    void aSlowAnswerNeverBringsBackADestroyedContainer();
    void dieAndUnhealthyAreAnnounced();
    void imagesShowOneRowPerTagAndTheInUseMarker();
    void engineStateOpensEventsAndEmptiesWhenTheEngineGoes();
    void eventsKeepTheNewestFirst();
    void eventsStopAtTheirLimit();
    void diskUsageSumsAsTheDockerCliDoes();
};

void ModelsTest::containersResetFromTheList() {
    auto* api = new FakeEngineApi;
    api->containers = {makeContainer(kWeb, "web", "running", "shop"), makeContainer(kDb, "db", "exited")};
    api->containers[0].ports = {{"0.0.0.0", 80, 8080, "tcp"}};
    EngineState state(api);
    ContainersModel& model = *state.containers();
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy loaded(&model, &ContainersModel::loaded);
    model.reload();
    QTRY_COMPARE(loaded.count(), 1);

    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), int(ContainersModel::ColumnCount));
    QCOMPARE(model.headerData(ContainersModel::Name, Qt::Horizontal).toString(), QStringLiteral("Name"));
    QCOMPARE(model.headerData(ContainersModel::Project, Qt::Horizontal).toString(), QStringLiteral("Project"));
    QCOMPARE(cell(model, 0, ContainersModel::Name), QStringLiteral("web"));
    QCOMPARE(cell(model, 0, ContainersModel::State), QStringLiteral("running"));
    QCOMPARE(cell(model, 0, ContainersModel::Project), QStringLiteral("shop"));
    QCOMPARE(cell(model, 0, ContainersModel::Ports), QStringLiteral("0.0.0.0:8080->80/tcp"));
    QCOMPARE(model.data(model.index(0, 0), ContainersModel::PortsRole).toStringList(),
             QStringList{QStringLiteral("http://localhost:8080")});
    QCOMPARE(cell(model, 1, ContainersModel::State), QStringLiteral("exited"));
    QCOMPARE(cell(model, 1, 0, ContainersModel::IdRole), QString::fromStdString(kDb));
    QVERIFY(model.data(model.index(0, ContainersModel::State), Qt::ForegroundRole).value<QColor>().isValid());
    QCOMPARE(model.runningCount(), 1);
}

void ModelsTest::containersFollowEventsWithoutListingAgain() {
    auto* api = new FakeEngineApi;
    api->containers = {makeContainer(kWeb, "web", "exited")};
    EngineState state(api);
    ContainersModel& model = *state.containers();
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.reload();
    QTRY_COMPARE(model.rowCount(), 1);

    // create: a new row, at the top (newest first)
    api->containers.insert(api->containers.begin(), makeContainer(kNew, "fresh", "created"));
    api->sendEvent("container", "create", kNew, {{"name", "fresh"}});
    QTRY_COMPARE(model.rowCount(), 2);
    QCOMPARE(cell(model, 0, ContainersModel::Name), QStringLiteral("fresh"));
    QCOMPARE(cell(model, 0, ContainersModel::State), QStringLiteral("created"));

    // start: the same row changes
    api->containers[0] = makeContainer(kNew, "fresh", "running");
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    api->sendEvent("container", "start", kNew);
    QTRY_COMPARE(cell(model, 0, ContainersModel::State), QStringLiteral("running"));
    QVERIFY(changed.count() >= 1);

    // rename: read again, shown under the new name
    api->containers[0].names = {"/renamed"};
    api->sendEvent("container", "rename", kNew, {{"oldName", "/fresh"}, {"name", "renamed"}});
    QTRY_COMPARE(cell(model, 0, ContainersModel::Name), QStringLiteral("renamed"));

    // die: exited
    api->containers[0].state = "exited";
    api->sendEvent("container", "die", kNew, {{"exitCode", "0"}});
    QTRY_COMPARE(cell(model, 0, ContainersModel::State), QStringLiteral("exited"));

    // destroy: gone, without asking the engine
    api->containers.erase(api->containers.begin());
    const int findsBefore = static_cast<int>(api->calls.size());
    api->sendEvent("container", "destroy", kNew);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(static_cast<int>(api->calls.size()), findsBefore);

    // events of other kinds, and container events that change nothing listed, read nothing
    api->sendEvent("network", "connect", "n1", {{"container", kWeb}});
    api->sendEvent("container", "exec_start: sh", kWeb);
    QCOMPARE(static_cast<int>(api->calls.size()), findsBefore);
    QCOMPARE(listCalls(*api), 1); // never the whole list again
}

void ModelsTest::aSlowAnswerNeverBringsBackADestroyedContainer() {
    auto* api = new FakeEngineApi;
    api->containers = {makeContainer(kWeb, "web", "running")};
    EngineState state(api);
    ContainersModel& model = *state.containers();
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.reload();
    QTRY_COMPARE(model.rowCount(), 1);

    api->holdFinds = true;
    api->sendEvent("container", "die", kWeb); // its answer (still "running") is slow
    api->sendEvent("container", "destroy", kWeb);
    QCOMPARE(model.rowCount(), 0);
    api->releaseFinds(); // the engine still lists it in this stale answer
    QTest::qWait(50);
    QCOMPARE(model.rowCount(), 0);

    // and of two answers for one container only the newest applies
    api->containers = {makeContainer(kNew, "x", "created")};
    api->sendEvent("container", "create", kNew);
    api->containers = {makeContainer(kNew, "x", "running")};
    api->sendEvent("container", "start", kNew);
    api->releaseFinds(); // both answer "running" now; the first one is ignored
    QTRY_COMPARE(model.rowCount(), 1);
    QCOMPARE(cell(model, 0, ContainersModel::State), QStringLiteral("running"));
}

void ModelsTest::dieAndUnhealthyAreAnnounced() {
    auto* api = new FakeEngineApi;
    api->containers = {makeContainer(kWeb, "web", "running")};
    EngineState state(api);
    ContainersModel& model = *state.containers();
    model.reload();
    QTRY_COMPARE(model.rowCount(), 1);
    QSignalSpy died(&model, &ContainersModel::containerDied);
    QSignalSpy unhealthy(&model, &ContainersModel::containerUnhealthy);
    api->containers[0].status = "Up 3 minutes (unhealthy)";
    api->sendEvent("container", "health_status: unhealthy", kWeb, {{"name", "web"}});
    QCOMPARE(unhealthy.count(), 1);
    QCOMPARE(unhealthy.at(0).at(0).toString(), QStringLiteral("web"));
    QTRY_COMPARE(cell(model, 0, ContainersModel::Health), QStringLiteral("unhealthy"));
    api->sendEvent("container", "die", kWeb, {{"name", "web"}, {"exitCode", "137"}});
    QCOMPARE(died.count(), 1);
    QCOMPARE(died.at(0).at(1).toString(), QStringLiteral("137"));
}

void ModelsTest::imagesShowOneRowPerTagAndTheInUseMarker() {
    auto* api = new FakeEngineApi;
    const std::string used = "sha256:" + std::string(64, 'b'); // makeContainer's image
    api->images = {makeImage(used, {"busybox:latest", "localhost:5000/tools/busybox:1.36"}, 4'400'000),
                   makeImage("sha256:" + std::string(64, 'd'), {}, 1000)};
    api->containers = {makeContainer(kWeb, "web", "running")};
    EngineState state(api);
    ImagesModel& model = *state.images();
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    state.engineConnected();
    QTRY_COMPARE(model.rowCount(), 3);
    QCOMPARE(cell(model, 0, ImagesModel::Repository), QStringLiteral("busybox"));
    QCOMPARE(cell(model, 0, ImagesModel::Tag), QStringLiteral("latest"));
    QCOMPARE(cell(model, 1, ImagesModel::Repository), QStringLiteral("localhost:5000/tools/busybox"));
    QCOMPARE(cell(model, 1, ImagesModel::Tag), QStringLiteral("1.36"));
    QCOMPARE(cell(model, 0, ImagesModel::Id), QStringLiteral("bbbbbbbbbbbb"));
    QCOMPARE(cell(model, 0, ImagesModel::Size), QStringLiteral("4.4 MB"));
    QCOMPARE(cell(model, 2, ImagesModel::Repository), QStringLiteral("<none>"));
    QCOMPARE(cell(model, 2, 0, ImagesModel::ReferenceRole), QString::fromStdString("sha256:" + std::string(64, 'd')));
    QTRY_COMPARE(cell(model, 0, ImagesModel::InUse), QStringLiteral("in use"));
    QCOMPARE(cell(model, 2, ImagesModel::InUse), QString());
    QCOMPARE(model.references(), (QStringList{QStringLiteral("busybox:latest"),
                                              QStringLiteral("localhost:5000/tools/busybox:1.36")}));

    // an untag event: the list again, once
    api->images.erase(api->images.begin());
    const auto imagesCalls = api->calls.count(QStringLiteral("images"));
    api->sendEvent("image", "untag", used);
    QTRY_COMPARE(model.rowCount(), 1);
    QCOMPARE(api->calls.count(QStringLiteral("images")), imagesCalls + 1);
    // the container's destroy takes the marker away
    api->containers.clear();
    api->sendEvent("container", "destroy", kWeb);
    QCOMPARE(model.rowCount(), 1);
}

void ModelsTest::engineStateOpensEventsAndEmptiesWhenTheEngineGoes() {
    auto* api = new FakeEngineApi;
    api->containers = {makeContainer(kWeb, "web", "running")};
    EngineState state(api);
    state.engineConnected();
    QVERIFY(api->eventsStarted);
    QTRY_COMPARE(state.containers()->rowCount(), 1);
    QSignalSpy relayed(&state, &EngineState::eventReceived);
    api->sendEvent("volume", "create", "v1");
    QCOMPARE(relayed.count(), 1);
    state.engineLost();
    QVERIFY(!api->eventsStarted);
    QCOMPARE(state.containers()->rowCount(), 0);
    QCOMPARE(state.images()->rowCount(), 0);
}

void ModelsTest::eventsKeepTheNewestFirst() {
    auto* api = new FakeEngineApi;
    EngineState state(api);
    berth::ui::EventsModel& events = *state.events();
    QAbstractItemModelTester tester(&events, QAbstractItemModelTester::FailureReportingMode::QtTest);
    api->sendEvent("container", "start", kWeb, {{"name", "web"}});
    api->sendEvent("image", "pull", "busybox:latest");
    QCOMPARE(events.rowCount(), 2);
    QCOMPARE(cell(events, 0, berth::ui::EventsModel::Type), QStringLiteral("image"));
    QCOMPARE(cell(events, 0, berth::ui::EventsModel::Actor), QStringLiteral("busybox:latest"));
    QCOMPARE(cell(events, 1, berth::ui::EventsModel::Action), QStringLiteral("start"));
    QCOMPARE(cell(events, 1, berth::ui::EventsModel::Actor), QStringLiteral("web"));
    QCOMPARE(events.headerData(berth::ui::EventsModel::Action, Qt::Horizontal).toString(), QStringLiteral("Action"));
}

void ModelsTest::eventsStopAtTheirLimit() {
    // No tester here: it would check the whole model after each of a thousand inserts.
    auto* api = new FakeEngineApi;
    EngineState state(api);
    berth::ui::EventsModel& events = *state.events();
    for (int i = 0; i < berth::ui::EventsModel::kMaxEvents + 5; ++i) api->sendEvent("volume", "create", std::to_string(i));
    QCOMPARE(events.rowCount(), berth::ui::EventsModel::kMaxEvents);
    QCOMPARE(cell(events, 0, berth::ui::EventsModel::Actor),
             QString::number(berth::ui::EventsModel::kMaxEvents + 4));
}

void ModelsTest::diskUsageSumsAsTheDockerCliDoes() {
    const auto json = nlohmann::json::parse(R"({
      "LayersSize": 1000,
      "Images": [{"Id": "a", "Size": 600, "SharedSize": 100, "Containers": 1},
                 {"Id": "b", "Size": 400, "SharedSize": 100, "Containers": 0}],
      "Containers": [{"Id": "c1", "SizeRw": 10, "State": "running"},
                     {"Id": "c2", "SizeRw": 30, "State": "exited"}],
      "Volumes": [{"Name": "v1", "UsageData": {"Size": 50, "RefCount": 1}},
                  {"Name": "v2", "UsageData": {"Size": 70, "RefCount": 0}},
                  {"Name": "v3", "UsageData": {"Size": -1, "RefCount": 0}}],
      "BuildCache": null})");
    auto rows = berth::api::types::disk_usage_from_json(json);
    QVERIFY(rows);
    QCOMPARE(rows->size(), size_t(4));
    using Row = berth::api::types::DiskUsageRow;
    QVERIFY((*rows)[0] == (Row{"Images", 2, 1, 1000, 500}));
    QVERIFY((*rows)[1] == (Row{"Containers", 2, 1, 40, 30}));
    QVERIFY((*rows)[2] == (Row{"Local Volumes", 3, 1, 120, 70}));
    QVERIFY((*rows)[3] == (Row{"Build Cache", 0, 0, 0, 0}));
    QVERIFY(!berth::api::types::disk_usage_from_json(nlohmann::json::array()));
}

QTEST_MAIN(ModelsTest)
#include "models_test.moc"
