#include "ui/compose/compose_editor_tab.h"

#include "ui/compose/compose_editor.h"

#include <QComboBox>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSaveFile>
#include <QShortcut>
#include <QSplitter>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace berth::ui {

namespace {
enum ProblemColumn { LineColumn, ColumnColumn, MessageColumn, FileColumn };
} // namespace

ComposeEditorTab::ComposeEditorTab(QWidget* parent)
    : QWidget(parent)
    , files_(new QComboBox(this))
    , saveButton_(new QPushButton(tr("Save"), this))
    , status_(new QLabel(this))
    , editor_(new ComposeEditor(this))
    , problemsList_(new QTreeWidget(this))
    , checkTimer_(new QTimer(this)) {
    files_->setObjectName(QStringLiteral("composeEditorFile"));
    files_->setAccessibleName(tr("Compose file to edit"));
    saveButton_->setObjectName(QStringLiteral("composeEditorSave"));
    saveButton_->setAccessibleName(tr("Save the compose file"));
    saveButton_->setToolTip(tr("Save and load the project again (Ctrl+S)"));
    status_->setObjectName(QStringLiteral("composeEditorStatus"));
    status_->setAccessibleName(tr("Compose file state"));
    problemsList_->setObjectName(QStringLiteral("composeProblems"));
    problemsList_->setAccessibleName(tr("Problems"));
    problemsList_->setHeaderLabels({tr("Line"), tr("Column"), tr("Problem"), tr("File")});
    problemsList_->setRootIsDecorated(false);
    problemsList_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    problemsList_->setMinimumHeight(60);

    auto* bar = new QHBoxLayout;
    bar->addWidget(files_, 1);
    bar->addWidget(status_);
    bar->addWidget(saveButton_);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(editor_);
    split->addWidget(problemsList_);
    split->setStretchFactor(0, 4);
    split->setSizes({400, 80});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(split, 1);

    checkTimer_->setSingleShot(true);
    checkTimer_->setInterval(400);
    connect(checkTimer_, &QTimer::timeout, this, &ComposeEditorTab::checkNow);
    connect(editor_, &QPlainTextEdit::textChanged, checkTimer_, qOverload<>(&QTimer::start));
    connect(editor_->document(), &QTextDocument::modificationChanged, this, &ComposeEditorTab::updateState);
    connect(saveButton_, &QPushButton::clicked, this, &ComposeEditorTab::save);
    auto* saveKey = new QShortcut(QKeySequence::Save, this);
    saveKey->setContext(Qt::WidgetWithChildrenShortcut);
    connect(saveKey, &QShortcut::activated, this, &ComposeEditorTab::save);
    connect(files_, &QComboBox::activated, this, [this](int index) { openFile(files_->itemData(index).toString()); });
    connect(problemsList_, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
        const int line = item->data(LineColumn, Qt::UserRole).toInt();
        if (line > 0) editor_->goTo(line, item->data(ColumnColumn, Qt::UserRole).toInt());
    });
    clearProject();
}

void ComposeEditorTab::setCheckDelay(int milliseconds) { checkTimer_->setInterval(milliseconds); }

void ComposeEditorTab::clearProject(bool labelOnly) {
    loaded_ = {};
    project_.clear();
    file_.clear();
    files_->clear();
    editor_->clear();
    editor_->setPlaceholderText(labelOnly ? tr("This project was found from its containers' labels: Open… its compose file to edit it.")
                                          : tr("No project is selected: Open… a compose file to edit it here."));
    editor_->setReadOnly(true);
    showProblems({});
    updateState();
}

void ComposeEditorTab::setProject(const LoadedCompose& loaded) {
    loaded_ = loaded;
    project_ = QString::fromStdString(loaded.model.name);
    files_->clear();
    for (const QString& file : loaded.configFiles) files_->addItem(QFileInfo(file).fileName(), file);
    files_->setToolTip(loaded.configFiles.join(u'\n'));
    if (loaded.configFiles.isEmpty()) {
        clearProject(true);
        return;
    }
    openFile(loaded.configFiles.first());
}

void ComposeEditorTab::openFile(const QString& file) {
    QFile in(file);
    file_ = file;
    editor_->setReadOnly(false);
    editor_->setPlaceholderText({});
    if (!in.open(QIODevice::ReadOnly)) {
        editor_->clear();
        showProblems({{file, 0, 0, in.errorString(), file + QStringLiteral(": ") + in.errorString()}});
        editor_->setReadOnly(true);
        return;
    }
    {
        const QSignalBlocker blocker(editor_);
        editor_->setPlainText(QString::fromUtf8(in.readAll()));
    }
    editor_->document()->setModified(false);
    showProblems({});
    updateState();
    checkNow();
}

bool ComposeEditorTab::isModified() const { return editor_->document()->isModified(); }

void ComposeEditorTab::updateState() {
    saveButton_->setEnabled(!file_.isEmpty() && !editor_->isReadOnly());
    status_->setText(file_.isEmpty() ? QString() : isModified() ? tr("Modified") : tr("Saved"));
}

void ComposeEditorTab::checkNow() {
    checkTimer_->stop();
    if (file_.isEmpty()) return;
    const quint64 generation = ++generation_;
    auto* watcher = new QFutureWatcher<LoadedCompose>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        const QString error = watcher->result().error;
        if (generation == generation_) showProblems(error.isEmpty() ? QList<ComposeProblem>{} : QList{problemFromError(error)});
    });
    watcher->setFuture(loadComposeWithTextAsync(loaded_, file_, editor_->toPlainText()));
}

bool ComposeEditorTab::save() {
    if (file_.isEmpty() || editor_->isReadOnly()) return false;
    QSaveFile out(file_);
    if (!out.open(QIODevice::WriteOnly) || out.write(editor_->toPlainText().toUtf8()) < 0 || !out.commit()) {
        showProblems({{file_, 0, 0, out.errorString(), file_ + QStringLiteral(": ") + out.errorString()}});
        return false;
    }
    editor_->document()->setModified(false);
    // The whole loader on the saved files: include, extends, checks across services.
    const quint64 generation = ++generation_;
    checkTimer_->stop();
    auto* watcher = new QFutureWatcher<LoadedCompose>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        const LoadedCompose loaded = watcher->result();
        if (generation != generation_) return;
        if (!loaded.error.isEmpty()) {
            showProblems({problemFromError(loaded.error)});
            return;
        }
        showProblems({});
        loaded_ = loaded;
        emit reloaded(loaded);
    });
    watcher->setFuture(loadComposeAsync(loaded_.source));
    return true;
}

void ComposeEditorTab::showProblems(const QList<ComposeProblem>& problems) {
    QList<ComposeProblem> here;
    problemsList_->clear();
    for (const ComposeProblem& problem : problems) {
        const bool inThisFile = problem.file.isEmpty() || QFileInfo(problem.file) == QFileInfo(file_);
        if (inThisFile && problem.line > 0) here << problem;
        auto* item = new QTreeWidgetItem(problemsList_, {problem.line > 0 ? QString::number(problem.line) : QString(),
                                                         problem.column > 0 ? QString::number(problem.column) : QString(),
                                                         problem.line > 0 ? problem.message : problem.text,
                                                         QFileInfo(problem.file).fileName()});
        item->setData(LineColumn, Qt::UserRole, inThisFile ? problem.line : 0);
        item->setData(ColumnColumn, Qt::UserRole, problem.column);
        item->setToolTip(MessageColumn, problem.text);
        item->setForeground(MessageColumn, QColor(0xd6, 0x45, 0x45));
    }
    editor_->setProblems(here);
    emit problemsChanged();
}

} // namespace berth::ui
