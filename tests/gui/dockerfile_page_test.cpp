// The Dockerfiles page against FakeEngineApi: a broken line is underlined at
// its line and column and listed in Problems; a lint quick fix applies and its
// warning goes away; completion; the .dockerignore tab; a build's step rows
// from a scripted stream, the failing step's line selected. Screenshots in
// light and dark (dockerfile-editor-{light,dark}.png).

#include "fake_engine_api.h"
#include "test_artifacts.h"

#include "ui/editor/build_dialog.h"
#include "ui/editor/build_log_view.h"
#include "ui/editor/dockerfile_editor.h"
#include "ui/models/engine_state.h"
#include "ui/pages/dockerfile_page.h"

#include <QAbstractItemView>
#include <QAction>
#include <QComboBox>
#include <QCompleter>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QFile>
#include <QListWidget>
#include <QSettings>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTreeWidget>
#include <QtTest/QTest>

using berth::test::FakeEngineApi;
using berth::ui::BuildLogView;
using berth::ui::DockerfilePage;

namespace {

bool writeFile(const QString& path, const QByteArray& text) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(text) == text.size();
}

// The rows of Problems as "line|rule".
QStringList problemRows(DockerfilePage& page) {
    QStringList rows;
    for (int i = 0; i < page.problems()->topLevelItemCount(); ++i)
        rows << page.problems()->topLevelItem(i)->text(0) + QLatin1Char('|') + page.problems()->topLevelItem(i)->text(2);
    return rows;
}

int rowOfRule(DockerfilePage& page, const QString& rule) {
    for (int i = 0; i < page.problems()->topLevelItemCount(); ++i)
        if (page.problems()->topLevelItem(i)->text(2) == rule) return i;
    return -1;
}

} // namespace

class DockerfilePageTest : public QObject {
    Q_OBJECT
private slots:
    void init() {
        QSettings().remove(QStringLiteral("dockerfiles"));
        api_ = new FakeEngineApi;
        state_ = std::make_unique<berth::ui::EngineState>(api_);
        page_ = std::make_unique<DockerfilePage>(berth::ui::PageContext{nullptr, state_.get()}, QIcon());
        page_->resize(1000, 700);
        page_->show();
        QVERIFY(dir_.isValid());
    }
    void cleanup() {
        page_.reset();
        state_.reset();
    }

    void brokenLineIsUnderlinedAtItsLineAndColumn() {
        const QString path = dir_.filePath(QStringLiteral("Dockerfile"));
        QVERIFY(writeFile(path, "FROM busybox:1.36\nUSER 1000\nCMD [\"sh\"]\n"));
        QVERIFY(page_->openFile(path));
        QTRY_VERIFY(!page_->analysisPending());
        QCOMPARE(problemRows(*page_), QStringList());

        // Typing a broken line: after the debounce it is underlined and listed.
        auto* editor = page_->editor();
        QTextCursor cursor(editor->document()->findBlockByNumber(1));
        cursor.insertText(QStringLiteral("  RUNN echo hi\n"));
        QVERIFY(page_->analysisPending());
        QTRY_VERIFY(!page_->analysisPending());
        QCOMPARE(problemRows(*page_).size(), 1);
        QVERIFY(problemRows(*page_).front().startsWith(QStringLiteral("2|")));
        QVERIFY(page_->problems()->topLevelItem(0)->text(1).contains(QStringLiteral("unknown instruction")));

        const QTextBlock line2 = editor->document()->findBlockByNumber(1);
        bool underlined = false;
        for (const auto& selection : editor->extraSelections()) {
            if (selection.format.underlineStyle() != QTextCharFormat::WaveUnderline) continue;
            QCOMPARE(selection.cursor.selectionStart(), line2.position() + 2); // column 3: after the indent
            QCOMPARE(selection.cursor.selectionEnd(), line2.position() + line2.length() - 1);
            underlined = true;
        }
        QVERIFY(underlined);
        // The tooltip's text: the finding under the mouse.
        QCOMPARE(editor->findingsAt(line2.position() + 4).size(), size_t(1));
        QVERIFY(editor->findingsAt(editor->document()->findBlockByNumber(0).position()).empty());

        // Clicking the problem moves the cursor to it.
        editor->moveCursor(QTextCursor::End);
        page_->problems()->itemClicked(page_->problems()->topLevelItem(0), 0);
        QCOMPARE(editor->textCursor().blockNumber(), 1);
        QCOMPARE(editor->textCursor().positionInBlock(), 2);

        // Fixed by typing: the problem goes.
        QTextCursor fix(editor->document()->findBlockByNumber(1));
        fix.movePosition(QTextCursor::Right, QTextCursor::MoveAnchor, 5);
        fix.deleteChar();
        QTRY_VERIFY(!page_->analysisPending());
        QCOMPARE(problemRows(*page_), QStringList());
    }

    void quickFixAppliesAndTheWarningGoes() {
        const QString path = dir_.filePath(QStringLiteral("Dockerfile"));
        QVERIFY(writeFile(path, "# syntax=docker/dockerfile:1\nFROM debian:13 AS build\nADD src /app\n"
                                "RUN apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nRUN cd /app && make\n\n"
                                "FROM busybox\nCOPY --from=build /app/out /usr/bin/app\nCMD app --serve\n"));
        QVERIFY(writeFile(dir_.filePath(QStringLiteral(".dockerignore")), "*.log\n"));
        QVERIFY(page_->openFile(path));
        // The .dockerignore beside it, in a tab.
        auto* tabs = page_->findChild<QTabWidget*>(QStringLiteral("dockerfileTabs"));
        QCOMPARE(tabs->count(), 2);
        QCOMPARE(tabs->tabText(1), QStringLiteral(".dockerignore"));
        QTRY_VERIFY(!page_->analysisPending());
        QVERIFY(rowOfRule(*page_, QStringLiteral("DL3020")) >= 0);
        QVERIFY(rowOfRule(*page_, QStringLiteral("DL3015")) >= 0);
        QVERIFY(berth::test::saveLightAndDarkScreenshots(*page_, QStringLiteral("dockerfile-editor")));

        // Through the light bulb: select the problem, trigger Quick Fix.
        page_->problems()->setCurrentItem(page_->problems()->topLevelItem(rowOfRule(*page_, QStringLiteral("DL3020"))));
        auto* fixAction = page_->findChild<QAction*>(QStringLiteral("dockerfileQuickFix"));
        QVERIFY(fixAction && fixAction->isEnabled());
        fixAction->trigger();
        QVERIFY(page_->editor()->toPlainText().contains(QStringLiteral("\nCOPY src /app\n")));
        QTRY_VERIFY(!page_->analysisPending());
        QCOMPARE(rowOfRule(*page_, QStringLiteral("DL3020")), -1);

        QVERIFY(page_->applyProblemFix(rowOfRule(*page_, QStringLiteral("DL3015"))));
        QVERIFY(page_->editor()->toPlainText().contains(QStringLiteral("apt-get install --no-install-recommends -y curl")));
        QTRY_VERIFY(!page_->analysisPending());
        QCOMPARE(rowOfRule(*page_, QStringLiteral("DL3015")), -1);
        // A fix is one undo step.
        page_->editor()->undo();
        QVERIFY(!page_->editor()->toPlainText().contains(QStringLiteral("--no-install-recommends")));
        page_->editor()->redo();
        // Saving writes the fixed text.
        QVERIFY(page_->save());
        QFile saved(path);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        QVERIFY(saved.readAll().contains("COPY src /app"));
        QCOMPARE(QSettings().value(QStringLiteral("dockerfiles/recentFiles")).toStringList().value(0), path);
    }

    void completesInstructionsFlagsAndImages() {
        auto* editor = page_->editor();
        editor->setImageNames({QStringLiteral("busybox:1.36"), QStringLiteral("alpine:3")});
        editor->setFocus();
        editor->setPlainText(QString());
        QTest::keyClicks(editor, QStringLiteral("WOR"));
        QCOMPARE(editor->completionsAtCursor(), QStringList{QStringLiteral("WORKDIR")});
        QTRY_VERIFY(editor->completer()->popup()->isVisible());
        QTest::keyClick(editor->completer()->popup(), Qt::Key_Return);
        QCOMPARE(editor->toPlainText(), QStringLiteral("WORKDIR "));
        editor->setPlainText(QString());
        QTest::keyClicks(editor, QStringLiteral("COPY --fr"));
        QCOMPARE(editor->completionsAtCursor(), QStringList{QStringLiteral("--from=")});
        editor->setPlainText(QString());
        QTest::keyClicks(editor, QStringLiteral("FROM bu"));
        QCOMPARE(editor->completionsAtCursor(), QStringList{QStringLiteral("busybox:1.36")});
    }

    void buildDialogMakesTheRequest() {
        const QString path = dir_.filePath(QStringLiteral("sub/Dockerfile.dev"));
        berth::ui::BuildDialog dialog(path, {QStringLiteral("build"), QStringLiteral("stage 1")});
        dialog.findChild<QLineEdit*>(QStringLiteral("buildContext"))->setText(dir_.path());
        dialog.findChild<QLineEdit*>(QStringLiteral("buildTags"))->setText(QStringLiteral("app:1, app:latest"));
        dialog.findChild<QPlainTextEdit*>(QStringLiteral("buildArgs"))->setPlainText(QStringLiteral("V=1\nEMPTY=\nbad\n"));
        dialog.setTarget(QStringLiteral("build"));
        const berth::ui::BuildRequest request = dialog.request();
        QCOMPARE(request.dockerfile, QStringLiteral("sub/Dockerfile.dev"));
        QCOMPARE(request.tags, (QStringList{QStringLiteral("app:1"), QStringLiteral("app:latest")}));
        QCOMPARE(request.buildArgs.value(QStringLiteral("V")), QStringLiteral("1"));
        QVERIFY(request.buildArgs.contains(QStringLiteral("EMPTY")));
        QCOMPARE(request.buildArgs.size(), 2);
        QCOMPARE(request.target, QStringLiteral("build"));
        QCOMPARE(QString::fromStdString(request.apiTarget()),
                 QStringLiteral("/build?rm=1&dockerfile=sub%2FDockerfile.dev&t=app%3A1&t=app%3Alatest&buildargs=%7B%22EMPTY%22%3A%22%22%2C%22V%22%3A%221%22%7D&target=build"));
    }

    void buildStepsAndTheFailingLine() {
        const QString path = dir_.filePath(QStringLiteral("Dockerfile"));
        QVERIFY(writeFile(path, "FROM busybox:1.36 AS base\nRUN echo one\n\nRUN false\nUSER 1000\n"));
        QVERIFY(page_->openFile(path));
        QTRY_VERIFY(!page_->analysisPending());
        QCOMPARE(page_->stageList()->count(), 1);
        // Folding the stage hides its lines; an edit unfolds.
        page_->editor()->toggleFold(1);
        QVERIFY(page_->editor()->isFolded(1));
        QVERIFY(page_->editor()->document()->findBlockByNumber(0).isVisible());
        QVERIFY(!page_->editor()->document()->findBlockByNumber(1).isVisible());
        QVERIFY(!page_->editor()->document()->findBlockByNumber(4).isVisible());
        page_->editor()->toggleFold(1);
        QVERIFY(page_->editor()->document()->findBlockByNumber(3).isVisible());
        page_->editor()->toggleFold(1);
        QTextCursor(page_->editor()->document()).insertText(QStringLiteral("# c\n"));
        QVERIFY(!page_->editor()->isFolded(1));
        QVERIFY(page_->editor()->document()->findBlockByNumber(4).isVisible());
        page_->editor()->undo();
        page_->startBuild({dir_.path(), QStringLiteral("Dockerfile"), {QStringLiteral("t:1")}, {}, {}, false});
        QCOMPARE(api_->builds.size(), size_t(1));
        auto* stream = api_->builds.front().data();
        stream->line(R"({"stream":"Step 1/4 : FROM busybox:1.36 AS base\n"})");
        stream->line(R"({"stream":" ---> 0123456789ab\n"})");
        stream->line(R"({"stream":"Step 2/4 : RUN echo one\n"})");
        stream->line(R"({"stream":" ---> Using cache\n ---> 123456789abc\n"})");
        stream->line(R"({"stream":"Step 3/4 : RUN false\n"})");
        stream->line(R"({"stream":" ---> Running in 23456789abcd\n"})");
        stream->line(R"({"errorDetail":{"code":1,"message":"The command '/bin/sh -c false' returned a non-zero code: 1"},"error":"The command '/bin/sh -c false' returned a non-zero code: 1"})");
        stream->end(true);
        const auto& steps = page_->buildLog()->steps();
        QCOMPARE(steps.size(), size_t(3));
        QCOMPARE(steps[0].state, BuildLogView::StepState::Done);
        QCOMPARE(steps[1].state, BuildLogView::StepState::Cached);
        QVERIFY(steps[1].cacheHit);
        QCOMPARE(steps[2].state, BuildLogView::StepState::Failed);
        QCOMPARE(page_->buildLog()->failedStep(), 2);
        QCOMPARE(page_->editor()->markedLine(), 4);
        QCOMPARE(page_->editor()->textCursor().blockNumber(), 3);
        QCOMPARE(page_->editor()->textCursor().selectedText(), QStringLiteral("RUN false"));
        QVERIFY(berth::test::saveLightAndDarkScreenshots(*page_, QStringLiteral("dockerfile-build")));
    }

private:
    QTemporaryDir dir_;
    FakeEngineApi* api_ = nullptr;
    std::unique_ptr<berth::ui::EngineState> state_;
    std::unique_ptr<DockerfilePage> page_;
};

QTEST_MAIN(DockerfilePageTest)
#include "dockerfile_page_test.moc"
