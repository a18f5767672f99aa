// The Chinese translation is built into the app (:/i18n/berth_zh_CN.qm) and is
// the one app/berth/main.cpp's locale lookup finds for zh_CN; once installed,
// the widgets speak it.
#include "fake_engine_api.h"

#include "ui/app_translations.h"
#include "ui/client/image_reference.h"
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
#include <QListWidget>
#include <QLocale>
#include <QTranslator>
#include <QtTest/QTest>

class TranslationZhCnTest : public QObject {
    Q_OBJECT
private slots:
    void zhCnLoadsByLocaleAndTranslatesTheWidgets();
    void theNewPagesInChinese();
    void qtsOwnButtonsInChinese();
    void aLayersProgressReadsAsOneChineseSentence();
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
        QVERIFY(berth::test::saveLightAndDarkScreenshots(window, QStringLiteral("page-compose-zh_CN")));
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
    const QLocale previous;
    QLocale::setDefault(QLocale(QLocale::Chinese, QLocale::China));
    berth::ui::LayerProgressModel model;
    berth::api::types::ProgressMessage message;
    message.id = "aaaaaaaaaaaa";
    message.status = "Downloading";
    message.current = 1'200'000;
    message.total = 3'400'000;
    model.apply(message);
    const QString text = model.index(0, berth::ui::LayerProgressModel::Progress).data().toString();
    QLocale::setDefault(previous);
    berth::ui::removeTranslations(installed);
    const QLocale chinese(QLocale::Chinese, QLocale::China);
    QCOMPARE(text, QStringLiteral("35%，%1/%2").arg(chinese.formattedDataSize(1'200'000, 1, QLocale::DataSizeSIFormat),
                                                 chinese.formattedDataSize(3'400'000, 1, QLocale::DataSizeSIFormat)));
}

QTEST_MAIN(TranslationZhCnTest)
#include "translation_zh_CN_test.moc"
