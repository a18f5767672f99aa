// The areas not built yet must say so instead of showing made-up data; each page
// is also saved as a screenshot for people to look at.
#include "test_artifacts.h"

#include "ui/main_window.h"

#include <QLabel>
#include <QStackedWidget>
#include <QTemporaryDir>
#include <QtTest/QTest>

using berth::ui::MainWindow;

class PlaceholderPagesTest : public QObject {
    Q_OBJECT
private slots:
    void sayTheyAreNotBuiltYet_data();
    void sayTheyAreNotBuiltYet();
};

void PlaceholderPagesTest::sayTheyAreNotBuiltYet_data() {
    QTest::addColumn<QString>("page");
    for (const char* page : {"compose"})
        QTest::newRow(page) << QString::fromLatin1(page);
}

void PlaceholderPagesTest::sayTheyAreNotBuiltYet() {
    QFETCH(QString, page);
    // No engine is needed to show a placeholder: point the window at an empty directory.
    QTemporaryDir dir(QStringLiteral("/tmp/berth-gui-XXXXXX"));
    MainWindow window(QStringLiteral("unix://") + dir.filePath(QStringLiteral("berth.sock")));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.showPage(page);
    QCOMPARE(window.currentPageId(), page);

    auto* current = window.findChild<QStackedWidget*>(QStringLiteral("pages"))->currentWidget();
    auto* explanation = current->findChild<QLabel*>(QStringLiteral("placeholderExplanation"));
    QVERIFY(explanation);
    QVERIFY(explanation->isVisible());
    QVERIFY2(explanation->text().contains(QStringLiteral("not built yet")), qPrintable(explanation->text()));

    const QString name = QString::fromLatin1(QTest::currentDataTag()).toLower();
    QVERIFY(!berth::test::saveScreenshot(window, QStringLiteral("page-%1.png").arg(name)).isEmpty());
}

QTEST_MAIN(PlaceholderPagesTest)
#include "placeholder_pages_test.moc"
