// The main window's menu bar against a real berthd: View has one entry per page
// of the registry, in sidebar order, with Ctrl+1…, and choosing one (or pressing
// its keys) shows that page, the current page checked; File's Log In to
// Registry… and Log Out of Registry… open the Images page's one Log In dialog
// from any page, and Quit closes the window; Help > About Berth shows the app's
// version and what the engine's GET /version says, without blocking. Every menu
// is named for a screen reader. Screenshots of the menus and the About dialog,
// light and dark, English and Chinese.
#include "gui_test_helpers.h"
#include "support/berthd_process.h"
#include "test_artifacts.h"

#include "api/client/client.h"
#include "base/build_info.h"
#include "ui/app_translations.h"
#include "ui/dialogs/about_dialog.h"
#include "ui/dialogs/registry_login_dialog.h"
#include "ui/main_window.h"
#include "ui/pages/page.h"

#include <QAction>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest/QTest>
#include <nlohmann/json.hpp>

using berth::testing::BerthdProcess;
using berth::ui::AboutDialog;
using berth::ui::MainWindow;
using berth::ui::RegistryLoginDialog;

namespace {
constexpr int kTimeoutMs = 10'000;

QMenu* menuNamed(MainWindow& window, const char* objectName) {
    return window.menuBar()->findChild<QMenu*>(QLatin1String(objectName));
}

// The View menu's page entries, in menu order.
QList<QAction*> pageEntries(MainWindow& window) {
    QList<QAction*> entries;
    for (QAction* action : menuNamed(window, "viewMenu")->actions())
        if (action->objectName().startsWith(QStringLiteral("viewPage-"))) entries << action;
    return entries;
}

QStringList sidebarTitles(MainWindow& window) {
    QStringList titles;
    auto* sidebar = window.findChild<QListWidget*>(QStringLiteral("sidebar"));
    for (int row = 0; row < sidebar->count(); ++row) titles << sidebar->item(row)->text();
    return titles;
}
} // namespace

class MainMenuTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();
    void viewEntriesAreThePagesAndSwitchThem();
    void ctrlDigitShowsThePage();
    void logInAndLogOutOpenTheOneDialogFromAnyPage();
    void quitClosesTheWindow();
    void aboutShowsTheEngineVersion();
    void containerMenuIsTheContainersPagesOwn();
    void menusAreNamed();
    void screenshots();

private:
    void saveMenu(MainWindow& window, const char* menu, const QString& baseName);

    BerthdProcess berthd_;
    QTemporaryDir dockerConfig_;
    std::unique_ptr<MainWindow> window_;
};

void MainMenuTest::initTestCase() {
    QVERIFY2(berthd_.start(), qPrintable(QString::fromStdString(berthd_.log())));
    // The Log In dialog reads the docker config: one of the test's own, never the user's.
    QVERIFY(dockerConfig_.isValid());
    qputenv("DOCKER_CONFIG", dockerConfig_.path().toLocal8Bit());
}

void MainMenuTest::cleanupTestCase() {
    qunsetenv("DOCKER_CONFIG");
}

void MainMenuTest::init() {
    QSettings().remove(QStringLiteral("window/geometry")); // the default size, whatever another test left
    window_ = std::make_unique<MainWindow>(QString::fromStdString(berthd_.host()));
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
}

void MainMenuTest::cleanup() {
    window_.reset();
}

void MainMenuTest::viewEntriesAreThePagesAndSwitchThem() {
    const QList<QAction*> entries = pageEntries(*window_);
    QStringList texts;
    for (QAction* entry : entries) texts << entry->text();
    QCOMPARE(texts, sidebarTitles(*window_));
    QVERIFY(entries.size() >= 7);
    // Shown from the start: the current page (Containers) is checked.
    QCOMPARE(window_->currentPageId(), QStringLiteral("containers"));
    QVERIFY(entries.front()->isChecked());
    for (qsizetype i = entries.size() - 1; i >= 0; --i) {
        const QString pageId = entries[i]->data().toString();
        QVERIFY(window_->page(pageId));
        QCOMPARE(entries[i]->shortcut(), QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i)));
        entries[i]->trigger();
        QCOMPARE(window_->currentPageId(), pageId);
        QVERIFY(window_->page(pageId)->isVisible());
        for (qsizetype j = 0; j < entries.size(); ++j) QCOMPARE(entries[j]->isChecked(), j == i);
    }
    // The other way: a page shown from elsewhere (the sidebar, a link) checks its entry.
    window_->showPage(QStringLiteral("engine"));
    for (QAction* entry : entries) QCOMPARE(entry->isChecked(), entry->data().toString() == QStringLiteral("engine"));
}

void MainMenuTest::ctrlDigitShowsThePage() {
    const QList<QAction*> entries = pageEntries(*window_);
    window_->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window_.get()));
    QTest::keyClick(window_.get(), Qt::Key_2, Qt::ControlModifier);
    QCOMPARE(window_->currentPageId(), entries[1]->data().toString());
    QTest::keyClick(window_.get(), Qt::Key_1, Qt::ControlModifier);
    QCOMPARE(window_->currentPageId(), entries[0]->data().toString());
}

void MainMenuTest::logInAndLogOutOpenTheOneDialogFromAnyPage() {
    QMenu* file = menuNamed(*window_, "fileMenu");
    QVERIFY(file);
    QAction* logIn = nullptr;
    QAction* logOut = nullptr;
    for (QAction* action : file->actions()) {
        if (action->objectName() == QStringLiteral("registryLoginAction")) logIn = action;
        if (action->objectName() == QStringLiteral("registryLogoutAction")) logOut = action;
    }
    QVERIFY(logIn && logOut);
    QCOMPARE(logIn->text(), QStringLiteral("Log In to Registry…"));
    // The Images page's own action, not a copy: its toolbar button reads "Log In…".
    QCOMPARE(logIn->parent(), window_->page(QStringLiteral("images")));
    QCOMPARE(logIn->iconText(), QStringLiteral("Log In…"));

    window_->showPage(QStringLiteral("engine"));
    logIn->trigger();
    QList<RegistryLoginDialog*> dialogs = window_->findChildren<RegistryLoginDialog*>();
    QCOMPARE(dialogs.size(), 1);
    QVERIFY(dialogs.front()->isVisible() && !dialogs.front()->isModal());
    QCOMPARE(window_->currentPageId(), QStringLiteral("engine")); // it opens over the page the user is on
    auto* logInButton = dialogs.front()->findChild<QPushButton*>(QStringLiteral("logInButton"));
    auto* logOutButton = dialogs.front()->findChild<QPushButton*>(QStringLiteral("logOutButton"));
    QVERIFY(logInButton->isDefault() && !logOutButton->isDefault());

    // Log Out… brings the same dialog forward with Log Out as its default button.
    logOut->trigger();
    QCOMPARE(window_->findChildren<RegistryLoginDialog*>().size(), 1);
    QVERIFY(logOutButton->isDefault() && !logInButton->isDefault());
}

void MainMenuTest::quitClosesTheWindow() {
    QMenu* file = menuNamed(*window_, "fileMenu");
    QAction* quit = file->actions().constLast();
    QCOMPARE(quit->objectName(), QStringLiteral("quitAction"));
    QCOMPARE(quit->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->trigger();
    QTRY_VERIFY(!window_->isVisible());
}

void MainMenuTest::aboutShowsTheEngineVersion() {
    berth::api::EngineClient client(berthd_.host());
    auto version = client.get_json("/version");
    QVERIFY2(version.has_value(), version ? "" : version.error().message().c_str());

    QMenu* help = menuNamed(*window_, "helpMenu");
    QVERIFY(help);
    QCOMPARE(help->actions().size(), 1);
    help->actions().front()->trigger();
    auto* about = window_->findChild<AboutDialog*>();
    QVERIFY(about);
    QVERIFY(about->isVisible() && !about->isModal());
    auto value = [about](const char* name) { return about->findChild<QLabel*>(QLatin1String(name))->text(); };
    QCOMPARE(value("aboutAppVersion"), QString::fromLatin1(berth::berth_version()));
    QCOMPARE(value("aboutEngineHost"), QString::fromStdString(berthd_.host()));
    QTRY_COMPARE_WITH_TIMEOUT(value("aboutEngineVersion"),
                              QString::fromStdString(version->value("Version", std::string())), kTimeoutMs);
    QCOMPARE(value("aboutApiVersion"), QString::fromStdString(version->value("ApiVersion", std::string())));
    QVERIFY(!value("aboutApiVersion").isEmpty());
    QCOMPARE(value("aboutEngine"),
             QString::fromStdString(version->value(nlohmann::json::json_pointer("/Platform/Name"), std::string())));
    QVERIFY2(berth::test::unnamedControls(*about).isEmpty(), qPrintable(berth::test::unnamedControls(*about).join(u',')));
    // About again: the one dialog.
    help->actions().front()->trigger();
    QCOMPARE(window_->findChildren<AboutDialog*>().size(), 1);
}

// The Containers page's actions, reached from the menu bar (the keyboard, a
// screen reader) without its context menu; shown only with that page.
void MainMenuTest::containerMenuIsTheContainersPagesOwn() {
    QMenu* menu = menuNamed(*window_, "containersMenu");
    QVERIFY(menu);
    QCOMPARE(window_->currentPageId(), QStringLiteral("containers"));
    QVERIFY(menu->menuAction()->isVisible());
    QStringList texts;
    for (QAction* action : menu->actions())
        if (!action->isSeparator()) texts << action->text();
    QCOMPARE(texts, (QStringList{QStringLiteral("Run\u2026"), QStringLiteral("Start"), QStringLiteral("Stop"),
                                 QStringLiteral("Restart"), QStringLiteral("Pause"), QStringLiteral("Unpause"),
                                 QStringLiteral("Kill"), QStringLiteral("Remove"), QStringLiteral("Logs"),
                                 QStringLiteral("Terminal"), QStringLiteral("Inspect"), QStringLiteral("Files"),
                                 QStringLiteral("Stats")}));
    // The page's own actions, not copies: they follow its selection (none yet).
    berth::ui::Page* page = window_->page(QStringLiteral("containers"));
    for (const char* name : {"startAction", "inspectAction", "removeAction"}) {
        auto* action = page->findChild<QAction*>(QLatin1String(name));
        QVERIFY2(action && menu->actions().contains(action), name);
        QVERIFY2(!action->isEnabled(), name);
    }
    window_->showPage(QStringLiteral("images"));
    QVERIFY(!menu->menuAction()->isVisible());
    window_->showPage(QStringLiteral("containers"));
    QVERIFY(menu->menuAction()->isVisible());
}

void MainMenuTest::menusAreNamed() {
    QMenuBar* bar = window_->menuBar();
    QVERIFY(!bar->accessibleName().isEmpty());
    QStringList titles;
    for (QAction* top : bar->actions()) {
        QMenu* menu = top->menu();
        QVERIFY(menu);
        titles << menu->accessibleName();
        for (QAction* action : menu->actions())
            QVERIFY2(action->isSeparator() || !action->text().isEmpty(), qPrintable(menu->accessibleName()));
    }
    QCOMPARE(titles, (QStringList{QStringLiteral("File"), QStringLiteral("View"), QStringLiteral("Container"),
                                  QStringLiteral("Help")}));
}

void MainMenuTest::saveMenu(MainWindow& window, const char* menuName, const QString& baseName) {
    QMenu* menu = menuNamed(window, menuName);
    menu->popup(window.mapToGlobal(QPoint(0, window.menuBar()->height())));
    QVERIFY(QTest::qWaitForWindowExposed(menu));
    QVERIFY(berth::test::saveLightAndDarkScreenshots(*menu, baseName));
    menu->hide();
}

void MainMenuTest::screenshots() {
    saveMenu(*window_, "containersMenu", QStringLiteral("menu-container"));
    window_->showPage(QStringLiteral("images"));
    saveMenu(*window_, "fileMenu", QStringLiteral("menu-file"));
    saveMenu(*window_, "viewMenu", QStringLiteral("menu-view"));
    QVERIFY(berth::test::saveLightAndDarkScreenshots(*window_, QStringLiteral("main-window-menu")));
    AboutDialog* about = window_->showAbout();
    QTRY_VERIFY_WITH_TIMEOUT(about->findChild<QLabel*>(QStringLiteral("aboutApiVersion"))->text() != QString(QChar(0x2014)),
                             kTimeoutMs);
    QVERIFY(berth::test::saveLightAndDarkScreenshots(*about, QStringLiteral("about")));
    window_.reset();

    berth::ui::AppTranslations installed = berth::ui::installTranslations(QLocale(QLocale::Chinese, QLocale::China));
    QVERIFY(installed.berth);
    {
        MainWindow chinese(QString::fromStdString(berthd_.host()));
        chinese.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chinese));
        QCOMPARE(menuNamed(chinese, "fileMenu")->title(), QStringLiteral("文件(&F)"));
        saveMenu(chinese, "fileMenu", QStringLiteral("menu-file-zh_CN"));
        saveMenu(chinese, "viewMenu", QStringLiteral("menu-view-zh_CN"));
        saveMenu(chinese, "containersMenu", QStringLiteral("menu-container-zh_CN"));
        AboutDialog* chineseAbout = chinese.showAbout();
        QTRY_VERIFY_WITH_TIMEOUT(
            chineseAbout->findChild<QLabel*>(QStringLiteral("aboutApiVersion"))->text() != QString(QChar(0x2014)),
            kTimeoutMs);
        QVERIFY(berth::test::saveLightAndDarkScreenshots(*chineseAbout, QStringLiteral("about-zh_CN")));
    }
    berth::ui::removeTranslations(installed);
}

QTEST_MAIN(MainMenuTest)
#include "main_menu_test.moc"
