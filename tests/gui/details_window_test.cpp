// The details window the Containers page opens: one tab per container (not two
// when asked twice), the asked-for tab current, Terminal and Files among the
// tabs, a merged log for several containers, and the window's geometry kept.
// No engine is needed: the tabs show their connection errors, which is fine here.
#include "ui/details/container_details.h"
#include "ui/details/details_window.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QtTest/QTest>

using namespace berth::ui;

class DetailsWindowTest : public QObject {
    Q_OBJECT
private slots:
    void opensEachContainerOnceOnTheAskedTab() {
        QTemporaryDir dir;
        const QString host = QStringLiteral("unix://") + dir.filePath(QStringLiteral("nothing.sock"));
        DetailsWindow window(host);
        window.showContainers({QStringLiteral("aaaa"), QStringLiteral("bbbb")}, {QStringLiteral("web"), QStringLiteral("db")},
                              QStringLiteral("Files"));
        QVERIFY(window.isVisible());
        DetailsArea* area = window.area();
        QCOMPARE(area->count(), 2);
        QCOMPARE(area->tabText(0), QStringLiteral("web"));
        ContainerDetails* web = area->details(QStringLiteral("aaaa"));
        QVERIFY(web);
        QCOMPARE(web->currentWidget(), web->tab(QLatin1String(ContainerDetails::kFiles)));
        QVERIFY(web->tab(QLatin1String(ContainerDetails::kTerminal)));
        for (const char* name : {ContainerDetails::kLogs, ContainerDetails::kStats, ContainerDetails::kInspect,
                                 ContainerDetails::kTop, ContainerDetails::kDetails})
            QVERIFY2(web->tab(QLatin1String(name)), name);

        window.showContainers({QStringLiteral("aaaa")}, {QStringLiteral("web")}, QStringLiteral("Inspect"));
        QCOMPARE(area->count(), 2);
        QCOMPARE(area->currentWidget(), web);
        QCOMPARE(web->currentWidget(), web->tab(QLatin1String(ContainerDetails::kInspect)));
    }

    void severalContainersOnLogsAlsoOpenTheirMergedLog() {
        DetailsWindow window(QStringLiteral("unix:///nonexistent/berth.sock"));
        window.showContainers({QStringLiteral("aaaa"), QStringLiteral("bbbb")}, {QStringLiteral("web"), QStringLiteral("db")},
                              QStringLiteral("Logs"));
        QCOMPARE(window.area()->count(), 3);
        QVERIFY(!qobject_cast<ContainerDetails*>(window.area()->currentWidget()));
        QCOMPARE(window.area()->tabText(2), QStringLiteral("2 containers"));
    }

    void closingTheLastContainerHidesTheWindowAndKeepsItsGeometry() {
        QSettings().remove(QStringLiteral("detailsWindow/geometry"));
        {
            DetailsWindow window(QStringLiteral("unix:///nonexistent/berth.sock"));
            window.showContainers({QStringLiteral("aaaa")}, {QStringLiteral("web")}, QStringLiteral("Top"));
            window.resize(760, 700); // within the offscreen screen, which restoreGeometry clamps to
            emit window.area()->tabCloseRequested(0);
            QTRY_VERIFY(!window.isVisible());
        }
        DetailsWindow again(QStringLiteral("unix:///nonexistent/berth.sock"));
        QCOMPARE(again.size(), QSize(760, 700));
    }
};

QTEST_MAIN(DetailsWindowTest)
#include "details_window_test.moc"
