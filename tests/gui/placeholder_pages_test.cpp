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
    void composeIsBuilt();
};

void PlaceholderPagesTest::sayTheyAreNotBuiltYet_data() {
    QTest::addColumn<QString>("page");
    // Every area is built now (Compose was the last); a new placeholder adds its id here.
    const QStringList placeholders;
    for (const QString& page : placeholders) QTest::newRow(qPrintable(page)) << page;
    if (placeholders.isEmpty()) QTest::newRow("none") << QString();
}

void PlaceholderPagesTest::sayTheyAreNotBuiltYet() {
    QFETCH(QString, page);
    if (page.isEmpty()) QSKIP("no area is a placeholder now");
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

void PlaceholderPagesTest::composeIsBuilt() {
    QTemporaryDir dir(QStringLiteral("/tmp/berth-gui-XXXXXX"));
    MainWindow window(QStringLiteral("unix://") + dir.filePath(QStringLiteral("berth.sock")));
    window.showPage(QStringLiteral("compose"));
    QCOMPARE(window.currentPageId(), QStringLiteral("compose"));
    auto* current = window.findChild<QStackedWidget*>(QStringLiteral("pages"))->currentWidget();
    QVERIFY(!current->findChild<QLabel*>(QStringLiteral("placeholderExplanation")));
    QVERIFY(current->findChild<QWidget*>(QStringLiteral("composeGraph")));
}

QTEST_MAIN(PlaceholderPagesTest)
#include "placeholder_pages_test.moc"
