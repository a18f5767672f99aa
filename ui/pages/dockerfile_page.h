#pragma once
// Dockerfiles: open a Dockerfile (and the .dockerignore beside it, in a tab),
// edit it with highlighting and completion, see its mistakes as you type
// (the engine's own parser and the lint rules of ui/editor/dockerfile_lint,
// run off the UI thread, 300 ms after the last keystroke), fix them with a
// click (problems list, context menu, or the light bulb), jump to a stage, and
// build it: POST /build with a live log of the steps; a failure highlights its
// step and selects its line; a success offers "Show in Images" and "Run…".
// Recent files in QSettings `dockerfiles/recentFiles`.

#include "ui/client/build_stream.h"
#include "ui/editor/dockerfile_lint.h"
#include "ui/pages/page.h"

#include <QPointer>

class QAction;
class QLabel;
class QListWidget;
class QMenu;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTimer;
class QTreeWidget;
class QTreeWidgetItem;

namespace berth::ui {

class BuildLogView;
class DockerfileEditor;
class NoticeBar;

class DockerfilePage : public Page {
    Q_OBJECT
public:
    DockerfilePage(const PageContext& context, const QIcon& icon, QWidget* parent = nullptr);

    QString pageId() const override { return QStringLiteral("dockerfiles"); }
    QString title() const override { return tr("Dockerfiles"); }
    QIcon icon() const override { return icon_; }
    QStringList unsavedChanges() const override;
    bool saveChanges() override { return save(); }

    // Opens `path` (asks first when there are unsaved changes); false on failure.
    bool openFile(const QString& path);
    bool save();
    bool saveAs(const QString& path);
    QString filePath() const { return filePath_; }

    // Builds the open file with `request` (the Build dialog's answer).
    void startBuild(const BuildRequest& request);
    // Applies the quick fix of the problem at `row` of the problems list.
    bool applyProblemFix(int row);

    // The page's parts (made on first use).
    DockerfileEditor* editor() { ensureContent(); return editor_; }
    QTreeWidget* problems() { ensureContent(); return problems_; }
    BuildLogView* buildLog() { ensureContent(); return buildLog_; }
    QListWidget* stageList() { ensureContent(); return stages_; }
    QString builtImageId() const { return builtImageId_; }
    bool analysisPending() const;

signals:
    // Another page should be shown, with `itemId` revealed on it (Page::reveal):
    // "images" and the built image's ID after "Show in Images".
    void pageRequested(const QString& pageId, const QString& itemId);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void ensureContent();
    QWidget* makeToolbar();
    QWidget* makeBottomTabs();
    bool confirmDiscard();
    bool writeFiles(const QString& path);
    void rememberRecent(const QString& path);
    void rebuildRecentMenu();
    void scheduleAnalysis();
    void runAnalysis();
    void showAnalysis(const std::vector<editor::Finding>& findings, const std::vector<editor::Stage>& stages);
    void fixCurrentProblem();
    void showBuildDialog();
    void onBuildFinished(bool ok, const ApiError& error);
    int lineOfStep(int stepIndex) const;
    void updateTitle();

    PageContext context_;
    QIcon icon_;
    QString filePath_;
    QLabel* pathLabel_ = nullptr;
    QTabWidget* editorTabs_ = nullptr;
    DockerfileEditor* editor_ = nullptr;
    QPlainTextEdit* ignoreEditor_ = nullptr;
    QListWidget* stages_ = nullptr;
    QTabWidget* bottomTabs_ = nullptr;
    QTreeWidget* problems_ = nullptr;
    BuildLogView* buildLog_ = nullptr;
    QLabel* buildResult_ = nullptr;
    QPushButton* showInImages_ = nullptr;
    QPushButton* runImage_ = nullptr;
    NoticeBar* notice_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QAction* saveAction_ = nullptr;
    QAction* buildAction_ = nullptr;
    QAction* fixAction_ = nullptr;
    QTimer* analysisTimer_ = nullptr;
    int analysisGeneration_ = 0;
    int analysisShown_ = 0;
    QPointer<BuildStream> build_;
    QString builtImageId_;
    QString builtTag_;
    std::vector<editor::Stage> stageInfo_;
};

} // namespace berth::ui
