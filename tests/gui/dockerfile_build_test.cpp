// The Dockerfiles page's Build against a real berthd: POST /build with the
// folder as context (its .dockerignore honoured), a row per step, the image
// made and tagged; "Show in Images" selects the built image's row on the Images
// page, also when the images list arrives only afterwards; then a failing RUN: its step marked Failed and its line
// selected and marked in the editor.

#include "support/berthd_process.h"
#include "test_artifacts.h"
#include "gui_test_helpers.h"
#include "test_image.h"

#include "api/client/client.h"
#include "ui/client/remote_engine_api.h"
#include "ui/editor/build_log_view.h"
#include "ui/editor/dockerfile_editor.h"
#include "ui/models/engine_state.h"
#include "ui/models/images_model.h"
#include "ui/pages/dockerfile_page.h"
#include "ui/pages/images_page.h"

#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest/QTest>

using berth::testing::BerthdProcess;
using berth::ui::BuildLogView;

using berth::test::uniqueName;
using berth::test::writeFile;

namespace {
constexpr int kTimeoutMs = 60'000;

// The image ID of each selected row of the Images page's table.
QStringList selectedImageIds(const berth::ui::ImagesPage& page) {
    QStringList ids;
    auto* table = page.findChild<QTableView*>(QStringLiteral("imagesTable"));
    for (const QModelIndex& row : table->selectionModel()->selectedRows())
        ids << row.data(berth::ui::ImagesModel::IdRole).toString();
    return ids;
}
} // namespace

class DockerfileBuildTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        berthd_ = std::make_unique<BerthdProcess>();
        QVERIFY2(berthd_->start(), berthd_->log().c_str());
        host_ = QString::fromStdString(berthd_->host());
        base_ = uniqueName("dfbuild-base") + QStringLiteral(":1");
        const QString problem = berth::test::importBusyboxImage(host_, base_);
        if (problem.contains(QLatin1String("not installed"))) QSKIP(qPrintable(problem));
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        auto* api = new berth::ui::RemoteEngineApi(host_);
        state_ = std::make_unique<berth::ui::EngineState>(api); // owns the api
        page_ = std::make_unique<berth::ui::DockerfilePage>(berth::ui::PageContext{nullptr, state_.get()}, QIcon());
        page_->resize(1000, 700);
        page_->show();
        // The images list is not asked for yet: "Show in Images" must wait for it.
        images_ = std::make_unique<berth::ui::ImagesPage>(berth::ui::PageContext{nullptr, state_.get()}, QIcon());
        images_->resize(1000, 700);
        QObject::connect(page_.get(), &berth::ui::DockerfilePage::pageRequested, images_.get(),
                         [this](const QString&, const QString& itemId) { images_->reveal(itemId); });
    }
    void cleanupTestCase() {
        images_.reset();
        page_.reset();
        state_.reset();
        if (berthd_) berthd_->stop();
    }

    void buildMakesAnImageWithStepRows() {
        QVERIFY(dir_.isValid());
        QVERIFY(writeFile(dir_.filePath(QStringLiteral("hello.txt")), "hello\n"));
        QVERIFY(writeFile(dir_.filePath(QStringLiteral("secret.log")), "left out\n"));
        QVERIFY(writeFile(dir_.filePath(QStringLiteral(".dockerignore")), "*.log\n"));
        const QByteArray dockerfile = "FROM " + base_.toUtf8() +
                                      "\nCOPY . /ctx/\nRUN test -f /ctx/hello.txt && test ! -e /ctx/secret.log\n"
                                      "USER 1000\nCMD [\"cat\", \"/ctx/hello.txt\"]\n";
        const QString path = dir_.filePath(QStringLiteral("Dockerfile"));
        QVERIFY(writeFile(path, dockerfile));
        QVERIFY(page_->openFile(path));
        const QString tag = uniqueName("dfbuild-out") + QStringLiteral(":1");
        page_->startBuild({dir_.path(), QStringLiteral("Dockerfile"), {tag}, {}, {}, false});
        auto* result = page_->findChild<QLabel*>(QStringLiteral("buildResult"));
        QTRY_VERIFY_WITH_TIMEOUT(result->text().startsWith(QStringLiteral("Built")), kTimeoutMs);
        const auto& steps = page_->buildLog()->steps();
        QCOMPARE(steps.size(), size_t(5));
        for (const auto& step : steps) {
            QVERIFY2(step.state == BuildLogView::StepState::Done || step.state == BuildLogView::StepState::Cached,
                     qPrintable(step.instruction));
            QCOMPARE(step.total, 5);
        }
        QCOMPARE(steps[2].instruction.left(8), QStringLiteral("RUN test"));
        QVERIFY(!page_->builtImageId().isEmpty());
        QVERIFY(page_->findChild<QPushButton*>(QStringLiteral("buildShowInImages"))->isVisible());
        QVERIFY(page_->findChild<QPushButton*>(QStringLiteral("buildRun"))->isVisible());
        QSignalSpy switched(page_.get(), &berth::ui::DockerfilePage::pageRequested);
        page_->findChild<QPushButton*>(QStringLiteral("buildShowInImages"))->click();
        QCOMPARE(switched.value(0).value(0).toString(), QStringLiteral("images"));
        QCOMPARE(switched.value(0).value(1).toString(), page_->builtImageId());
        // The image arrives after the request: its row is selected then.
        QVERIFY(selectedImageIds(*images_).isEmpty());
        images_->show();
        state_->images()->reload();
        QTRY_COMPARE_WITH_TIMEOUT(selectedImageIds(*images_), QStringList{page_->builtImageId()}, kTimeoutMs);
        // Already listed (the selection cleared first): selected at once, and a
        // reload (every image event makes one) keeps it selected.
        auto* table = images_->findChild<QTableView*>(QStringLiteral("imagesTable"));
        table->clearSelection();
        images_->reveal(page_->builtImageId());
        QCOMPARE(selectedImageIds(*images_), QStringList{page_->builtImageId()});
        QVERIFY(table->viewport()->rect().intersects(table->visualRect(table->currentIndex())));
        QSignalSpy loaded(state_->images(), &berth::ui::ImagesModel::loaded);
        state_->images()->reload();
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kTimeoutMs);
        QCOMPARE(selectedImageIds(*images_), QStringList{page_->builtImageId()});
        images_->hide();

        berth::api::EngineClient client(host_.toStdString());
        auto inspected = client.get_json("/images/" + tag.toStdString() + "/json");
        QVERIFY2(inspected, inspected ? "" : inspected.error().message().c_str());
        QCOMPARE(QString::fromStdString((*inspected)["Id"].get<std::string>()), page_->builtImageId());

        // The same build again: every step after FROM comes from the cache.
        page_->startBuild({dir_.path(), QStringLiteral("Dockerfile"), {tag}, {}, {}, false});
        QTRY_VERIFY_WITH_TIMEOUT(result->text().startsWith(QStringLiteral("Built")), kTimeoutMs);
        QVERIFY(page_->buildLog()->steps()[2].cacheHit);
    }

    void failingRunMarksItsStepAndLine() {
        const QByteArray dockerfile = "FROM " + base_.toUtf8() + "\nRUN echo first\n\nRUN false\nUSER 1000\n";
        const QString path = dir_.filePath(QStringLiteral("Dockerfile.fail"));
        QVERIFY(writeFile(path, dockerfile));
        QVERIFY(page_->openFile(path));
        page_->startBuild({dir_.path(), QStringLiteral("Dockerfile.fail"), {}, {}, {}, false});
        auto* result = page_->findChild<QLabel*>(QStringLiteral("buildResult"));
        QTRY_VERIFY_WITH_TIMEOUT(result->text().startsWith(QStringLiteral("Build failed")), kTimeoutMs);
        QVERIFY2(result->text().contains(QStringLiteral("returned a non-zero code: 1")), qPrintable(result->text()));
        QCOMPARE(page_->buildLog()->failedStep(), 2);
        QCOMPARE(page_->buildLog()->steps()[2].state, BuildLogView::StepState::Failed);
        QCOMPARE(page_->editor()->markedLine(), 4);
        QCOMPARE(page_->editor()->textCursor().selectedText(), QStringLiteral("RUN false"));
        berth::test::saveScreenshot(*page_, QStringLiteral("dockerfile-build-failed.png"));
    }

private:
    std::unique_ptr<BerthdProcess> berthd_;
    QString host_;
    QString base_;
    QTemporaryDir dir_;
    std::unique_ptr<berth::ui::EngineState> state_;
    std::unique_ptr<berth::ui::DockerfilePage> page_;
    std::unique_ptr<berth::ui::ImagesPage> images_;
};

QTEST_MAIN(DockerfileBuildTest)
#include "dockerfile_build_test.moc"
