// The Chinese translation is built into the app (:/i18n/berth_zh_CN.qm) and is
// the one app/berth/main.cpp's locale lookup finds for zh_CN; once installed,
// the widgets speak it.
#include "fake_engine_api.h"

#include "ui/app_translations.h"
#include "ui/client/image_reference.h"
#include "ui/models/containers_model.h"
#include "ui/models/engine_state.h"
#include "ui/models/images_model.h"
#include "ui/models/layer_progress_model.h"
#include "ui/details/files_tab.h"
#include "ui/dialogs/run_options.h"
#include "ui/details/terminal_tab.h"
#include "ui/main_window.h"
#include "test_artifacts.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QFile>
#include <QLibraryInfo>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QListWidget>
#include <QLocale>
#include <QTranslator>
#include <QAbstractItemView>
#include <QLabel>
#include <QtTest/QTest>

class TranslationZhCnTest : public QObject {
    Q_OBJECT
private slots:
    void zhCnLoadsByLocaleAndTranslatesTheWidgets();
    void theNewPagesInChinese();
    void qtsOwnButtonsInChinese();
    void aLayersProgressReadsAsOneChineseSentence();
    void datesAndSizesInTheUiLanguage();
    void aLocaleWithoutACatalogueKeepsItsFormats();
};

void TranslationZhCnTest::zhCnLoadsByLocaleAndTranslatesTheWidgets() {
    // What app/berth/main.cpp installs, for a Chinese locale.
    berth::ui::AppTranslations installed = berth::ui::installTranslations(QLocale(QLocale::Chinese, QLocale::China));
    QVERIFY(installed.berth);
    QVERIFY(installed.berth->filePath().endsWith(QStringLiteral("berth_zh_CN.qm")));

    QCOMPARE(QCoreApplication::translate("berth::ui::MainWindow", "Areas"), QStringLiteral("区域"));
    // Free functions' messages (lupdate files them under the namespace's context).
    QCOMPARE(berth::ui::referenceProblem(QStringLiteral("a b")), QStringLiteral("镜像引用不能包含空格。"));
    QCOMPARE(berth::ui::parseMemory(QStringLiteral("lots")).error(), QStringLiteral("无效的大小：'lots'"));
    berth::test::FakeEngineApi api;
    berth::ui::FilesTab files(&api, QStringLiteral("c"));
    auto* refresh = files.findChild<QAction*>(QStringLiteral("refreshAction"));
    QVERIFY(refresh);
    QCOMPARE(refresh->text(), QStringLiteral("刷新"));
    berth::ui::TerminalTab terminal(&api, QStringLiteral("c"));
    QCOMPARE(terminal.findChild<QAction*>(QStringLiteral("newShellAction"))->text(), QStringLiteral("新建 Shell"));
    QCOMPARE(files.accessibleName(), QStringLiteral("文件"));
    berth::ui::removeTranslations(installed);
}

// The Dockerfiles and Compose pages as a Chinese user sees them (screenshots
// page-dockerfiles-zh_CN-*.png and page-compose-zh_CN-*.png, light and dark).
void TranslationZhCnTest::theNewPagesInChinese() {
    QTranslator translator;
    QVERIFY(translator.load(QStringLiteral(":/i18n/berth_zh_CN.qm")));
    QVERIFY(QCoreApplication::installTranslator(&translator));
    {
        berth::ui::MainWindow window(QStringLiteral("unix:///nonexistent/berth.sock"));
        window.resize(1100, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.showPage(QStringLiteral("dockerfiles"));
        QCOMPARE(window.currentPageId(), QStringLiteral("dockerfiles"));
        QTest::qWait(50); // the page makes its widgets when first shown: let them lay out
        auto* build = window.findChild<QAction*>(QStringLiteral("dockerfileBuild"));
        QVERIFY(build);
        QCOMPARE(build->text(), QStringLiteral("构建…"));
        QVERIFY(berth::test::saveLightAndDarkScreenshots(window, QStringLiteral("page-dockerfiles-zh_CN")));
        window.showPage(QStringLiteral("compose"));
        QCOMPARE(window.currentPageId(), QStringLiteral("compose"));
        // No project: the Graph tab's hint, in Chinese.
        auto* hint = window.findChild<QLabel*>(QStringLiteral("composeGraphHintText"));
        QVERIFY(hint && hint->isVisible());
        QVERIFY2(hint->text().startsWith(QStringLiteral("未选择项目")), qPrintable(hint->text()));
        QVERIFY(berth::test::saveLightAndDarkScreenshots(window, QStringLiteral("page-compose-zh_CN")));
        // An empty list says why it is empty, in Chinese too: here no engine answers.
        window.showPage(QStringLiteral("volumes"));
        auto* volumes = window.findChild<QAbstractItemView*>(QStringLiteral("volumesTable"));
        QVERIFY(volumes);
        QVERIFY2(volumes->accessibleDescription().startsWith(QStringLiteral("引擎未连接")),
                 qPrintable(volumes->accessibleDescription()));
        QVERIFY(berth::test::saveLightAndDarkScreenshots(window, QStringLiteral("page-volumes-zh_CN")));
        window.showPage(QStringLiteral("engine"));
        QVERIFY(berth::test::saveLightAndDarkScreenshots(window, QStringLiteral("page-engine-zh_CN")));
    }
    QCoreApplication::removeTranslator(&translator);
}

// A zh_CN run as app/berth/main.cpp starts it: Qt's own buttons (QDialogButtonBox,
// QMessageBox) in Chinese from qtbase's catalogue, beside Berth's.
void TranslationZhCnTest::qtsOwnButtonsInChinese() {
    const QString qtbase = QLibraryInfo::path(QLibraryInfo::TranslationsPath) + QStringLiteral("/qtbase_zh_CN.qm");
    if (!QFile::exists(qtbase))
        QSKIP(qPrintable(qtbase + QStringLiteral(" is absent: Qt's own strings come from Debian's qt6-translations-l10n")));
    berth::ui::AppTranslations installed = berth::ui::installTranslations(QLocale(QLocale::Chinese, QLocale::China));
    QVERIFY(installed.qt);
    QVERIFY(installed.berth);
    QCOMPARE(installed.qt->filePath(), qtbase);
    {
        QDialogButtonBox buttons(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
        QCOMPARE(buttons.button(QDialogButtonBox::Ok)->text(), QStringLiteral("确定"));
        QCOMPARE(buttons.button(QDialogButtonBox::Cancel)->text(), QStringLiteral("取消"));
        QMessageBox box(QMessageBox::Question, QStringLiteral("t"), QStringLiteral("q"), QMessageBox::Yes | QMessageBox::No);
        QCOMPARE(box.button(QMessageBox::Yes)->text(), QStringLiteral("是(&Y)"));
        // Berth's own strings still come from Berth's catalogue.
        QCOMPARE(QCoreApplication::translate("berth::ui::MainWindow", "Areas"), QStringLiteral("区域"));
    }
    berth::ui::removeTranslations(installed);
    QVERIFY(!installed.qt && !installed.berth);
    QDialogButtonBox english(QDialogButtonBox::Cancel);
    QCOMPARE(english.button(QDialogButtonBox::Cancel)->text(), QStringLiteral("Cancel"));
}

// The pull dialog's per-layer progress is one translated sentence, not
// translated pieces joined with the English punctuation around them.
void TranslationZhCnTest::aLayersProgressReadsAsOneChineseSentence() {
    berth::ui::AppTranslations installed = berth::ui::installTranslations(QLocale(QLocale::Chinese, QLocale::China));
    QVERIFY(installed.berth);
    berth::ui::LayerProgressModel model; // its sizes in the default QLocale, which installTranslations set
    berth::api::types::ProgressMessage message;
    message.id = "aaaaaaaaaaaa";
    message.status = "Downloading";
    message.current = 1'200'000;
    message.total = 3'400'000;
    model.apply(message);
    const QString text = model.index(0, berth::ui::LayerProgressModel::Progress).data().toString();
    const QString status = model.index(0, berth::ui::LayerProgressModel::Status).data().toString();
    message.status = "Pull complete";
    model.apply(message);
    const QString complete = model.index(0, berth::ui::LayerProgressModel::Status).data().toString();
    message.id = "bbbbbbbbbbbb";
    message.status = "Mounted from library/busybox"; // not one of the known words: as the engine sent it
    model.apply(message);
    const QString other = model.index(1, berth::ui::LayerProgressModel::Status).data().toString();
    berth::ui::removeTranslations(installed);
    QCOMPARE(status, QStringLiteral("正在下载"));
    QCOMPARE(complete, QStringLiteral("拉取完成"));
    QCOMPARE(other, QStringLiteral("Mounted from library/busybox"));
    const QLocale chinese(QLocale::Chinese, QLocale::China);
    QCOMPARE(text, QStringLiteral("35%，%1/%2").arg(chinese.formattedDataSize(1'200'000, 1, QLocale::DataSizeSIFormat),
                                                 chinese.formattedDataSize(3'400'000, 1, QLocale::DataSizeSIFormat)));
}

// The Created columns and sizes follow the UI's language, not the formats of the
// process's locale (the tests' is C, as LANG=C.UTF-8 with LANGUAGE=zh_CN would
// be): "2023/11/14 22:13", not "14 Nov 2023 22:13:20" among Chinese words.
void TranslationZhCnTest::datesAndSizesInTheUiLanguage() {
    const QLocale before;
    const QLocale chinese(QLocale::Chinese, QLocale::China);
    QVERIFY(before.language() != QLocale::Chinese);
    berth::ui::AppTranslations installed = berth::ui::installTranslations(chinese);
    QVERIFY(installed.berth);
    QCOMPARE(QLocale().name(), QStringLiteral("zh_CN"));

    auto* api = new berth::test::FakeEngineApi;
    api->containers = {berth::test::makeContainer(std::string(64, '1'), "web", "running")};
    api->images = {berth::test::makeImage("sha256:" + std::string(64, 'a'), {"busybox:latest"}, 4'300'000)};
    berth::ui::EngineState state(api);
    QSignalSpy containersLoaded(state.containers(), &berth::ui::ContainersModel::loaded);
    state.containers()->reload();
    QTRY_COMPARE(containersLoaded.count(), 1);
    state.images()->reload();
    QTRY_COMPARE(state.images()->rowCount(), 1);
    const QDateTime containerCreated = QDateTime::fromSecsSinceEpoch(api->containers[0].created);
    const QString created =
        state.containers()->index(0, berth::ui::ContainersModel::Created).data().toString();
    const QString imageCreated = state.images()->index(0, berth::ui::ImagesModel::Created).data().toString();
    const QString imageSize = state.images()->index(0, berth::ui::ImagesModel::Size).data().toString();
    berth::ui::removeTranslations(installed);
    QCOMPARE(QLocale(), before);

    QCOMPARE(created, chinese.toString(containerCreated, QLocale::ShortFormat));
    QVERIFY2(created != before.toString(containerCreated, QLocale::ShortFormat), qPrintable(created));
    QVERIFY2(!created.contains(QStringLiteral("Nov")), qPrintable(created));
    QCOMPARE(imageCreated,
             chinese.toString(QDateTime::fromSecsSinceEpoch(api->images[0].created), QLocale::ShortFormat));
    QCOMPARE(imageSize, chinese.formattedDataSize(4'300'000, 1, QLocale::DataSizeSIFormat));
}

// A locale Berth has no catalogue for (English is the source) keeps its own
// conventions: en_GB writes 14/11/2023, not the C locale's 14 Nov 2023.
void TranslationZhCnTest::aLocaleWithoutACatalogueKeepsItsFormats() {
    const QLocale before;
    const QLocale british(QLocale::English, QLocale::UnitedKingdom);
    berth::ui::AppTranslations installed = berth::ui::installTranslations(british);
    QVERIFY(!installed.berth);
    QCOMPARE(QLocale().name(), QStringLiteral("en_GB"));
    berth::ui::removeTranslations(installed);
    QCOMPARE(QLocale(), before);
}

QTEST_MAIN(TranslationZhCnTest)
#include "translation_zh_CN_test.moc"
