// The Images page's Pull, Push, Tag, Prune and Layers against the fake engine:
// the per-layer progress model (rows, steps, the weighted whole), the Pull
// dialog fed a stream as Docker writes it (validation, rows, cancel, the
// engine's error word for word), the Tag dialog, Prune's report and the Layers view.
#include "fake_engine_api.h"
#include "gui_test_helpers.h"
#include "test_artifacts.h"

#include "ui/app_translations.h"
#include "ui/client/image_reference.h"
#include "ui/dialogs/image_progress_dialog.h"
#include "ui/dialogs/layers_dialog.h"
#include "ui/dialogs/tag_dialog.h"
#include "ui/models/engine_state.h"
#include "ui/models/images_model.h"
#include "ui/models/layer_progress_model.h"
#include "ui/pages/images_page.h"
#include "ui/widgets/notice_bar.h"

#include <QAbstractItemModelTester>
#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QMessageBox>
#include <QTimer>
#include <QAction>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTableWidget>
#include <QtTest/QTest>

using berth::api::types::ProgressMessage;
using berth::test::FakeEngineApi;
using berth::test::FakeProgressStream;
using berth::test::unnamedControls;
using berth::ui::ImageProgressDialog;
using berth::ui::LayerProgressModel;

namespace {

ProgressMessage line(const char* json) {
    auto message = ProgressMessage::from_json(nlohmann::json::parse(json));
    if (!message) qFatal("not a progress message: %s", json);
    return *message;
}

// The start of `docker pull` of a two-layer image, as dockerd writes it.
void sendPullStart(FakeProgressStream& stream) {
    stream.send(line(R"({"status":"Pulling from team/app","id":"1.0"})"));
    stream.send(line(R"({"status":"Pulling fs layer","progressDetail":{},"id":"aaaaaaaaaaaa"})"));
    stream.send(line(R"({"status":"Pulling fs layer","progressDetail":{},"id":"bbbbbbbbbbbb"})"));
    stream.send(line(R"({"status":"Downloading","progressDetail":{"current":300,"total":1000},"id":"aaaaaaaaaaaa"})"));
    stream.send(line(R"({"status":"Downloading","progressDetail":{"current":1000,"total":3000},"id":"bbbbbbbbbbbb"})"));
}

} // namespace

class ImageActionsTest : public QObject {
    Q_OBJECT
private slots:
    void splitsAndChecksReferences();
    void modelKeepsOneRowPerLayer();
    void modelWeighsLayersBySizeAndSteps();
    void pullDialogShowsLayersAndTheWhole();
    void pullDialogRefusesABadReference();
    void pullDialogShowsTheEnginesErrorVerbatim();
    void pullDialogCancels();
    void severalPullsAtOnce();
    void tagDialogTagsAndShowsTheEnginesError();
    void pruneReportsTheSpaceReclaimed();
    void pruneAsksWithTheSpaceItWouldReclaim();
    void layersDialogShowsTheHistory();
    void screenshotsMidPull();
    void emptyPageOffersAPull();
    void everyControlIsNamed();
};

void ImageActionsTest::splitsAndChecksReferences() {
    using berth::ui::referenceProblem;
    using berth::ui::splitReference;
    QCOMPARE(splitReference(QStringLiteral("busybox")).tag, QStringLiteral("latest"));
    QCOMPARE(splitReference(QStringLiteral("127.0.0.1:5000/team/app:1.2")).name, QStringLiteral("127.0.0.1:5000/team/app"));
    QCOMPARE(splitReference(QStringLiteral("127.0.0.1:5000/team/app:1.2")).tag, QStringLiteral("1.2"));
    QCOMPARE(splitReference(QStringLiteral("127.0.0.1:5000/app")).tag, QStringLiteral("latest"));
    QCOMPARE(splitReference(QStringLiteral("app@sha256:abc")).tag, QStringLiteral("sha256:abc"));
    QVERIFY(referenceProblem(QStringLiteral("busybox:1.36")).isEmpty());
    QVERIFY(referenceProblem(QStringLiteral("localhost:5000/Team/app")).contains(QStringLiteral("lowercase")));
    QVERIFY(referenceProblem(QStringLiteral("Busybox")).contains(QStringLiteral("lowercase")));
    QVERIFY(!referenceProblem(QStringLiteral("bad ref")).isEmpty());
    QVERIFY(!referenceProblem(QStringLiteral("app:")).isEmpty());
    QVERIFY(!referenceProblem(QString()).isEmpty());
}

void ImageActionsTest::modelKeepsOneRowPerLayer() {
    LayerProgressModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    FakeProgressStream stream(QStringLiteral("x"), nullptr);
    QObject::connect(&stream, &FakeProgressStream::progress, &model, &LayerProgressModel::apply);
    sendPullStart(stream);
    // "1.0: Pulling from team/app" is the image's line, not a layer.
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.statusLine(), QStringLiteral("1.0: Pulling from team/app"));
    QCOMPARE(model.index(0, LayerProgressModel::Layer).data().toString(), QStringLiteral("aaaaaaaaaaaa"));
    QCOMPARE(model.index(0, LayerProgressModel::Status).data().toString(), QStringLiteral("Downloading"));
    QCOMPARE(model.index(0, LayerProgressModel::Progress).data(LayerProgressModel::FractionRole).toDouble(), 0.3);
    QVERIFY(model.index(0, LayerProgressModel::Progress).data().toString().startsWith(QStringLiteral("30%")));
    stream.send(line(R"({"status":"Pull complete","progressDetail":{},"id":"aaaaaaaaaaaa"})"));
    stream.send(line(R"({"status":"Already exists","progressDetail":{},"id":"cccccccccccc"})"));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(0, LayerProgressModel::Status).data().toString(), QStringLiteral("Pull complete"));
    QVERIFY(model.index(0, 0).data(LayerProgressModel::DoneRole).toBool());
    QCOMPARE(model.doneLayers(), 2);
    QCOMPARE(model.headerData(LayerProgressModel::Status, Qt::Horizontal).toString(), QStringLiteral("Status"));
    stream.send(line(R"({"errorDetail":{"message":"unexpected EOF"},"error":"unexpected EOF"})"));
    QCOMPARE(model.error(), QStringLiteral("unexpected EOF"));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void ImageActionsTest::modelWeighsLayersBySizeAndSteps() {
    LayerProgressModel model;
    QCOMPARE(model.overallFraction(), 0.0);
    FakeProgressStream stream(QStringLiteral("x"), nullptr);
    QObject::connect(&stream, &FakeProgressStream::progress, &model, &LayerProgressModel::apply);
    sendPullStart(stream);
    // a: 1000 bytes, 30% downloaded = 0.15 of the layer; b: 3000 bytes, 1/3 downloaded = 1/6.
    QCOMPARE(model.overallFraction(), (1000 * 0.15 + 3000 * (1.0 / 6)) / 4000);
    // Extraction is the second half: it never runs the bar back.
    const double before = model.overallFraction();
    stream.send(line(R"({"status":"Download complete","progressDetail":{},"id":"aaaaaaaaaaaa"})"));
    stream.send(line(R"({"status":"Extracting","progressDetail":{"current":100,"total":1000},"id":"aaaaaaaaaaaa"})"));
    QVERIFY(model.overallFraction() > before);
    QCOMPARE(model.overallFraction(), (1000 * 0.55 + 3000 * (1.0 / 6)) / 4000);
    stream.send(line(R"({"status":"Pull complete","progressDetail":{},"id":"aaaaaaaaaaaa"})"));
    stream.send(line(R"({"status":"Pull complete","progressDetail":{},"id":"bbbbbbbbbbbb"})"));
    QCOMPARE(model.overallFraction(), 1.0);
    // A push's bytes are the whole step.
    LayerProgressModel push;
    FakeProgressStream pushing(QStringLiteral("y"), nullptr);
    QObject::connect(&pushing, &FakeProgressStream::progress, &push, &LayerProgressModel::apply);
    pushing.send(line(R"({"status":"Pushing","progressDetail":{"current":50,"total":100},"id":"dddddddddddd"})"));
    pushing.send(line(R"({"status":"Layer already exists","progressDetail":{},"id":"eeeeeeeeeeee"})"));
    QCOMPARE(push.overallFraction(), 0.75);
}

void ImageActionsTest::pullDialogShowsLayersAndTheWhole() {
    FakeEngineApi api;
    ImageProgressDialog dialog(&api, ImageProgressDialog::Mode::Pull, QStringLiteral("team/app:1.0"));
    dialog.show();
    auto* pull = dialog.findChild<QPushButton*>(QStringLiteral("startButton"));
    QVERIFY(pull && pull->isEnabled());
    QTest::mouseClick(pull, Qt::LeftButton);
    QCOMPARE(api.calls.last(), QStringLiteral("pull team/app:1.0"));
    QVERIFY(dialog.isRunning());
    QVERIFY(!pull->isEnabled());
    QVERIFY(dialog.findChild<QLineEdit*>(QStringLiteral("pullReference"))->isReadOnly());
    FakeProgressStream& stream = *api.streams.back();
    sendPullStart(stream);
    auto* table = dialog.findChild<QTableView*>(QStringLiteral("layersProgress"));
    QCOMPARE(table->model()->rowCount(), 2);
    auto* overall = dialog.findChild<QProgressBar*>(QStringLiteral("overallProgress"));
    QCOMPARE(overall->value(), qRound((1000 * 0.15 + 3000 * (1.0 / 6)) / 4000 * 100));
    QVERIFY(overall->text().contains(QStringLiteral("0 of 2")));
    stream.send(line(R"({"status":"Pull complete","progressDetail":{},"id":"aaaaaaaaaaaa"})"));
    stream.send(line(R"({"status":"Pull complete","progressDetail":{},"id":"bbbbbbbbbbbb"})"));
    stream.send(line(R"({"status":"Digest: sha256:0123"})"));
    stream.send(line(R"({"status":"Status: Downloaded newer image for team/app:1.0"})"));
    QSignalSpy finished(&dialog, &ImageProgressDialog::finished);
    stream.end(true);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished[0][0].toBool(), true);
    QCOMPARE(overall->value(), 100);
    QCOMPARE(dialog.findChild<QLabel*>(QStringLiteral("progressStatus"))->text(),
             QStringLiteral("Status: Downloaded newer image for team/app:1.0"));
    QVERIFY(!dialog.isRunning());
    QVERIFY(pull->isEnabled());
    QVERIFY(dialog.errorText().isEmpty());
}

void ImageActionsTest::pullDialogRefusesABadReference() {
    FakeEngineApi api;
    ImageProgressDialog dialog(&api, ImageProgressDialog::Mode::Pull, QString());
    dialog.show();
    auto* pull = dialog.findChild<QPushButton*>(QStringLiteral("startButton"));
    QVERIFY(!pull->isEnabled());
    auto* entry = dialog.findChild<QLineEdit*>(QStringLiteral("pullReference"));
    QTest::keyClicks(entry, QStringLiteral("Team/App"));
    QVERIFY(!pull->isEnabled());
    auto* problem = dialog.findChild<QLabel*>(QStringLiteral("referenceProblem"));
    QCOMPARE(problem->text(), QStringLiteral("Repository names must be lowercase."));
    QTest::keyClick(entry, Qt::Key_Return);
    QVERIFY(!api.calls.contains(QStringLiteral("pull Team/App")));
    entry->setText(QStringLiteral("team/app"));
    QVERIFY(pull->isEnabled());
    QVERIFY(problem->text().isEmpty());
}

void ImageActionsTest::pullDialogShowsTheEnginesErrorVerbatim() {
    FakeEngineApi api;
    ImageProgressDialog dialog(&api, ImageProgressDialog::Mode::Pull, QStringLiteral("team/app:nope"));
    dialog.show();
    dialog.start();
    // A registry's 404 comes after the 200, as the stream's last line.
    const QString words = QStringLiteral("manifest for team/app:nope not found: manifest unknown: manifest unknown");
    api.streams.back()->send(line(R"({"status":"Pulling from team/app","id":"nope"})"));
    api.streams.back()->send(ProgressMessage{.id = {}, .status = {}, .current = 0, .total = 0, .error = words.toStdString()});
    api.streams.back()->end(true);
    QCOMPARE(dialog.errorText(), words);
    // An error before the stream starts is the answer's own message.
    dialog.start();
    const QString refused = QStringLiteral("invalid reference format");
    api.streams.back()->end(false, {400, refused});
    QCOMPARE(dialog.errorText(), refused);
    QVERIFY(!dialog.isRunning());
}

void ImageActionsTest::pullDialogCancels() {
    FakeEngineApi api;
    auto* dialog = new ImageProgressDialog(&api, ImageProgressDialog::Mode::Pull, QStringLiteral("busybox"));
    dialog->show();
    dialog->start();
    QPointer<FakeProgressStream> stream = api.streams.back();
    sendPullStart(*stream);
    auto* cancel = dialog->findChild<QPushButton*>(QStringLiteral("cancelButton"));
    QVERIFY(cancel->isEnabled());
    QTest::mouseClick(cancel, Qt::LeftButton);
    QVERIFY(stream->cancelled);
    QVERIFY(!dialog->isRunning());
    QVERIFY(!cancel->isEnabled());
    // Escape ends the pull too.
    dialog->start();
    QPointer<FakeProgressStream> escaped = api.streams.back();
    QTest::keyClick(dialog, Qt::Key_Escape);
    QVERIFY(escaped->cancelled);
    QVERIFY(!dialog->isRunning());
    // Closing a running dialog ends its stream with it.
    dialog->start();
    QPointer<FakeProgressStream> second = api.streams.back();
    delete dialog;
    QVERIFY(second.isNull());
}

void ImageActionsTest::severalPullsAtOnce() {
    auto* owned = new FakeEngineApi; // the state owns its engine
    FakeEngineApi& api = *owned;
    berth::ui::EngineState state(owned);
    berth::ui::ImagesPage page({nullptr, &state}, QIcon());
    page.show();
    auto* first = page.openPull(QStringLiteral("busybox"));
    auto* second = page.openPull(QStringLiteral("alpine"));
    first->start();
    second->start();
    QCOMPARE(api.streams.size(), size_t{2});
    sendPullStart(*api.streams[1]);
    QCOMPARE(second->layers()->rowCount(), 2);
    QCOMPARE(first->layers()->rowCount(), 0);
    QVERIFY(first->isRunning() && second->isRunning());
    QVERIFY(!first->isModal());
    // The page's Pull action (Ctrl+P) opens another.
    auto* pullAction = page.findChild<QAction*>(QStringLiteral("pullImageAction"));
    QCOMPARE(pullAction->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_P));
    pullAction->trigger();
    QCOMPARE(page.findChildren<ImageProgressDialog*>().size(), 3);
}

void ImageActionsTest::tagDialogTagsAndShowsTheEnginesError() {
    FakeEngineApi api;
    api.images = {berth::test::makeImage("sha256:" + std::string(64, 'a'), {"busybox:latest"}, 1000)};
    berth::ui::TagDialog dialog(&api, QStringLiteral("busybox:latest"));
    dialog.show();
    auto* tag = dialog.findChild<QPushButton*>(QStringLiteral("tagButton"));
    QVERIFY(!tag->isEnabled());
    dialog.setTarget(QStringLiteral("Mine"));
    QVERIFY(!tag->isEnabled());
    QVERIFY(!dialog.problemText().isEmpty());
    dialog.setTarget(QStringLiteral("mine/busybox:v1"));
    QVERIFY(tag->isEnabled());
    QSignalSpy tagged(&dialog, &berth::ui::TagDialog::tagged);
    QTest::mouseClick(tag, Qt::LeftButton);
    QTRY_COMPARE(tagged.size(), 1);
    QCOMPARE(api.calls.last(), QStringLiteral("tag busybox:latest mine/busybox:v1"));
    QCOMPARE(api.images.front().repo_tags.back(), std::string("mine/busybox:v1"));
    QCOMPARE(dialog.result(), int(QDialog::Accepted));

    berth::ui::TagDialog missing(&api, QStringLiteral("gone:1"));
    missing.show();
    missing.setTarget(QStringLiteral("other:1"));
    missing.tag();
    QTRY_COMPARE(missing.problemText(), QStringLiteral("No such image: gone:1"));
    QVERIFY(missing.isVisible());
}

void ImageActionsTest::pruneReportsTheSpaceReclaimed() {
    auto* owned = new FakeEngineApi; // the state owns its engine
    FakeEngineApi& api = *owned;
    api.pruneReport = {2, 5'000'000};
    berth::ui::EngineState state(owned);
    berth::ui::ImagesPage page({nullptr, &state}, QIcon());
    page.show();
    page.prune(false);
    auto* notice = page.findChild<berth::ui::NoticeBar*>();
    QTRY_COMPARE(notice->text(), QStringLiteral("Removed 2 image(s); reclaimed 5.0 MB."));
    QCOMPARE(api.calls.last(), QStringLiteral("prune-images"));
    page.prune(true);
    QCOMPARE(api.calls.last(), QStringLiteral("prune-images -a"));
}

// Prune's question comes after GET /system/df and names what "all unused" would
// reclaim; answered with the check box set, it prunes all unused images.
void ImageActionsTest::pruneAsksWithTheSpaceItWouldReclaim() {
    auto* owned = new FakeEngineApi;
    FakeEngineApi& api = *owned;
    api.diskUsageRows = {{"Images", 3, 1, 9'000'000, 7'500'000}};
    api.pruneReport = {2, 7'500'000};
    berth::ui::EngineState state(owned);
    berth::ui::ImagesPage page({nullptr, &state}, QIcon());
    page.show();
    QString informative;
    bool answered = false;
    QTimer answer;
    answer.setInterval(20);
    connect(&answer, &QTimer::timeout, &page, [&] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (!box || answered) return;
        answered = true;
        informative = box->informativeText();
        box->checkBox()->setChecked(true);
        for (QAbstractButton* button : box->buttons())
            if (button->text() == QStringLiteral("Prune")) button->click();
    });
    answer.start();
    page.findChild<QAction*>(QStringLiteral("pruneImagesAction"))->trigger();
    QTRY_VERIFY(answered);
    QCOMPARE(informative, QStringLiteral("All unused images, tagged ones too, would reclaim 7.5 MB."));
    QVERIFY(api.calls.contains(QStringLiteral("df")));
    QTRY_COMPARE(api.calls.last(), QStringLiteral("prune-images -a"));
    QTRY_COMPARE(page.findChild<berth::ui::NoticeBar*>()->text(), QStringLiteral("Removed 2 image(s); reclaimed 7.5 MB."));
}

void ImageActionsTest::layersDialogShowsTheHistory() {
    FakeEngineApi api;
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    api.history[QStringLiteral("app:1")] = {
        {QStringLiteral("sha256:1"), now - 3 * 86400, QStringLiteral("/bin/sh -c #(nop)  CMD [\"sh\"]"), {}, 0, {}},
        {QStringLiteral("<missing>"), now - 4 * 86400, QStringLiteral("RUN apt-get install -y curl"), {}, 42'000'000,
         QStringLiteral("buildkit.dockerfile.v0")}};
    berth::ui::LayersDialog dialog(&api, QStringLiteral("app:1"));
    dialog.show();
    QTRY_COMPARE(dialog.table()->rowCount(), 2);
    QCOMPARE(dialog.table()->item(0, berth::ui::LayersDialog::CreatedBy)->text(), QStringLiteral("CMD [\"sh\"]"));
    QCOMPARE(dialog.table()->item(1, berth::ui::LayersDialog::Size)->text(), QStringLiteral("42.0 MB"));
    QCOMPARE(dialog.table()->item(1, berth::ui::LayersDialog::Created)->text(), QStringLiteral("4 day(s) ago"));
    QCOMPARE(dialog.table()->item(1, berth::ui::LayersDialog::Comment)->text(), QStringLiteral("buildkit.dockerfile.v0"));
    QVERIFY(dialog.statusText().startsWith(QStringLiteral("2 layer(s)")));

    berth::ui::LayersDialog missing(&api, QStringLiteral("nope:1"));
    QTRY_COMPARE(missing.statusText(), QStringLiteral("No such image: nope:1"));
}

namespace {
// A pull of five layers caught mid-way, as dockerd streams it.
void sendMidPull(FakeProgressStream& stream) {
    stream.send(line(R"({"status":"Pulling from library/postgres","id":"17"})"));
    stream.send(line(R"({"status":"Already exists","progressDetail":{},"id":"6e909acdb790"})"));
    stream.send(line(R"({"status":"Pull complete","progressDetail":{},"id":"8e4d2f3a1b7c"})"));
    stream.send(line(R"({"status":"Extracting","progressDetail":{"current":21495808,"total":35340286},"id":"b0b3a4e9c5d1"})"));
    stream.send(line(R"({"status":"Downloading","progressDetail":{"current":38273024,"total":108834532},"id":"c9f1e2d3a4b5"})"));
    stream.send(line(R"({"status":"Waiting","progressDetail":{},"id":"d4c3b2a1f0e9"})"));
}
} // namespace

void ImageActionsTest::screenshotsMidPull() {
    FakeEngineApi api;
    {
        ImageProgressDialog dialog(&api, ImageProgressDialog::Mode::Pull, QStringLiteral("postgres:17"));
        dialog.show();
        dialog.start();
        sendMidPull(*api.streams.back());
        QVERIFY(dialog.overallPercent() > 0 && dialog.overallPercent() < 100);
        QVERIFY(berth::test::saveLightAndDarkScreenshots(dialog, QStringLiteral("pull-dialog-progress")));
        QVERIFY(berth::test::distinctColors(dialog.grab().toImage()) > 16);
    }
    // Chinese, as a zh_CN desktop starts the app (app/berth/main.cpp's lookup).
    const QLocale chinese(QLocale::Chinese, QLocale::China);
    berth::ui::AppTranslations installed = berth::ui::installTranslations(chinese);
    QVERIFY(installed.berth);
    {
        ImageProgressDialog dialog(&api, ImageProgressDialog::Mode::Pull, QStringLiteral("postgres:17"));
        dialog.show();
        dialog.start();
        sendMidPull(*api.streams.back());
        // Each layer's line is one Chinese sentence ("35%，38.3 MB/108.8 MB"), no
        // English parentheses around translated pieces.
        auto* table = dialog.findChild<QTableView*>();
        QVERIFY(table);
        QString progress;
        for (int row = 0; row < table->model()->rowCount(); ++row)
            progress += table->model()->index(row, berth::ui::LayerProgressModel::Progress).data().toString() + QLatin1Char('\n');
        QVERIFY2(progress.contains(QStringLiteral("%，")) && !progress.contains(QLatin1Char('(')) &&
                     !progress.contains(QStringLiteral("（")),
                 qPrintable(progress));
        QVERIFY(berth::test::saveLightAndDarkScreenshots(dialog, QStringLiteral("pull-dialog-progress-zh_CN")));
    }
    berth::ui::removeTranslations(installed);
}

void ImageActionsTest::emptyPageOffersAPull() {
    auto* owned = new FakeEngineApi; // the state owns its engine
    berth::ui::EngineState state(owned);
    berth::ui::ImagesPage page({nullptr, &state}, QIcon());
    page.show();
    state.engineConnected();
    auto* button = page.findChild<QPushButton*>(QStringLiteral("emptyPullButton"));
    auto* table = page.findChild<QTableView*>(QStringLiteral("imagesTable"));
    QTRY_VERIFY(button->isVisible());
    QVERIFY(!table->isVisible());
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(page.findChildren<ImageProgressDialog*>().size(), 1);
    // The first image (a pull's event) brings the table back.
    owned->images = {berth::test::makeImage("sha256:" + std::string(64, 'b'), {"busybox:latest"}, 1000)};
    owned->sendEvent("image", "pull", "busybox:latest");
    QTRY_VERIFY(table->isVisible());
    QVERIFY(!button->isVisible());
}

void ImageActionsTest::everyControlIsNamed() {
    FakeEngineApi api;
    ImageProgressDialog pull(&api, ImageProgressDialog::Mode::Pull, QStringLiteral("busybox"));
    pull.show();
    QVERIFY2(unnamedControls(pull).isEmpty(), qPrintable(unnamedControls(pull).join(u',')));
    ImageProgressDialog push(&api, ImageProgressDialog::Mode::Push, QStringLiteral("busybox"));
    push.show();
    QVERIFY2(unnamedControls(push).isEmpty(), qPrintable(unnamedControls(push).join(u',')));
    berth::ui::TagDialog tag(&api, QStringLiteral("busybox"));
    tag.show();
    QVERIFY2(unnamedControls(tag).isEmpty(), qPrintable(unnamedControls(tag).join(u',')));
    berth::ui::LayersDialog layers(&api, QStringLiteral("busybox"));
    layers.show();
    QVERIFY2(unnamedControls(layers).isEmpty(), qPrintable(unnamedControls(layers).join(u',')));
}

QTEST_MAIN(ImageActionsTest)
#include "image_actions_test.moc"
