// The Containers page's compose grouping against a real berthd: containers
// labelled com.docker.compose.project (as `docker compose up` makes them) sit
// under their project's header, which reads "running 1/2", collapses and
// expands, and whose Start and Stop reach every container of the project.
// Screenshots (light and dark, English and Chinese) show the grouped page with
// its memory sparklines.
#include "support/berthd_process.h"
#include "test_artifacts.h"
#include "gui_test_helpers.h"
#include "test_image.h"

#include "api/client/client.h"
#include "ui/app_translations.h"
#include "ui/main_window.h"
#include "ui/models/containers_model.h"
#include "ui/models/containers_stats.h"
#include "ui/models/containers_tree_model.h"
#include "ui/models/engine_state.h"
#include "ui/pages/containers_page.h"

#include <QApplication>
#include <QDateTime>
#include <QRandomGenerator>
#include <QSettings>
#include <QTranslator>
#include <QTreeView>
#include <QtTest/QTest>

using berth::testing::BerthdProcess;
using berth::ui::ContainersModel;
using berth::ui::ContainersPage;
using berth::ui::ContainersTreeModel;
using berth::ui::ContainerVerb;
using berth::ui::MainWindow;

using berth::test::stateOf;

namespace {
constexpr int kTimeoutMs = 15'000;

// A container as compose creates it: the project label, and a service's command.
QString createInProject(const QString& host, const QString& name, const QString& project, const QString& image,
                        const QString& command, QString* error) {
    nlohmann::json body = {{"Image", image.toStdString()}, {"Cmd", {"sh", "-c", command.toStdString()}}};
    if (!project.isEmpty()) body["Labels"] = {{"com.docker.compose.project", project.toStdString()}};
    berth::api::EngineClient client(host.toStdString());
    auto response = client.request("POST", "/containers/create?name=" + name.toStdString(), body.dump());
    if (!response || response->status != 201) {
        *error = response ? QString::fromStdString(response->body) : QString::fromStdString(response.error().message());
        return {};
    }
    return QString::fromStdString(nlohmann::json::parse(response->body).value("Id", std::string()));
}

bool start(const QString& host, const QString& id) {
    berth::api::EngineClient client(host.toStdString());
    auto response = client.request("POST", "/containers/" + id.toStdString() + "/start", "");
    return response && response->status == 204;
}

QModelIndex headerOf(const QAbstractItemModel& model, const QString& project) {
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row, 0);
        if (index.data(ContainersTreeModel::IsProjectRole).toBool() &&
            index.data(ContainersModel::ProjectRole).toString() == project)
            return index;
    }
    return {};
}

} // namespace

class ContainersGroupedTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void projectHeaderCountsCollapsesAndStopsTheGroup();
    void cleanupTestCase();

private:
    void screenshots(QWidget& window);

    std::unique_ptr<BerthdProcess> berthd_;
    QString host_;
    QString image_;
    QString project_;
    QStringList ids_;
};

void ContainersGroupedTest::initTestCase() {
    QSettings().clear();
    berthd_ = std::make_unique<BerthdProcess>();
    QVERIFY2(berthd_->start(), qPrintable(QString::fromStdString(berthd_->log())));
    host_ = QString::fromStdString(berthd_->host());
    // This berthd is the test's own: readable names, as in the screenshot a user would see.
    image_ = QStringLiteral("guitest-%1:1").arg(QRandomGenerator::global()->generate() % 0x10000, 4, 16, QLatin1Char('0'));
    const QString problem = berth::test::importBusyboxImage(host_, image_);
    if (problem.contains(QLatin1String("not installed"))) QSKIP(qPrintable(problem));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    project_ = QStringLiteral("shop");
}

void ContainersGroupedTest::cleanupTestCase() {
    if (berthd_) {
        berth::api::EngineClient client(berthd_->host());
        if (auto list = client.get_json("/containers/json?all=1"); list && list->is_array())
            for (const auto& container : *list)
                (void)client.request("DELETE", "/containers/" + container.value("Id", std::string()) + "?force=1");
    }
    berthd_.reset();
}

void ContainersGroupedTest::projectHeaderCountsCollapsesAndStopsTheGroup() {
    QString error;
    // web idles; db's memory moves (a string doubled up to 4 MB, then dropped) for the sparkline.
    const QString web = createInProject(host_, QStringLiteral("shop-web-1"), project_, image_,
                                        QStringLiteral("sleep 300"), &error);
    QVERIFY2(!web.isEmpty(), qPrintable(error));
    const QString db = createInProject(
        host_, QStringLiteral("shop-db-1"), project_, image_,
        QStringLiteral("s=x; while true; do s=\"$s$s\"; [ ${#s} -gt 4000000 ] && s=x; sleep 0.2; done"), &error);
    QVERIFY2(!db.isEmpty(), qPrintable(error));
    const QString tool = createInProject(host_, QStringLiteral("toolbox"), QString(), image_,
                                         QStringLiteral("sleep 300"), &error);
    QVERIFY2(!tool.isEmpty(), qPrintable(error));
    QVERIFY(start(host_, web));
    QVERIFY(start(host_, tool));

    MainWindow window(host_);
    window.resize(1360, 520);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* page = qobject_cast<ContainersPage*>(window.page(QStringLiteral("containers")));
    QVERIFY(page);
    auto* view = page->findChild<QTreeView*>(QStringLiteral("containersTable"));
    QVERIFY(view);
    const QAbstractItemModel& shown = *view->model();
    ContainersModel& model = *window.engineState()->containers();

    // The header: the project's name, "running 1/2", its containers under it.
    QTRY_VERIFY_WITH_TIMEOUT(headerOf(shown, project_).isValid(), kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(headerOf(shown, project_).siblingAtColumn(ContainersModel::State).data().toString(),
                              QStringLiteral("running 1/2"), kTimeoutMs);
    QCOMPARE(shown.rowCount(headerOf(shown, project_)), 2);
    QCOMPARE(headerOf(shown, project_).row(), 0); // projects above standalone containers
    QCOMPARE(shown.rowCount(), 2);                 // shop, toolbox

    // Collapse and expand, as a click on the arrow does.
    view->collapse(headerOf(shown, project_));
    QVERIFY(!view->isExpanded(headerOf(shown, project_)));
    view->expand(headerOf(shown, project_));
    QVERIFY(view->isExpanded(headerOf(shown, project_)));

    // The group's Start: the one that was not running starts, the header follows the events.
    page->runVerbOnProject(project_, ContainerVerb::Start);
    QTRY_COMPARE_WITH_TIMEOUT(headerOf(shown, project_).siblingAtColumn(ContainersModel::State).data().toString(),
                              QStringLiteral("running 2/2"), kTimeoutMs);

    // Memory samples for the sparkline: the page's own sampler, faster for the test.
    auto* stats = page->findChild<berth::ui::ContainersStats*>();
    QVERIFY(stats);
    stats->setInterval(std::chrono::milliseconds(400));
    stats->sampleRound();
    QTRY_VERIFY_WITH_TIMEOUT(stats->memoryHistory(db).size() >= 6, kTimeoutMs);
    screenshots(window);

    // The group's Stop: both stop, the standalone container keeps running.
    page->runVerbOnProject(project_, ContainerVerb::Stop);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(model, web), QStringLiteral("exited"), kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(model, db), QStringLiteral("exited"), kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(headerOf(shown, project_).siblingAtColumn(ContainersModel::State).data().toString(),
                              QStringLiteral("running 0/2"), kTimeoutMs);
    QCOMPARE(stateOf(model, tool), QStringLiteral("running"));

    // Removing the project's containers takes its header away.
    page->removeProject(project_, false);
    QTRY_VERIFY_WITH_TIMEOUT(!headerOf(shown, project_).isValid(), kTimeoutMs);
    QCOMPARE(shown.rowCount(), 1);
}

void ContainersGroupedTest::screenshots(QWidget& window) {
    // The window in English, then a fresh one in Chinese (widgets translate when built).
    QVERIFY(berth::test::saveLightAndDarkScreenshots(window, QStringLiteral("page-containers-grouped")));
    // As the app installs them: Berth's and Qt's catalogues, and zh_CN's formats of dates and sizes.
    auto translations = berth::ui::installTranslations(QLocale(QLocale::Chinese, QLocale::China));
    QVERIFY(translations.berth);
    {
        MainWindow chinese(host_);
        chinese.resize(1360, 520);
        chinese.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chinese));
        auto* page = qobject_cast<ContainersPage*>(chinese.page(QStringLiteral("containers")));
        auto* view = page->findChild<QTreeView*>(QStringLiteral("containersTable"));
        QTRY_VERIFY_WITH_TIMEOUT(headerOf(*view->model(), project_).isValid(), kTimeoutMs);
        auto* stats = page->findChild<berth::ui::ContainersStats*>();
        stats->setInterval(std::chrono::milliseconds(300));
        QTRY_VERIFY_WITH_TIMEOUT(view->model()->index(0, ContainersModel::Memory).data().isValid(), kTimeoutMs);
        QTest::qWait(1500); // a few samples for the sparklines
        // The Created column speaks Chinese too, as QLocale(zh_CN) writes the date.
        const QModelIndex created = view->model()->index(0, ContainersModel::Created,
                                                          headerOf(*view->model(), project_));
        const auto seconds = created.data(ContainersModel::SortRole).toLongLong();
        QVERIFY(seconds > 0);
        QCOMPARE(created.data().toString(), QLocale(QLocale::Chinese, QLocale::China)
                                                .toString(QDateTime::fromSecsSinceEpoch(seconds), QLocale::ShortFormat));
        QVERIFY(berth::test::saveLightAndDarkScreenshots(chinese, QStringLiteral("page-containers-grouped-zh_CN")));
    }
    berth::ui::removeTranslations(translations);
}

QTEST_MAIN(ContainersGroupedTest)
#include "containers_grouped_test.moc"
