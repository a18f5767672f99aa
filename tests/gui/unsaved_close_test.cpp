// Closing the window (its close button, Ctrl+Q) with unsaved edits in the
// Dockerfiles editor or the Compose page's YAML editor asks Save / Discard /
// Cancel without a nested event loop: Cancel keeps the window open and writes
// nothing, Discard closes it and writes nothing, Save writes the files, then closes.
// No engine is needed: the window points at a socket that does not exist.

#include "gui_test_helpers.h"
#include "test_artifacts.h"

#include "ui/app_translations.h"
#include "ui/compose/compose_editor.h"
#include "ui/compose/compose_editor_tab.h"
#include "ui/editor/dockerfile_editor.h"
#include "ui/main_window.h"
#include "ui/pages/compose_page.h"
#include "ui/pages/dockerfile_page.h"

#include <QAbstractButton>
#include <QAction>
#include <QCloseEvent>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QMessageBox>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest/QTest>

using berth::test::readFile;
using berth::test::writeFile;
using berth::ui::ComposePage;
using berth::ui::DockerfilePage;
using berth::ui::MainWindow;

namespace {

// The question the window shows while it waits for an answer; null when none is open.
QMessageBox* question(const MainWindow& window) {
    for (auto* box : window.findChildren<QMessageBox*>(QStringLiteral("unsavedOnClose")))
        if (box->isVisible()) return box;
    return nullptr;
}

// Sends a close event as the window manager would; true when it was accepted.
bool sendClose(MainWindow& window) {
    QCloseEvent event;
    QCoreApplication::sendEvent(&window, &event);
    return event.isAccepted();
}

void answer(MainWindow& window, QMessageBox::StandardButton button) {
    QMessageBox* box = question(window);
    QVERIFY(box);
    box->button(button)->click();
}

} // namespace

class UnsavedCloseTest : public QObject {
    Q_OBJECT
private slots:
    void init() {
        QVERIFY(dir_.isValid());
        dockerfile_ = dir_.filePath(QStringLiteral("Dockerfile"));
        QVERIFY(writeFile(dockerfile_, "FROM busybox\n"));
        window_ = std::make_unique<MainWindow>(QStringLiteral("unix://") + dir_.filePath(QStringLiteral("none.sock")));
        window_->show();
        page_ = qobject_cast<DockerfilePage*>(window_->page(QStringLiteral("dockerfiles")));
        QVERIFY(page_);
        QVERIFY(page_->openFile(dockerfile_));
    }
    void cleanup() { window_.reset(); }

    void closesAtOnceWithoutEdits() {
        QVERIFY(sendClose(*window_));
        QVERIFY(!question(*window_));
    }

    void cancelKeepsTheWindowAndWritesNothing() {
        page_->editor()->appendPlainText(QStringLiteral("RUN edited"));
        QVERIFY(!sendClose(*window_));
        QMessageBox* box = question(*window_);
        QVERIFY(box);
        QCOMPARE(box->windowModality(), Qt::WindowModal);
        QVERIFY(!box->accessibleName().isEmpty());
        // The file by its name (a full path wraps mid-path); the full path in the details.
        QCOMPARE(box->informativeText(), QStringLiteral("These files have unsaved changes:\nDockerfile"));
        QCOMPARE(box->detailedText(), dockerfile_);
        QVERIFY(berth::test::saveLightAndDarkScreenshots(*box, QStringLiteral("unsaved-on-close")));
        answer(*window_, QMessageBox::Cancel);
        QTest::qWait(50);
        QVERIFY(window_->isVisible());
        QVERIFY(!question(*window_));
        QCOMPARE(readFile(dockerfile_), QByteArray("FROM busybox\n"));
        QCOMPARE(page_->unsavedChanges(), QStringList{dockerfile_});
    }

    // As a zh_CN desktop starts the app (app/berth/main.cpp's lookup): Qt's own
    // buttons from qtbase's catalogue when it is installed, the rest from ours.
    void chineseScreenshot() {
        const QLocale chinese(QLocale::Chinese, QLocale::China);
        berth::ui::AppTranslations installed = berth::ui::installTranslations(chinese);
        QVERIFY(installed.berth);
        page_->editor()->appendPlainText(QStringLiteral("RUN edited"));
        QVERIFY(!sendClose(*window_));
        QMessageBox* box = question(*window_);
        QVERIFY(box);
        QVERIFY2(box->informativeText().endsWith(QStringLiteral("\nDockerfile")), qPrintable(box->informativeText()));
        QVERIFY2(!box->informativeText().startsWith(QStringLiteral("These files")), qPrintable(box->informativeText()));
        QVERIFY(berth::test::saveLightAndDarkScreenshots(*box, QStringLiteral("unsaved-on-close-zh_CN")));
        answer(*window_, QMessageBox::Cancel);
        berth::ui::removeTranslations(installed);
    }

    void discardClosesAndWritesNothing() {
        page_->editor()->appendPlainText(QStringLiteral("RUN edited"));
        QVERIFY(!sendClose(*window_));
        answer(*window_, QMessageBox::Discard);
        QTRY_VERIFY(!window_->isVisible());
        QCOMPARE(readFile(dockerfile_), QByteArray("FROM busybox\n"));
    }

    void saveWritesThenCloses() {
        page_->editor()->appendPlainText(QStringLiteral("RUN edited"));
        const QByteArray edited = page_->editor()->toPlainText().toUtf8();
        QVERIFY(edited.endsWith("RUN edited"));
        QVERIFY(!sendClose(*window_));
        answer(*window_, QMessageBox::Save);
        QTRY_VERIFY(!window_->isVisible());
        QCOMPARE(readFile(dockerfile_), edited);
        QVERIFY(page_->unsavedChanges().isEmpty());
    }

    // Ctrl+Q goes through the same question; the compose editor's unsaved text is listed and saved too.
    void ctrlQAsksForBothEditorsAndSavesBoth() {
        const QString composeFile = dir_.filePath(QStringLiteral("compose.yaml"));
        editInComposePage(composeFile);
        if (QTest::currentTestFailed()) return;
        page_->editor()->appendPlainText(QStringLiteral("RUN edited"));
        const QByteArray edited = page_->editor()->toPlainText().toUtf8();

        auto* quit = window_->findChild<QAction*>(QStringLiteral("quitAction"));
        QVERIFY(quit);
        QCOMPARE(quit->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Q));
        window_->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(window_.get()));
        QTest::keyClick(window_.get(), Qt::Key_Q, Qt::ControlModifier);
        QTRY_VERIFY(question(*window_));
        const QString listed = question(*window_)->informativeText();
        QVERIFY2(listed.contains(QStringLiteral("\ncompose.yaml")) && listed.contains(QStringLiteral("\nDockerfile")),
                 qPrintable(listed));
        QVERIFY(!listed.contains(dir_.path()));
        QVERIFY(question(*window_)->detailedText().contains(composeFile));
        QVERIFY(question(*window_)->detailedText().contains(dockerfile_));
        // A second Ctrl+Q while it waits: still the one question.
        QTest::keyClick(window_.get(), Qt::Key_Q, Qt::ControlModifier);
        QCOMPARE(window_->findChildren<QMessageBox*>(QStringLiteral("unsavedOnClose")).size(), 1);
        answer(*window_, QMessageBox::Save);
        QTRY_VERIFY(!window_->isVisible());
        QCOMPARE(readFile(dockerfile_), edited);
        QVERIFY(readFile(composeFile).endsWith("# edited"));
    }

    // Two files of one name are told apart by their folders' names.
    void twoFilesOfOneNameShowTheirFolders() {
        QVERIFY(QDir(dir_.path()).mkpath(QStringLiteral("web")));
        editInComposePage(dir_.filePath(QStringLiteral("web/Dockerfile"))); // YAML, whatever its name
        if (QTest::currentTestFailed()) return;
        page_->editor()->appendPlainText(QStringLiteral("RUN edited"));
        QVERIFY(!sendClose(*window_));
        QMessageBox* box = question(*window_);
        QVERIFY(box);
        const QString listed = box->informativeText();
        const QString tempFolder = QFileInfo(dir_.path()).fileName();
        QVERIFY2(listed.contains(QStringLiteral("\nDockerfile (web)")), qPrintable(listed));
        QVERIFY2(listed.contains(QStringLiteral("\nDockerfile (%1)").arg(tempFolder)), qPrintable(listed));
        answer(*window_, QMessageBox::Discard);
        QTRY_VERIFY(!window_->isVisible());
    }

private:
    // Writes a one-service project ("shop") to `file`, opens it on the Compose
    // page and leaves an unsaved edit in its YAML editor.
    void editInComposePage(const QString& file) {
        QVERIFY(writeFile(file, "name: shop\nservices:\n  web:\n    image: busybox\n"));
        auto* compose = qobject_cast<ComposePage*>(window_->page(QStringLiteral("compose")));
        QVERIFY(compose);
        QSignalSpy loaded(compose, &ComposePage::sourceLoaded);
        compose->openSource({{file}, {}, {}});
        QVERIFY(loaded.wait(5000));
        compose->selectProject(QStringLiteral("shop"));
        QTRY_COMPARE(compose->editorTab()->currentFile(), file);
        compose->editorTab()->editor()->appendPlainText(QStringLiteral("# edited"));
    }

    QTemporaryDir dir_;
    QString dockerfile_;
    std::unique_ptr<MainWindow> window_;
    DockerfilePage* page_ = nullptr;
};

QTEST_MAIN(UnsavedCloseTest)
#include "unsaved_close_test.moc"
