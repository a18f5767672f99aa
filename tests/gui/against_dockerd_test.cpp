// Berth's window against Debian's dockerd instead of berthd (issue 10 §1: the app
// is a client of the Engine API only, so `berth --host` reaches any Docker
// engine): the lists come from dockerd's answers, the rows follow dockerd's
// /events, the page's actions reach it, and a refused action shows dockerd's own
// words. Skipped where docker.io is not installed.
#include "support/dockerd_process.h"
#include "test_artifacts.h"
#include "gui_test_helpers.h"
#include "test_image.h"

#include "api/client/client.h"
#include "ui/main_window.h"
#include "ui/models/containers_model.h"
#include "ui/models/engine_state.h"
#include "ui/models/images_model.h"
#include "ui/pages/containers_page.h"
#include "ui/widgets/notice_bar.h"

#include <QAbstractItemView>
#include <QRandomGenerator>
#include <QSettings>
#include <QtTest/QTest>
#include <nlohmann/json.hpp>

using berth::testing::DockerdProcess;
using berth::ui::ContainersModel;
using berth::ui::ContainerVerb;

using berth::test::uniqueName;
using berth::test::stateOf;

namespace {
constexpr int kTimeoutMs = 30'000;

// dockerd here has no bridge: its containers run with --network none.
QString createContainer(const std::string& host, const QString& name, const QString& image, QString* error) {
    nlohmann::json body = {{"Image", image.toStdString()},
                           {"Cmd", {"sh", "-c", "sleep 300"}},
                           {"HostConfig", {{"NetworkMode", "none"}}}};
    berth::api::EngineClient client(host);
    auto response = client.request("POST", "/containers/create?name=" + name.toStdString(), body.dump());
    if (!response || response->status != 201) {
        *error = response ? QString::fromStdString(response->body) : QString::fromStdString(response.error().message());
        return {};
    }
    return QString::fromStdString(nlohmann::json::parse(response->body).value("Id", std::string()));
}

bool imagesListContain(const berth::ui::ImagesModel& images, const QString& reference) {
    for (int row = 0; row < images.rowCount(); ++row)
        if (images.index(row, 0).data(berth::ui::ImagesModel::ReferenceRole).toString() == reference) return true;
    return false;
}

} // namespace

class AgainstDockerdTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void theWindowDrivesDockerd();
    void cleanupTestCase();

private:
    std::unique_ptr<DockerdProcess> dockerd_;
    QString host_;
    QString image_;
};

void AgainstDockerdTest::initTestCase() {
    if (!DockerdProcess::binary()) QSKIP("dockerd (Debian's docker.io) is not installed");
    QSettings().clear();
    dockerd_ = std::make_unique<DockerdProcess>();
    QVERIFY2(dockerd_->start(), qPrintable(QString::fromStdString(dockerd_->log())));
    host_ = QString::fromStdString(dockerd_->host());
    image_ = uniqueName("berthgui") + QStringLiteral(":1");
    const QString problem = berth::test::importBusyboxImage(host_, image_);
    if (problem.contains(QLatin1String("not installed"))) QSKIP(qPrintable(problem));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void AgainstDockerdTest::cleanupTestCase() { dockerd_.reset(); }

void AgainstDockerdTest::theWindowDrivesDockerd() {
    QString error;
    const QString before = createContainer(dockerd_->host(), uniqueName("before"), image_, &error);
    QVERIFY2(!before.isEmpty(), qPrintable(error));

    berth::ui::MainWindow window(host_);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* page = qobject_cast<berth::ui::ContainersPage*>(window.page(QStringLiteral("containers")));
    QVERIFY(page);
    auto* table = page->findChild<QAbstractItemView*>(QStringLiteral("containersTable"));
    QVERIFY(table);
    ContainersModel& model = *window.engineState()->containers();
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(model, before), QStringLiteral("created"), kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(imagesListContain(*window.engineState()->images(), image_), kTimeoutMs);

    // Made while the window is open: only dockerd's create event can bring it.
    const QString name = uniqueName("web");
    const QString id = createContainer(dockerd_->host(), name, image_, &error);
    QVERIFY2(!id.isEmpty(), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(model, id), QStringLiteral("created"), kTimeoutMs);
    QCOMPARE(QString::fromStdString(model.summary(model.rowOf(id))->name()), name);

    QVERIFY(berth::test::selectContainer(table, id));
    page->runVerb(ContainerVerb::Start);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(model, id), QStringLiteral("running"), kTimeoutMs);
    QVERIFY(berth::test::saveLightAndDarkScreenshots(window, QStringLiteral("dockerd-containers")));

    // dockerd's refusal, word for word, in the page's non-modal notice.
    auto* notice = page->findChild<berth::ui::NoticeBar*>();
    QVERIFY(notice);
    page->runVerb(ContainerVerb::Unpause); // it is not paused
    QTRY_COMPARE_WITH_TIMEOUT(notice->kind(), berth::ui::NoticeBar::Kind::Error, kTimeoutMs);
    QVERIFY2(notice->text().contains(QLatin1String("is not paused")), qPrintable(notice->text()));

    page->runVerb(ContainerVerb::Kill);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(model, id), QStringLiteral("exited"), kTimeoutMs);

    // Removed behind the window's back: dockerd's destroy event takes the row away.
    berth::api::EngineClient client(dockerd_->host());
    auto removed = client.request("DELETE", "/containers/" + before.toStdString() + "?force=1");
    QVERIFY(removed && removed->status == 204);
    QTRY_COMPARE_WITH_TIMEOUT(model.rowOf(before), -1, kTimeoutMs);
}

QTEST_MAIN(AgainstDockerdTest)
#include "against_dockerd_test.moc"
