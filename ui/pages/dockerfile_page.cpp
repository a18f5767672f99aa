#include "ui/pages/dockerfile_page.h"

#include "ui/client/engine_api.h"
#include "ui/dialogs/run_dialog.h"
#include "ui/editor/build_dialog.h"
#include "ui/editor/build_log_view.h"
#include "ui/editor/dockerfile_editor.h"
#include "ui/models/engine_state.h"
#include "ui/models/images_model.h"
#include "ui/widgets/notice_bar.h"
#include "ui/widgets/page_title.h"

#include "build/dockerfile/parser.h"

#include <QAction>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QShowEvent>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>

namespace berth::ui {

namespace {

const QString kRecentKey = QStringLiteral("dockerfiles/recentFiles");
constexpr int kRecentMax = 8;
constexpr int kFindingRole = Qt::UserRole + 1; // index into the editor's findings

enum ProblemColumn { ProblemLine, ProblemMessage, ProblemRule, ProblemColumns };

struct Analysis {
    std::vector<editor::Finding> findings;
    std::vector<editor::Stage> stages;
    bool parsed = false;
};

Analysis analyze(const std::string& text) {
    Analysis analysis;
    analysis.findings = editor::analyze_dockerfile(text);
    if (auto parsed = dockerfile::parse_dockerfile(text)) {
        analysis.stages = editor::stages_of(*parsed);
        analysis.parsed = true;
    }
    return analysis;
}

QString severityText(editor::Severity severity) {
    switch (severity) {
    case editor::Severity::Error: return DockerfilePage::tr("Error");
    case editor::Severity::Warning: return DockerfilePage::tr("Warning");
    case editor::Severity::Info: return DockerfilePage::tr("Info");
    }
    return {};
}

QString simplified(const std::string& text) {
    return QString::fromStdString(text).simplified();
}

} // namespace

DockerfilePage::DockerfilePage(const PageContext& context, const QIcon& icon, QWidget* parent)
    : Page(parent)
    , context_(context)
    , icon_(icon) {
    setObjectName(QStringLiteral("dockerfilePage"));
    setAccessibleName(tr("Dockerfiles"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new PageTitle(title(), this));
}

void DockerfilePage::showEvent(QShowEvent* event) {
    ensureContent();
    Page::showEvent(event);
}

// The page's widgets are made when it is first shown (or used): a page never
// opened costs the app's start and the accessibility tree nothing.
void DockerfilePage::ensureContent() {
    if (editor_) return;
    pathLabel_ = new QLabel(this);
    editorTabs_ = new QTabWidget(this);
    editor_ = new DockerfileEditor(this);
    ignoreEditor_ = new QPlainTextEdit(this);
    stages_ = new QListWidget(this);
    bottomTabs_ = new QTabWidget(this);
    problems_ = new QTreeWidget(this);
    buildLog_ = new BuildLogView(this);
    buildResult_ = new QLabel(this);
    showInImages_ = new QPushButton(tr("Show in Images"), this);
    runImage_ = new QPushButton(tr("Run…"), this);
    notice_ = new NoticeBar(this);
    recentMenu_ = new QMenu(tr("Recent Files"), this);
    analysisTimer_ = new QTimer(this);

    pathLabel_->setObjectName(QStringLiteral("dockerfilePath"));
    pathLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    pathLabel_->setAccessibleName(tr("Open file"));

    editorTabs_->setObjectName(QStringLiteral("dockerfileTabs"));
    editorTabs_->setAccessibleName(tr("Open files"));
    editorTabs_->addTab(editor_, QStringLiteral("Dockerfile"));
    ignoreEditor_->setObjectName(QStringLiteral("dockerignoreEditor"));
    ignoreEditor_->setAccessibleName(tr(".dockerignore text"));
    ignoreEditor_->setFont(editor_->font());

    stages_->setObjectName(QStringLiteral("dockerfileStages"));
    stages_->setAccessibleName(tr("Stages"));
    stages_->setToolTip(tr("The build stages (FROM lines); click one to go to it"));
    connect(stages_, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { editor_->goTo(item->data(Qt::UserRole).toInt()); });
    connect(stages_, &QListWidget::itemClicked, this,
            [this](QListWidgetItem* item) { editor_->goTo(item->data(Qt::UserRole).toInt()); });
    auto* stagesBox = new QWidget(this);
    auto* stagesLayout = new QVBoxLayout(stagesBox);
    stagesLayout->setContentsMargins(0, 0, 0, 0);
    auto* stagesHeading = new QLabel(tr("Stages"), stagesBox);
    stagesHeading->setBuddy(stages_);
    stagesLayout->addWidget(stagesHeading);
    stagesLayout->addWidget(stages_, 1);

    auto* horizontal = new QSplitter(Qt::Horizontal, this);
    horizontal->addWidget(stagesBox);
    horizontal->addWidget(editorTabs_);
    horizontal->setStretchFactor(1, 1);
    horizontal->setSizes({160, 700});
    auto* vertical = new QSplitter(Qt::Vertical, this);
    vertical->setObjectName(QStringLiteral("dockerfileSplitter"));
    vertical->addWidget(horizontal);
    vertical->addWidget(makeBottomTabs());
    vertical->setStretchFactor(0, 3);
    vertical->setStretchFactor(1, 1);

    auto* layout = qobject_cast<QVBoxLayout*>(this->layout());
    layout->addWidget(makeToolbar());
    layout->addWidget(notice_);
    layout->addWidget(vertical, 1);
    notice_->hide();

    analysisTimer_->setSingleShot(true);
    analysisTimer_->setInterval(300);
    connect(analysisTimer_, &QTimer::timeout, this, &DockerfilePage::runAnalysis);
    connect(editor_->document(), &QTextDocument::contentsChanged, this, &DockerfilePage::scheduleAnalysis);
    connect(editor_->document(), &QTextDocument::modificationChanged, this, &DockerfilePage::updateTitle);
    connect(ignoreEditor_->document(), &QTextDocument::modificationChanged, this, &DockerfilePage::updateTitle);

    if (context_.state && context_.state->images()) {
        ImagesModel* images = context_.state->images();
        auto refreshNames = [this, images] { editor_->setImageNames(images->references()); };
        connect(images, &QAbstractItemModel::modelReset, this, refreshNames);
        connect(images, &QAbstractItemModel::rowsInserted, this, refreshNames);
        refreshNames();
    }
    rebuildRecentMenu();
    updateTitle();
    scheduleAnalysis();
}

QWidget* DockerfilePage::makeToolbar() {
    auto* bar = new QToolBar(this);
    bar->setObjectName(QStringLiteral("dockerfileToolbar"));
    bar->setAccessibleName(tr("Dockerfile actions"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    auto* open = bar->addAction(style()->standardIcon(QStyle::SP_DialogOpenButton), tr("Open…"));
    open->setObjectName(QStringLiteral("dockerfileOpen"));
    open->setShortcut(QKeySequence::Open);
    open->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(open, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open Dockerfile"), QFileInfo(filePath_).absolutePath(),
                                                          tr("Dockerfiles (Dockerfile *.Dockerfile Dockerfile.* Containerfile);;All files (*)"));
        if (!path.isEmpty()) openFile(path);
    });
    auto* recent = new QToolButton(bar);
    recent->setObjectName(QStringLiteral("dockerfileRecent"));
    recent->setText(tr("Recent"));
    recent->setAccessibleName(tr("Recent files"));
    recent->setMenu(recentMenu_);
    recent->setPopupMode(QToolButton::InstantPopup);
    bar->addWidget(recent);
    saveAction_ = bar->addAction(style()->standardIcon(QStyle::SP_DialogSaveButton), tr("Save"));
    saveAction_->setObjectName(QStringLiteral("dockerfileSave"));
    saveAction_->setShortcut(QKeySequence::Save);
    saveAction_->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(saveAction_, &QAction::triggered, this, &DockerfilePage::save);
    auto* saveAsAction = bar->addAction(tr("Save As…"));
    saveAsAction->setObjectName(QStringLiteral("dockerfileSaveAs"));
    connect(saveAsAction, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save Dockerfile As"), filePath_);
        if (!path.isEmpty()) saveAs(path);
    });
    bar->addSeparator();
    buildAction_ = bar->addAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("Build…"));
    buildAction_->setObjectName(QStringLiteral("dockerfileBuild"));
    buildAction_->setToolTip(tr("Build an image from this Dockerfile"));
    connect(buildAction_, &QAction::triggered, this, &DockerfilePage::showBuildDialog);
    addActions({open, saveAction_, saveAsAction, buildAction_});
    // The path beside the toolbar, elided in the middle by its tooltip's length.
    auto* row = new QWidget(this);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(bar);
    layout->addWidget(pathLabel_, 1);
    return row;
}

QWidget* DockerfilePage::makeBottomTabs() {
    bottomTabs_->setObjectName(QStringLiteral("dockerfileBottomTabs"));
    bottomTabs_->setAccessibleName(tr("Problems and build log"));

    problems_->setObjectName(QStringLiteral("dockerfileProblems"));
    problems_->setAccessibleName(tr("Problems"));
    problems_->setColumnCount(ProblemColumns);
    problems_->setHeaderLabels({tr("Line", "problems column"), tr("Problem", "problems column"),
                                tr("Rule", "problems column")});
    problems_->setRootIsDecorated(false);
    problems_->header()->setStretchLastSection(false);
    problems_->header()->setSectionResizeMode(ProblemMessage, QHeaderView::Stretch);
    problems_->header()->setSectionResizeMode(ProblemLine, QHeaderView::ResizeToContents);
    problems_->header()->setSectionResizeMode(ProblemRule, QHeaderView::ResizeToContents);
    problems_->setContextMenuPolicy(Qt::CustomContextMenu);
    auto goToProblem = [this](QTreeWidgetItem* item) {
        const int index = item->data(0, kFindingRole).toInt();
        if (index < 0 || index >= static_cast<int>(editor_->findings().size())) return;
        const auto& finding = editor_->findings()[static_cast<size_t>(index)];
        editorTabs_->setCurrentWidget(editor_);
        editor_->goTo(finding.line, finding.column);
    };
    connect(problems_, &QTreeWidget::itemClicked, this, goToProblem);
    connect(problems_, &QTreeWidget::itemActivated, this, goToProblem);
    connect(problems_, &QWidget::customContextMenuRequested, this, [this](const QPoint& point) {
        QTreeWidgetItem* item = problems_->itemAt(point);
        if (!item) return;
        problems_->setCurrentItem(item);
        if (!fixAction_->isEnabled()) return;
        QMenu menu(this);
        menu.addAction(fixAction_);
        menu.exec(problems_->viewport()->mapToGlobal(point));
    });

    // The light bulb: the theme's, else the style's "apply" (no emoji font is assumed).
    fixAction_ = new QAction(QIcon::fromTheme(QStringLiteral("help-hint"), style()->standardIcon(QStyle::SP_DialogApplyButton)),
                             tr("Quick Fix"), this);
    fixAction_->setObjectName(QStringLiteral("dockerfileQuickFix"));
    fixAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    fixAction_->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    fixAction_->setEnabled(false);
    connect(fixAction_, &QAction::triggered, this, &DockerfilePage::fixCurrentProblem);
    addAction(fixAction_);
    auto* fixButton = new QToolButton(this);
    fixButton->setObjectName(QStringLiteral("dockerfileQuickFixButton"));
    fixButton->setDefaultAction(fixAction_);
    fixButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    fixButton->setAccessibleName(tr("Apply the quick fix of the selected problem"));
    connect(problems_, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        const int index = item ? item->data(0, kFindingRole).toInt() : -1;
        const bool fixable = index >= 0 && index < static_cast<int>(editor_->findings().size()) &&
                             editor_->findings()[static_cast<size_t>(index)].fix.has_value();
        fixAction_->setEnabled(fixable);
        if (fixable)
            fixAction_->setToolTip(tr("Fix: %1").arg(QString::fromStdString(
                editor_->findings()[static_cast<size_t>(index)].fix->title)));
    });
    auto* problemsTab = new QWidget(this);
    auto* problemsLayout = new QVBoxLayout(problemsTab);
    problemsLayout->setContentsMargins(0, 0, 0, 0);
    problemsLayout->addWidget(problems_, 1);
    auto* fixRow = new QHBoxLayout;
    fixRow->addWidget(fixButton);
    fixRow->addStretch(1);
    problemsLayout->addLayout(fixRow);
    bottomTabs_->addTab(problemsTab, tr("Problems"));

    buildResult_->setObjectName(QStringLiteral("buildResult"));
    buildResult_->setAccessibleName(tr("Build result"));
    buildResult_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    showInImages_->setObjectName(QStringLiteral("buildShowInImages"));
    showInImages_->setAccessibleName(tr("Show the built image in Images"));
    runImage_->setObjectName(QStringLiteral("buildRun"));
    runImage_->setAccessibleName(tr("Run a container from the built image"));
    showInImages_->setVisible(false);
    runImage_->setVisible(false);
    connect(showInImages_, &QPushButton::clicked, this, [this] {
        emit pageRequested(QStringLiteral("images"), builtImageId_);
    });
    connect(runImage_, &QPushButton::clicked, this, [this] {
        QStringList images = context_.state && context_.state->images() ? context_.state->images()->references()
                                                                        : QStringList();
        const QString built = builtTag_.isEmpty() ? builtImageId_ : builtTag_;
        images.removeAll(built);
        images.prepend(built);
        auto* dialog = new RunDialog(context_.state->api(), images, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    auto* buildTab = new QWidget(this);
    auto* buildLayout = new QVBoxLayout(buildTab);
    buildLayout->setContentsMargins(0, 0, 0, 0);
    buildLayout->addWidget(buildLog_, 1);
    auto* resultRow = new QHBoxLayout;
    resultRow->addWidget(buildResult_, 1);
    resultRow->addWidget(showInImages_);
    resultRow->addWidget(runImage_);
    buildLayout->addLayout(resultRow);
    bottomTabs_->addTab(buildTab, tr("Build"));
    return bottomTabs_;
}

void DockerfilePage::updateTitle() {
    const bool modified = editor_->document()->isModified() || ignoreEditor_->document()->isModified();
    const QString name = filePath_.isEmpty() ? tr("(unsaved Dockerfile)") : filePath_;
    const QString shown = modified ? tr("%1 (modified)").arg(name) : name;
    pathLabel_->setText(pathLabel_->fontMetrics().elidedText(shown, Qt::ElideMiddle, std::max(pathLabel_->width(), 300)));
    pathLabel_->setToolTip(shown);
    editorTabs_->setTabText(0, (filePath_.isEmpty() ? QStringLiteral("Dockerfile") : QFileInfo(filePath_).fileName()) +
                                   (editor_->document()->isModified() ? QStringLiteral(" *") : QString()));
    const int ignoreTab = editorTabs_->indexOf(ignoreEditor_);
    if (ignoreTab >= 0)
        editorTabs_->setTabText(ignoreTab, QStringLiteral(".dockerignore") +
                                               (ignoreEditor_->document()->isModified() ? QStringLiteral(" *") : QString()));
    buildAction_->setEnabled(!filePath_.isEmpty() && !build_);
}

QStringList DockerfilePage::unsavedChanges() const {
    if (!editor_) return {}; // nothing opened yet
    const QString name = filePath_.isEmpty() ? tr("(unsaved Dockerfile)") : filePath_;
    QStringList changes;
    if (editor_->document()->isModified()) changes << name;
    if (ignoreEditor_->document()->isModified())
        changes << QFileInfo(filePath_).absolutePath() + QStringLiteral("/.dockerignore");
    return changes;
}

bool DockerfilePage::confirmDiscard() {
    if (!editor_->document()->isModified() && !ignoreEditor_->document()->isModified()) return true;
    QMessageBox box(QMessageBox::Question, tr("Unsaved Changes"),
                    tr("The Dockerfile has unsaved changes. Save them first?"),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("dockerfileUnsavedPrompt"));
    box.setAccessibleName(tr("Unsaved Changes"));
    switch (box.exec()) {
    case QMessageBox::Save: return save();
    case QMessageBox::Discard: return true;
    default: return false;
    }
}

bool DockerfilePage::openFile(const QString& path) {
    ensureContent();
    if (!confirmDiscard()) return false;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        notice_->showNotice(NoticeBar::Kind::Error, tr("Cannot open %1: %2").arg(path, file.errorString()));
        notice_->show();
        return false;
    }
    filePath_ = QFileInfo(path).absoluteFilePath();
    editor_->setPlainText(QString::fromUtf8(file.readAll()));
    editor_->document()->setModified(false);
    editor_->clearMark();
    // The .dockerignore of the same folder, beside it.
    const int ignoreTab = editorTabs_->indexOf(ignoreEditor_);
    QFile ignore(QFileInfo(filePath_).absolutePath() + QStringLiteral("/.dockerignore"));
    if (ignore.open(QIODevice::ReadOnly)) {
        ignoreEditor_->setPlainText(QString::fromUtf8(ignore.readAll()));
        if (ignoreTab < 0) editorTabs_->addTab(ignoreEditor_, QStringLiteral(".dockerignore"));
    } else {
        ignoreEditor_->clear();
        if (ignoreTab >= 0) editorTabs_->removeTab(ignoreTab);
    }
    ignoreEditor_->document()->setModified(false);
    editorTabs_->setCurrentWidget(editor_);
    notice_->hide();
    rememberRecent(filePath_);
    updateTitle();
    runAnalysis();
    return true;
}

bool DockerfilePage::writeFiles(const QString& path) {
    auto write = [this](const QString& target, const QString& text) {
        QSaveFile file(target);
        if (file.open(QIODevice::WriteOnly) && file.write(text.toUtf8()) >= 0 && file.commit()) return true;
        notice_->showNotice(NoticeBar::Kind::Error, tr("Cannot save %1: %2").arg(target, file.errorString()));
        notice_->show();
        return false;
    };
    if (!write(path, editor_->toPlainText())) return false;
    editor_->document()->setModified(false);
    if (editorTabs_->indexOf(ignoreEditor_) >= 0 && ignoreEditor_->document()->isModified()) {
        if (!write(QFileInfo(path).absolutePath() + QStringLiteral("/.dockerignore"), ignoreEditor_->toPlainText()))
            return false;
        ignoreEditor_->document()->setModified(false);
    }
    return true;
}

bool DockerfilePage::save() {
    ensureContent();
    if (filePath_.isEmpty()) {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save Dockerfile As"), QStringLiteral("Dockerfile"));
        return !path.isEmpty() && saveAs(path);
    }
    const bool saved = writeFiles(filePath_);
    updateTitle();
    return saved;
}

bool DockerfilePage::saveAs(const QString& path) {
    ensureContent();
    if (!writeFiles(path)) return false;
    filePath_ = QFileInfo(path).absoluteFilePath();
    rememberRecent(filePath_);
    updateTitle();
    return true;
}

void DockerfilePage::rememberRecent(const QString& path) {
    QSettings settings;
    QStringList recent = settings.value(kRecentKey).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kRecentMax) recent.removeLast();
    settings.setValue(kRecentKey, recent);
    rebuildRecentMenu();
}

void DockerfilePage::rebuildRecentMenu() {
    recentMenu_->clear();
    const QStringList recent = QSettings().value(kRecentKey).toStringList();
    for (const QString& path : recent) {
        QAction* action = recentMenu_->addAction(path);
        connect(action, &QAction::triggered, this, [this, path] { openFile(path); });
    }
    if (recent.isEmpty()) recentMenu_->addAction(tr("No recent files"))->setEnabled(false);
}

void DockerfilePage::scheduleAnalysis() {
    ++analysisGeneration_;
    analysisTimer_->start();
}

bool DockerfilePage::analysisPending() const {
    if (!analysisTimer_) return false;
    return analysisTimer_->isActive() || analysisShown_ != analysisGeneration_;
}

void DockerfilePage::runAnalysis() {
    analysisTimer_->stop();
    const int generation = ++analysisGeneration_;
    const std::string text = editor_->toPlainText().toStdString();
    // The parser is fast, but a long file should never stall typing.
    QtConcurrent::run([text] { return analyze(text); }).then(this, [this, generation](Analysis analysis) {
        if (generation != analysisGeneration_) return; // the text changed since: a newer run follows
        analysisShown_ = generation;
        if (!analysis.parsed) analysis.stages = stageInfo_; // keep the outline while a line is broken
        showAnalysis(analysis.findings, analysis.stages);
    });
}

void DockerfilePage::showAnalysis(const std::vector<editor::Finding>& findings,
                                  const std::vector<editor::Stage>& stages) {
    editor_->setFindings(findings);
    problems_->clear();
    for (size_t i = 0; i < findings.size(); ++i) {
        const auto& finding = findings[i];
        auto* item = new QTreeWidgetItem(problems_);
        item->setText(ProblemLine, QString::number(finding.line));
        item->setText(ProblemMessage, QString::fromStdString(finding.message));
        item->setText(ProblemRule, finding.rule == "parse" ? severityText(finding.severity)
                                                           : QString::fromStdString(finding.rule));
        item->setToolTip(ProblemMessage, QString::fromStdString(finding.message));
        item->setData(0, kFindingRole, static_cast<int>(i));
        item->setIcon(ProblemLine, style()->standardIcon(finding.severity == editor::Severity::Error
                                                             ? QStyle::SP_MessageBoxCritical
                                                         : finding.severity == editor::Severity::Warning
                                                             ? QStyle::SP_MessageBoxWarning
                                                             : QStyle::SP_MessageBoxInformation));
        item->setData(ProblemLine, Qt::AccessibleTextRole,
                      tr("%1 on line %2").arg(severityText(finding.severity)).arg(finding.line));
    }
    bottomTabs_->setTabText(0, findings.empty() ? tr("Problems") : tr("Problems (%1)").arg(findings.size()));
    fixAction_->setEnabled(false);
    stageInfo_ = stages;
    std::vector<int> stageLines;
    for (const auto& stage : stages) stageLines.push_back(stage.line);
    editor_->setStageLines(stageLines);
    stages_->clear();
    for (const auto& stage : stages) {
        auto* item = new QListWidgetItem(
            tr("%1 (line %2)").arg(QString::fromStdString(stage.name)).arg(stage.line), stages_);
        item->setData(Qt::UserRole, stage.line);
        item->setToolTip(QStringLiteral("FROM %1").arg(QString::fromStdString(stage.image)));
    }
}

bool DockerfilePage::applyProblemFix(int row) {
    ensureContent();
    QTreeWidgetItem* item = problems_->topLevelItem(row);
    if (!item) return false;
    const int index = item->data(0, kFindingRole).toInt();
    if (index < 0 || index >= static_cast<int>(editor_->findings().size())) return false;
    const auto& finding = editor_->findings()[static_cast<size_t>(index)];
    if (!finding.fix) return false;
    const editor::QuickFix fix = *finding.fix; // applying it re-analyses, replacing the findings
    editor_->applyFix(fix);
    runAnalysis();
    return true;
}

void DockerfilePage::fixCurrentProblem() {
    if (QTreeWidgetItem* item = problems_->currentItem()) applyProblemFix(problems_->indexOfTopLevelItem(item));
}

void DockerfilePage::showBuildDialog() {
    if (filePath_.isEmpty()) return;
    if (editor_->document()->isModified() && !save()) return;
    QStringList stageNames;
    for (const auto& stage : stageInfo_) stageNames << QString::fromStdString(stage.name);
    BuildDialog dialog(filePath_, stageNames, this);
    dialog.setTag(QFileInfo(filePath_).absoluteDir().dirName().toLower() + QStringLiteral(":latest"));
    if (dialog.exec() == QDialog::Accepted) startBuild(dialog.request());
}

void DockerfilePage::startBuild(const BuildRequest& request) {
    ensureContent();
    if (build_ || !context_.state) return;
    buildLog_->clearLog();
    editor_->clearMark();
    builtImageId_.clear();
    builtTag_ = request.tags.value(0);
    buildResult_->setText(tr("Building…"));
    showInImages_->setVisible(false);
    runImage_->setVisible(false);
    bottomTabs_->setCurrentIndex(1);
    build_ = context_.state->api()->buildImage(request, this);
    connect(build_, &BuildStream::output, buildLog_, &BuildLogView::appendOutput);
    connect(build_, &BuildStream::imageBuilt, this, [this](const QString& id) { builtImageId_ = id; });
    connect(build_, &BuildStream::finished, this, &DockerfilePage::onBuildFinished);
    updateTitle();
}

void DockerfilePage::onBuildFinished(bool ok, const ApiError& error) {
    if (build_) build_->deleteLater();
    build_ = nullptr;
    buildLog_->finishBuild(ok, error.message);
    if (ok) {
        const QString shortId = builtImageId_.section(QLatin1Char(':'), -1).left(12);
        buildResult_->setText(builtTag_.isEmpty() ? tr("Built %1").arg(shortId)
                                                  : tr("Built %1 as %2").arg(shortId, builtTag_));
        showInImages_->setVisible(true);
        runImage_->setVisible(true);
    } else {
        buildResult_->setText(tr("Build failed: %1").arg(error.message));
        const int line = lineOfStep(buildLog_->failedStep());
        if (line > 0) {
            editorTabs_->setCurrentWidget(editor_);
            editor_->goTo(line);
            QTextCursor cursor = editor_->textCursor();
            cursor.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
            editor_->setTextCursor(cursor);
            editor_->markLine(line);
        }
    }
    updateTitle();
}

int DockerfilePage::lineOfStep(int stepIndex) const {
    if (stepIndex < 0) return 0;
    auto parsed = dockerfile::parse_dockerfile(editor_->toPlainText().toStdString());
    if (!parsed) return 0;
    const auto& instructions = parsed->instructions;
    // Steps name their instruction as written; walk them in order, since the
    // same line ("RUN make") may stand in several stages.
    size_t next = 0;
    int line = 0;
    for (int step = 0; step <= stepIndex; ++step) {
        const QString text = buildLog_->steps()[static_cast<size_t>(step)].instruction.simplified();
        line = 0;
        for (size_t i = next; i < instructions.size(); ++i) {
            if (simplified(instructions[i].original) == text) {
                line = instructions[i].range.start_line;
                next = i + 1;
                break;
            }
        }
    }
    return line;
}

} // namespace berth::ui
