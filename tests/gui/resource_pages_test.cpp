// The Volumes and Networks pages against a fake engine: they list what the
// engine has with the containers using each, run create/remove/prune through the
// API, and while the engine cannot list them (berthd's 501) they show its
// message instead of an empty table.
#include "fake_engine_api.h"
#include "test_artifacts.h"

#include "ui/models/engine_state.h"
#include "ui/models/networks_model.h"
#include "ui/models/volumes_model.h"
#include "ui/pages/resource_page.h"
#include "ui/widgets/notice_bar.h"

#include <QAbstractItemModelTester>
#include <QLineEdit>
#include <QTableView>
#include <QtTest/QTest>

using berth::test::FakeEngineApi;
using berth::ui::EngineState;
using berth::ui::NoticeBar;
using berth::ui::ResourcePage;
using berth::ui::VolumesModel;

namespace {
const QString kNotImplemented = QStringLiteral(
    "Error response from daemon (501): GET /volumes is not implemented yet in berthd");

ResourcePage* volumesPage(EngineState& state) {
    auto* api = state.api();
    auto* page = new ResourcePage(
        QStringLiteral("volumes"), QIcon(),
        {QStringLiteral("Volumes"), QStringLiteral("Name:"), QStringLiteral("Prune?"), QStringLiteral("No volumes yet.")},
        state.volumes(), VolumesModel::NameRole,
        {[api](const QString& name) { return api->createVolume(name); },
         [api](const QString& name) { return api->removeVolume(name, false); }, [api] { return api->pruneVolumes(); }});
    QObject::connect(state.volumes(), &VolumesModel::loadFailed, page, &ResourcePage::showLoadError);
    QObject::connect(state.volumes(), &VolumesModel::loaded, page, &ResourcePage::clearLoadError);
    page->followEngine(&state); // as the page registry wires it
    return page;
}
} // namespace

class ResourcePagesTest : public QObject {
    Q_OBJECT
private slots:
    void volumesListedWithTheirUsersAndManaged();
    void notImplementedShowsTheEnginesMessage();
    void networksListedWithTheirUsers();
    void anEmptyListSaysHowToFillIt();
    void anEmptyListSaysWhileTheEngineIsAway();
};

void ResourcePagesTest::volumesListedWithTheirUsersAndManaged() {
    auto* api = new FakeEngineApi;
    api->volumes = {{"data", "local", "/var/lib/berth/volumes/data/_data", "2026-12-06T04:00:00Z", "local", {}},
                    {"cache", "local", "/var/lib/berth/volumes/cache/_data", "2026-12-06T04:01:00Z", "local", {}}};
    auto web = berth::test::makeContainer(std::string(64, '1'), "web", "running");
    web.volume_names = {"data"};
    api->containers = {web};
    EngineState state(api);
    QAbstractItemModelTester tester(state.volumes(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    std::unique_ptr<ResourcePage> page(volumesPage(state));
    page->show();
    state.engineConnected();
    QTRY_COMPARE(state.volumes()->rowCount(), 2);
    auto& model = *state.volumes();
    QTRY_COMPARE(model.index(0, VolumesModel::UsedBy).data().toString(), QStringLiteral("web"));
    QCOMPARE(model.index(1, VolumesModel::UsedBy).data().toString(), QString());
    QCOMPARE(model.headerData(VolumesModel::Mountpoint, Qt::Horizontal).toString(), QStringLiteral("Mount point"));

    page->create(QStringLiteral("logs"));
    QVERIFY(api->calls.contains(QStringLiteral("volume create logs")));
    auto* table = page->findChild<QTableView*>(QStringLiteral("volumesTable"));
    QVERIFY(table);
    table->selectRow(0); // sorted by name: "cache"
    QCOMPARE(page->selectedNames(), QStringList{QStringLiteral("cache")});
    page->removeSelected();
    QVERIFY(api->calls.contains(QStringLiteral("volume rm cache")));
    page->prune();
    auto* notice = page->findChild<NoticeBar*>();
    QTRY_COMPARE(notice->kind(), NoticeBar::Kind::Done);
    QCOMPARE(notice->text(), QStringLiteral("Removed 2 object(s); reclaimed 4.1 kB."));

    // A volume event: the list again.
    const auto before = api->calls.count(QStringLiteral("volumes"));
    api->volumes.pop_back();
    api->sendEvent("volume", "destroy", "cache");
    QTRY_COMPARE(model.rowCount(), 1);
    QCOMPARE(api->calls.count(QStringLiteral("volumes")), before + 1);
}

void ResourcePagesTest::notImplementedShowsTheEnginesMessage() {
    auto* api = new FakeEngineApi;
    api->failVolumesAndNetworks = berth::ui::ApiError{501, kNotImplemented};
    EngineState state(api);
    std::unique_ptr<ResourcePage> page(volumesPage(state));
    page->show();
    state.engineConnected();
    auto* notice = page->findChild<NoticeBar*>();
    QTRY_VERIFY(notice->isVisible());
    QCOMPARE(notice->kind(), NoticeBar::Kind::Error);
    QCOMPARE(notice->text(), kNotImplemented);
    QCOMPARE(state.volumes()->rowCount(), 0);
    // The message says why the table is empty: no "No volumes yet" under it.
    QCOMPARE(page->findChild<QTableView*>()->accessibleDescription(), QString());
    QVERIFY(berth::test::saveLightAndDarkScreenshots(*page, QStringLiteral("page-volumes-501")));

    // When the engine learns volumes, the message goes.
    api->failVolumesAndNetworks.reset();
    state.volumes()->reload();
    QTRY_VERIFY(notice->isHidden());
}

// No volumes: the table says so and how to make one (drawn, and read by a screen
// reader); a filter that hides every row says that instead; rows, nothing.
void ResourcePagesTest::anEmptyListSaysHowToFillIt() {
    auto* api = new FakeEngineApi;
    EngineState state(api);
    std::unique_ptr<ResourcePage> page(volumesPage(state));
    page->resize(700, 400);
    page->show();
    state.engineConnected();
    auto* table = page->findChild<QTableView*>(QStringLiteral("volumesTable"));
    QVERIFY(table);
    QTRY_COMPARE(table->accessibleDescription(), QStringLiteral("No volumes yet."));
    const QImage empty = table->viewport()->grab().toImage();
    QVERIFY2(berth::test::distinctColors(empty) > 2, "the empty table draws no hint");
    QVERIFY(berth::test::saveLightAndDarkScreenshots(*page, QStringLiteral("page-volumes-empty")));

    api->volumes = {{"data", "local", "/var/lib/berth/volumes/data/_data", "2026-12-06T04:00:00Z", "local", {}}};
    state.volumes()->reload();
    QTRY_COMPARE(table->model()->rowCount(), 1);
    QCOMPARE(table->accessibleDescription(), QString());
    auto* filter = page->findChild<QLineEdit*>();
    QVERIFY(filter);
    filter->setText(QStringLiteral("nothing-like-it"));
    QTRY_COMPARE(table->model()->rowCount(), 0);
    QCOMPARE(table->accessibleDescription(), QStringLiteral("Nothing matches the filter."));
}

void ResourcePagesTest::networksListedWithTheirUsers() {
    auto* api = new FakeEngineApi;
    api->networks = {{std::string(64, 'a'), "bridge", "bridge", "local", "", false, {}},
                     {std::string(64, 'c'), "backend", "bridge", "local", "", true, {}}};
    auto web = berth::test::makeContainer(std::string(64, '1'), "web", "running");
    web.network_names = {"bridge", "backend"};
    api->containers = {web};
    EngineState state(api);
    QAbstractItemModelTester tester(state.networks(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    state.engineConnected();
    auto& model = *state.networks();
    QTRY_COMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, berth::ui::NetworksModel::Id).data().toString(), QStringLiteral("aaaaaaaaaaaa"));
    QTRY_COMPARE(model.index(1, berth::ui::NetworksModel::UsedBy).data().toString(), QStringLiteral("web"));
    api->networks.pop_back();
    api->sendEvent("network", "destroy", std::string(64, 'c'));
    QTRY_COMPARE(model.rowCount(), 1);
}

void ResourcePagesTest::anEmptyListSaysWhileTheEngineIsAway() {
    // "No volumes yet" under the disconnected banner read as the engine's answer.
    const QString away = QStringLiteral("The engine is not connected: this list fills once it answers.");
    auto* api = new FakeEngineApi;
    EngineState state(api);
    std::unique_ptr<ResourcePage> page(volumesPage(state));
    page->resize(700, 400);
    page->show();
    auto* table = page->findChild<QTableView*>(QStringLiteral("volumesTable"));
    QVERIFY(table);
    QCOMPARE(table->accessibleDescription(), away); // before the engine first answers
    state.engineConnected();
    QTRY_COMPARE(table->accessibleDescription(), QStringLiteral("No volumes yet."));
    state.engineLost();
    QCOMPARE(table->accessibleDescription(), away);
    QVERIFY(berth::test::saveLightAndDarkScreenshots(*page, QStringLiteral("page-volumes-engine-away")));
}

QTEST_MAIN(ResourcePagesTest)
#include "resource_pages_test.moc"
