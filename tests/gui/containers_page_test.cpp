// The Containers and Images pages against a real berthd: the table follows the
// engine's events (create, start, die, destroy) with no polling, the page's
// actions reach the engine, and a refused action shows the engine's own words.
// Each page is saved as a screenshot, light and dark.
#include "support/berthd_process.h"
#include "test_artifacts.h"
#include "gui_test_helpers.h"
#include "test_image.h"

#include "api/client/client.h"
#include "ui/dialogs/run_dialog.h"
#include "ui/main_window.h"
#include "ui/models/containers_model.h"
#include "ui/models/engine_state.h"
#include "ui/models/images_model.h"
#include "ui/models/volumes_model.h"
#include "ui/pages/containers_page.h"
#include "ui/pages/images_page.h"
#include "ui/widgets/notice_bar.h"

#include <QLabel>
#include <QLineEdit>
#include <QRandomGenerator>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QtTest/QTest>

using berth::testing::BerthdProcess;
using berth::ui::ContainersModel;
using berth::ui::ContainersPage;
using berth::ui::ContainerVerb;
using berth::ui::MainWindow;

using berth::test::uniqueName;
using berth::test::stateOf;

namespace {
constexpr int kTimeoutMs = 15'000;

} // namespace

class ContainersPageTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void followsTheEngineAndRunsActions();
    void cleanupTestCase();

private:
    std::unique_ptr<BerthdProcess> berthd_;
    QString host_;
    QString image_;
};

void ContainersPageTest::initTestCase() {
    QSettings().clear(); // saved column widths of an earlier run would change the screenshots
    berthd_ = std::make_unique<BerthdProcess>();
    QVERIFY2(berthd_->start(), qPrintable(QString::fromStdString(berthd_->log())));
    host_ = QString::fromStdString(berthd_->host());
    image_ = uniqueName("guitest") + QStringLiteral(":1");
    const QString problem = berth::test::importBusyboxImage(host_, image_);
    if (problem.contains(QLatin1String("not installed"))) QSKIP(qPrintable(problem));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void ContainersPageTest::cleanupTestCase() {
    // berthd leaves containers running when it stops (as dockerd with live-restore):
    // remove every container this test made before it goes.
    if (berthd_) {
        berth::api::EngineClient client(berthd_->host());
        if (auto list = client.get_json("/containers/json?all=1"); list && list->is_array())
            for (const auto& container : *list)
                (void)client.request("DELETE", "/containers/" + container.value("Id", std::string()) + "?force=1");
    }
    berthd_.reset();
}

void ContainersPageTest::followsTheEngineAndRunsActions() {
    QString error;
    // One container before the window opens: it comes from the first list.
    const QString before = berth::test::createContainer(host_, uniqueName("before"), image_, QStringLiteral("sleep 300"), &error);
    QVERIFY2(!before.isEmpty(), qPrintable(error));

    MainWindow window(host_);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.currentPageId(), QStringLiteral("containers"));
    auto* page = qobject_cast<ContainersPage*>(window.page(QStringLiteral("containers")));
    QVERIFY(page);
    auto* table = page->findChild<QAbstractItemView*>(QStringLiteral("containersTable"));
    QVERIFY(table);
    ContainersModel& model = *window.engineState()->containers();
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(model, before), QStringLiteral("created"), kTimeoutMs);

    // Created while the window is open: only the create event can bring it.
    const QString name = uniqueName("web");
    const QString id = berth::test::createContainer(host_, name, image_, QStringLiteral("sleep 300"), &error);
    QVERIFY2(!id.isEmpty(), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(model, id), QStringLiteral("created"), kTimeoutMs);
    QCOMPARE(QString::fromStdString(model.summary(model.rowOf(id))->name()), name);

    // Start from the page: the start event turns the row to running.
    QVERIFY(berth::test::selectContainer(table, id));
    QCOMPARE(page->selectedIds(), QStringList{id});
    page->runVerb(ContainerVerb::Start);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(model, id), QStringLiteral("running"), kTimeoutMs);
    QVERIFY(model.runningCount() >= 1);
    QVERIFY(berth::test::saveLightAndDarkScreenshots(window, QStringLiteral("page-containers")));

    // A refused action: the engine's message, word for word, non-modal.
    auto* notice = page->findChild<berth::ui::NoticeBar*>();
    QVERIFY(notice);
    page->runVerb(ContainerVerb::Unpause); // it is not paused
    QTRY_COMPARE_WITH_TIMEOUT(notice->kind(), berth::ui::NoticeBar::Kind::Error, kTimeoutMs);
    QVERIFY(notice->isVisible());
    QVERIFY2(notice->text().startsWith(QLatin1String("Error response from daemon")), qPrintable(notice->text()));

    // Kill: the die event turns it to exited.
    QSignalSpy died(&model, &ContainersModel::containerDied);
    page->runVerb(ContainerVerb::Kill);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(model, id), QStringLiteral("exited"), kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(died.count() >= 1, kTimeoutMs);

    // Remove: the destroy event takes the row away.
    QVERIFY(berth::test::selectContainer(table, id));
    page->removeSelected(false, false);
    QTRY_COMPARE_WITH_TIMEOUT(model.rowOf(id), -1, kTimeoutMs);
    QVERIFY(model.rowOf(before) >= 0);

    // The Run dialog: create and start, seen through the events.
    const QString runName = uniqueName("run");
    auto* dialog = page->openRunDialog(image_);
    dialog->findChild<QLineEdit*>(QStringLiteral("runName"))->setText(runName);
    dialog->findChild<QLineEdit*>(QStringLiteral("runCommand"))->setText(QStringLiteral("sleep 300"));
    QVERIFY(berth::test::saveLightAndDarkScreenshots(*dialog, QStringLiteral("dialog-run")));
    QSignalSpy runStarted(dialog, &berth::ui::RunDialog::containerStarted);
    dialog->run();
    QTRY_COMPARE_WITH_TIMEOUT(runStarted.count(), 1, kTimeoutMs);
    const QString runId = runStarted.at(0).at(0).toString();
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(model, runId), QStringLiteral("running"), kTimeoutMs);
    QCOMPARE(QString::fromStdString(model.summary(model.rowOf(runId))->name()), runName);

    // The Images page lists the imported image, in use by the remaining container.
    window.showPage(QStringLiteral("images"));
    auto& images = *window.engineState()->images();
    const QString repository = image_.section(QLatin1Char(':'), 0, 0);
    auto rowOfImage = [&] {
        for (int row = 0; row < images.rowCount(); ++row)
            if (images.index(row, berth::ui::ImagesModel::Repository).data().toString() == repository) return row;
        return -1;
    };
    QTRY_VERIFY_WITH_TIMEOUT(rowOfImage() >= 0, kTimeoutMs);
    QCOMPARE(images.index(rowOfImage(), berth::ui::ImagesModel::Tag).data().toString(), QStringLiteral("1"));
    QCOMPARE(images.index(rowOfImage(), berth::ui::ImagesModel::InUse).data().toString(), QStringLiteral("in use"));
    QVERIFY(berth::test::saveLightAndDarkScreenshots(window, QStringLiteral("page-images")));
    // Volumes: listed, or (berthd before volumes land) the engine's 501 message on the page.
    window.showPage(QStringLiteral("volumes"));
    auto* volumes = window.engineState()->volumes();
    QSignalSpy volumesLoaded(volumes, &berth::ui::VolumesModel::loaded);
    QSignalSpy volumesFailed(volumes, &berth::ui::VolumesModel::loadFailed);
    volumes->reload();
    QTRY_VERIFY_WITH_TIMEOUT(volumesLoaded.count() + volumesFailed.count() == 1, kTimeoutMs);
    if (volumesFailed.count() == 1) {
        auto* volumesNotice = window.page(QStringLiteral("volumes"))->findChild<berth::ui::NoticeBar*>();
        QTRY_VERIFY(volumesNotice->isVisible());
        QCOMPARE(volumesNotice->text(), volumesFailed.at(0).at(0).value<berth::ui::ApiError>().message);
        QVERIFY2(volumesNotice->text().startsWith(QLatin1String("Error response from daemon")),
                 qPrintable(volumesNotice->text()));
    }
    QVERIFY(berth::test::saveLightAndDarkScreenshots(window, QStringLiteral("page-volumes")));

    window.showPage(QStringLiteral("engine"));
    // The live feed saw what happened above (create, start, kill, destroy).
    auto* events = window.findChild<QTableView*>(QStringLiteral("eventsTable"));
    QVERIFY(events);
    QVERIFY(events->model()->rowCount() >= 4);
    // Disk usage from /system/df: the one image, the containers left.
    auto* disk = window.findChild<QLabel*>(QStringLiteral("diskUsageSummary"));
    QVERIFY(disk);
    QTRY_VERIFY2_WITH_TIMEOUT(disk->text().contains(QLatin1String("Images: 1 (1 active)")), qPrintable(disk->text()),
                              kTimeoutMs);
    QVERIFY(berth::test::saveLightAndDarkScreenshots(window, QStringLiteral("page-engine")));
}

QTEST_MAIN(ContainersPageTest)
#include "containers_page_test.moc"
