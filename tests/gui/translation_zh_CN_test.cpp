// The Chinese translation is built into the app (:/i18n/berth_zh_CN.qm) and is
// the one app/berth/main.cpp's locale lookup finds for zh_CN; once installed,
// the widgets speak it.
#include "ui/client/image_reference.h"
#include "ui/details/files_tab.h"
#include "ui/dialogs/run_options.h"
#include "ui/details/terminal_tab.h"
#include "ui/main_window.h"

#include <QAction>
#include <QListWidget>
#include <QLocale>
#include <QTranslator>
#include <QtTest/QTest>

class TranslationZhCnTest : public QObject {
    Q_OBJECT
private slots:
    void zhCnLoadsByLocaleAndTranslatesTheWidgets();
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

QTEST_MAIN(TranslationZhCnTest)
#include "translation_zh_CN_test.moc"
