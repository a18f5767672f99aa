// The Chinese translation is built into the app (:/i18n/berth_zh_CN.qm) and is
// the one app/berth/main.cpp's locale lookup finds for zh_CN; once installed,
// the widgets speak it.
#include "ui/client/image_reference.h"
#include "ui/details/files_tab.h"
#include "ui/dialogs/run_options.h"
#include "ui/details/terminal_tab.h"
#include "ui/main_window.h"
#include "test_artifacts.h"

#include <QAction>
#include <QListWidget>
#include <QLocale>
#include <QTranslator>
#include <QtTest/QTest>

class TranslationZhCnTest : public QObject {
    Q_OBJECT
private slots:
    void zhCnLoadsByLocaleAndTranslatesTheWidgets();
    void theNewPagesInChinese();
};

void TranslationZhCnTest::zhCnLoadsByLocaleAndTranslatesTheWidgets() {
    QTranslator translator;
    // The same lookup as app/berth/main.cpp, for a Chinese locale.
    QVERIFY(translator.load(QLocale(QLocale::Chinese, QLocale::China), QStringLiteral("berth"), QStringLiteral("_"),
                            QStringLiteral(":/i18n")));
    QVERIFY(translator.filePath().endsWith(QStringLiteral("berth_zh_CN.qm")));
    QVERIFY(QCoreApplication::installTranslator(&translator));

    QCOMPARE(QCoreApplication::translate("berth::ui::MainWindow", "Areas"), QStringLiteral("区域"));
    // Free functions' messages (lupdate files them under the namespace's context).
    QCOMPARE(berth::ui::referenceProblem(QStringLiteral("a b")), QStringLiteral("镜像引用不能包含空格。"));
    QCOMPARE(berth::ui::parseMemory(QStringLiteral("lots")).error(), QStringLiteral("无效的大小：'lots'"));
    berth::ui::FilesTab files(QStringLiteral("unix:///nonexistent/berth.sock"), QStringLiteral("c"));
    auto* refresh = files.findChild<QAction*>(QStringLiteral("refreshAction"));
    QVERIFY(refresh);
    QCOMPARE(refresh->text(), QStringLiteral("刷新"));
    berth::ui::TerminalTab terminal(QStringLiteral("unix:///nonexistent/berth.sock"), QStringLiteral("c"));
    QCOMPARE(terminal.findChild<QAction*>(QStringLiteral("newShellAction"))->text(), QStringLiteral("新建 Shell"));
    QCOMPARE(files.accessibleName(), QStringLiteral("文件"));
    QCoreApplication::removeTranslator(&translator);
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

QTEST_MAIN(TranslationZhCnTest)
#include "translation_zh_CN_test.moc"
