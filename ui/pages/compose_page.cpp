#include "ui/pages/compose_page.h"

#include "ui/compose/compose_command.h"
#include "ui/compose/compose_editor_tab.h"
#include "ui/compose/compose_graph.h"
#include "ui/compose/compose_graph_view.h"
#include "ui/compose/compose_logs_tab.h"
#include "ui/client/engine_connection.h"
#include "ui/compose/compose_projects.h"
#include "ui/compose/up_preview_dialog.h"
#include "ui/models/containers_model.h"
#include "ui/models/engine_state.h"
#include "ui/pages/action_runner.h"
#include "ui/widgets/notice_bar.h"
#include "ui/widgets/page_title.h"

#include <QAction>
#include <QCheckBox>
#include <QCoreApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QStyleOptionHeader>
#include <QMessageBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <memory>

namespace berth::ui {

namespace {
constexpr auto kRecentKey = "compose/recentFiles";
constexpr int kMaxRecent = 8;
enum Column { NameColumn, StateColumn, SourceColumn };

std::vector<const api::types::ContainerSummary*> allContainers(ContainersModel* model) {
    std::vector<const api::types::ContainerSummary*> list;
    for (int row = 0; row < model->rowCount(); ++row) list.push_back(model->summary(row));
    return list;
}

// The width a section of `header` needs to show the widest of `texts` whole.
int headerSectionWidth(const QHeaderView& header, const QStringList& texts) {
    QStyleOptionHeader option;
    option.initFrom(&header);
    int width = 0;
    for (const QString& text : texts) {
        option.text = text;
        width = std::max(width, header.style()->sizeFromContents(QStyle::CT_HeaderSection, &option, QSize(), &header).width());
    }
    return width;
}

const DiscoveredProject* findProject(const std::vector<DiscoveredProject>& projects, const QString& name) {
    for (const DiscoveredProject& p : projects)
        if (p.name == name) return &p;
    return nullptr;
}

// Runs `steps` one after another, stopping at the first failure (the engine's message).
void runSteps(ActionRunner* runner, const QString& what,
              std::shared_ptr<std::vector<std::function<QFuture<ApiResult<void>>()>>> steps, size_t next = 0) {
    if (next >= steps->size()) return;
    runner->run(what, (*steps)[next](), [runner, what, steps, next] { runSteps(runner, what, steps, next + 1); });
}
} // namespace

ComposePage::ComposePage(const PageContext& context, const QIcon& icon, QWidget* parent)
    : Page(parent)
    , state_(context.state)
    , icon_(icon)
    , program_(QCoreApplication::applicationFilePath())
    , projects_(new QTreeWidget(this))
    , graph_(new ComposeGraphView(this))
    , graphStack_(new QStackedWidget(this))
    , graphHint_(nullptr)
    , editor_(new ComposeEditorTab(this))
    , logs_(new ComposeLogsTab(this))
    , tabs_(new QTabWidget(this))
    , notice_(new NoticeBar(this))
    , runner_(new ActionRunner(notice_, this))
    , progress_(new QPlainTextEdit(this))
    , upProgressList_(new QTreeWidget(this))
    , removeVolumes_(new QCheckBox(tr("Remove volumes"), this))
    , refreshTimer_(new QTimer(this)) {
    projects_->setObjectName(QStringLiteral("composeProjects"));
    projects_->setAccessibleName(tr("Compose projects"));
    projects_->setHeaderLabels({tr("Project"), tr("State"), tr("File")});
    projects_->setRootIsDecorated(false);
    projects_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    // With no project, ResizeToContents leaves each section its bare label and
    // "Project", "State", "File" ran together (项目状态文件 in Chinese): no section
    // is narrower than the states the list shows.
    DiscoveredProject allRunning;
    allRunning.total = allRunning.running = 10;
    projects_->header()->setMinimumSectionSize(
        headerSectionWidth(*projects_->header(), {tr("not created"), projectStateText(allRunning)}));
    progress_->setObjectName(QStringLiteral("composeProgress"));
    progress_->setAccessibleName(tr("Compose output"));
    progress_->setReadOnly(true);
    progress_->setMaximumBlockCount(500);
    progress_->setMaximumHeight(110);
    progress_->setPlaceholderText(tr("What Up, Down and Restart write appears here."));
    upProgressList_->setObjectName(QStringLiteral("composeUpProgress"));
    upProgressList_->setAccessibleName(tr("Up progress per service"));
    upProgressList_->setHeaderLabels({tr("Service"), tr("Step")});
    upProgressList_->setRootIsDecorated(false);
    upProgressList_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    upProgressList_->setMaximumHeight(110);
    upProgressList_->setMaximumWidth(320);
    upProgressList_->hide(); // until an Up runs
    removeVolumes_->setObjectName(QStringLiteral("removeVolumes"));
    removeVolumes_->setAccessibleName(tr("Remove volumes on Down"));
    removeVolumes_->setToolTip(tr("Down also removes the project's named volumes (-v)"));

    auto* toolbar = new QToolBar(tr("Compose actions"), this);
    toolbar->setObjectName(QStringLiteral("composeToolbar"));
    auto* openFile = toolbar->addAction(tr("Open…"), this, &ComposePage::openFileDialog);
    openFile->setObjectName(QStringLiteral("openComposeFileAction"));
    openFile->setShortcut(QKeySequence::Open);
    auto* openFolder = toolbar->addAction(tr("Open Folder…"), this, &ComposePage::openFolderDialog);
    openFolder->setObjectName(QStringLiteral("openComposeFolderAction"));
    toolbar->addSeparator();
    auto addVerb = [&](const QString& text, const QString& name, const QString& verb) {
        QAction* action = toolbar->addAction(text, this, [this, verb] { runOnSelected(verb); });
        action->setObjectName(name);
        action->setData(verb);
        projectActions_ << action;
        return action;
    };
    QAction* up = toolbar->addAction(tr("Up"), this, &ComposePage::requestUp);
    up->setObjectName(QStringLiteral("composeUpAction"));
    up->setData(QStringLiteral("up -d"));
    projectActions_ << up;
    fileActions_ << up;
    addVerb(tr("Down"), QStringLiteral("composeDownAction"), QStringLiteral("down"));
    addVerb(tr("Restart"), QStringLiteral("composeRestartAction"), QStringLiteral("restart"));
    addVerb(tr("Stop"), QStringLiteral("composeStopAction"), QStringLiteral("stop"));
    addVerb(tr("Start"), QStringLiteral("composeStartAction"), QStringLiteral("start"));
    toolbar->addSeparator();
    fileActions_ << addVerb(tr("Pull"), QStringLiteral("composePullAction"), QStringLiteral("pull"));
    fileActions_ << addVerb(tr("Build"), QStringLiteral("composeBuildAction"), QStringLiteral("build"));
    toolbar->addWidget(removeVolumes_);
    addActions(toolbar->actions());

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(projects_);
    tabs_->setObjectName(QStringLiteral("composeTabs"));
    tabs_->setAccessibleName(tr("Project views"));
    graphHint_ = makeGraphHint(openFile, openFolder);
    graphStack_->setObjectName(QStringLiteral("composeGraphStack"));
    graphStack_->addWidget(graphHint_);
    graphStack_->addWidget(graph_);
    tabs_->addTab(graphStack_, tr("Graph"));
    tabs_->addTab(editor_, tr("Editor"));
    tabs_->addTab(logs_, tr("Logs"));
    if (context.state)
        logs_->setSourceFactory([api = context.state->api()](const QString& id) -> std::unique_ptr<LogSource> {
            return std::make_unique<EngineLogSource>(api, id);
        });
    splitter->addWidget(tabs_);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({300, 800});

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new PageTitle(tr("Compose"), this));
    layout->addWidget(toolbar);
    layout->addWidget(notice_);
    layout->addWidget(splitter, 1);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(progress_, 1);
    bottom->addWidget(upProgressList_);
    layout->addLayout(bottom);

    refreshTimer_->setSingleShot(true);
    refreshTimer_->setInterval(100);
    connect(refreshTimer_, &QTimer::timeout, this, &ComposePage::refresh);
    ContainersModel* model = state_->containers();
    for (auto signal : {&ContainersModel::rowsInserted, &ContainersModel::rowsRemoved})
        connect(model, signal, refreshTimer_, qOverload<>(&QTimer::start));
    connect(model, &ContainersModel::dataChanged, refreshTimer_, qOverload<>(&QTimer::start));
    connect(model, &ContainersModel::modelReset, refreshTimer_, qOverload<>(&QTimer::start));
    connect(projects_, &QTreeWidget::currentItemChanged, this, [this] {
        refreshGraph();
        updateActions();
        showSelectedInEditor();
    });
    connect(editor_, &ComposeEditorTab::reloaded, this, &ComposePage::onSaved);
    connect(graph_, &ComposeGraphView::serviceActivated, this, [this](const QString& service, const QStringList& ids) {
        logs_->setServiceFilter(service); // the Logs tab shows that service from now on
        if (!ids.isEmpty()) emit detailsRequested(ids, QStringLiteral("Logs"));
    });

    for (const QString& file : QSettings().value(QLatin1String(kRecentKey)).toStringList())
        if (QFileInfo::exists(file)) openSource({{file}, {}, {}});
    refresh();
}

// What the Graph tab shows until a project is selected: how to get one.
QWidget* ComposePage::makeGraphHint(QAction* openFile, QAction* openFolder) {
    auto* hint = new QWidget(this);
    hint->setObjectName(QStringLiteral("composeGraphHint"));
    auto* text = new QLabel(tr("No project is selected. Open a compose file (compose.yaml) or a folder holding one "
                               "to see its services, or start a project with docker compose: it appears in the "
                               "list on the left."),
                            hint);
    text->setObjectName(QStringLiteral("composeGraphHintText"));
    text->setWordWrap(true);
    text->setAlignment(Qt::AlignCenter);
    text->setMinimumWidth(320);
    text->setMaximumWidth(480);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    for (QAction* action : {openFile, openFolder}) {
        auto* button = new QPushButton(action->text(), hint);
        button->setObjectName(action->objectName() + QStringLiteral("Button"));
        connect(button, &QPushButton::clicked, action, &QAction::trigger);
        buttons->addWidget(button);
    }
    buttons->addStretch(1);
    // Centred by stretches, not an alignment, so the wrapped text gets the height it needs.
    auto* centred = new QHBoxLayout;
    centred->addStretch(1);
    centred->addWidget(text, 4);
    centred->addStretch(1);
    auto* layout = new QVBoxLayout(hint);
    layout->addStretch(1);
    layout->addLayout(centred);
    layout->addSpacing(8);
    layout->addLayout(buttons);
    layout->addStretch(2);
    return hint;
}

void ComposePage::openFileDialog() {
    const QString file = QFileDialog::getOpenFileName(this, tr("Open a compose file"), {},
                                                      tr("Compose files (*.yaml *.yml);;All files (*)"));
    if (!file.isEmpty()) openSource({{file}, {}, {}});
}

void ComposePage::openFolderDialog() {
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open a compose project folder"));
    if (!folder.isEmpty()) openSource({{}, folder, {}});
}

void ComposePage::openSource(const ComposeSource& source, bool quiet) {
    if (!quiet) notice_->showNotice(NoticeBar::Kind::Progress, tr("Loading %1…").arg(source.files.isEmpty() ? source.directory
                                                                                             : source.files.join(u' ')));
    auto* watcher = new QFutureWatcher<LoadedCompose>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, quiet] {
        const LoadedCompose loaded = watcher->result();
        watcher->deleteLater();
        if (!loaded.error.isEmpty()) {
            if (!quiet) notice_->showNotice(NoticeBar::Kind::Error, loaded.error);
            emit sourceLoaded({}, loaded.error);
            return;
        }
        const QString name = QString::fromStdString(loaded.model.name);
        opened_.insert(name, loaded);
        if (!quiet) {
            notice_->showNotice(NoticeBar::Kind::Done, tr("Loaded project %1.").arg(name));
            if (!loaded.configFiles.isEmpty()) rememberRecent(loaded.configFiles.first());
        }
        refresh();
        if (selectedProject().isEmpty()) selectProject(name);
        if (selectedProject() == name && !editor_->isModified()) editor_->setProject(loaded);
        emit sourceLoaded(name, {});
    });
    watcher->setFuture(loadComposeAsync(source));
}

void ComposePage::rememberRecent(const QString& path) {
    QSettings settings;
    QStringList recent = settings.value(QLatin1String(kRecentKey)).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    settings.setValue(QLatin1String(kRecentKey), recent.mid(0, kMaxRecent));
}

void ComposePage::refresh() {
    const auto discovered = discoverProjects(allContainers(state_->containers()));
    QStringList names;
    for (const DiscoveredProject& p : discovered) names << p.name;
    // A project docker compose (or berth compose) started names its files: load
    // them once, so its graph shows what the file declares and Up works.
    for (const DiscoveredProject& p : discovered)
        if (!opened_.contains(p.name) && !labelFilesTried_.contains(p.name) && !p.configFiles.isEmpty() &&
            std::ranges::all_of(p.configFiles, [](const QString& f) { return QFileInfo::exists(f); })) {
            labelFilesTried_.insert(p.name);
            openSource({p.configFiles, p.workingDirectory, p.name}, true);
        }
    for (const QString& name : opened_.keys())
        if (!names.contains(name)) names << name;
    names.sort();
    const QString selected = selectedProject();
    const QSignalBlocker blocker(projects_);
    projects_->clear();
    for (const QString& name : names) {
        const DiscoveredProject* found = findProject(discovered, name);
        QString file = opened_.contains(name) ? opened_.value(name).configFiles.join(QStringLiteral(", "))
                       : found              ? found->configFiles.join(QStringLiteral(", "))
                                            : QString();
        auto* item = new QTreeWidgetItem(projects_, {name, found ? projectStateText(*found) : tr("not created"), file});
        item->setData(NameColumn, Qt::UserRole, name);
        if (found && found->unhealthy > 0) item->setForeground(StateColumn, QColor(0xd6, 0x45, 0x45));
        if (name == selected) projects_->setCurrentItem(item);
    }
    if (!projects_->currentItem() && projects_->topLevelItemCount() > 0) projects_->setCurrentItem(projects_->topLevelItem(0));
    refreshGraph();
    updateActions();
}

void ComposePage::refreshGraph() {
    const QString project = selectedProject();
    graphStack_->setCurrentWidget(project.isEmpty() ? graphHint_ : static_cast<QWidget*>(graph_));
    if (project.isEmpty()) {
        graph_->clearGraph();
        logs_->setContainers({}, {});
        return;
    }
    const auto discovered = discoverProjects(allContainers(state_->containers()));
    const DiscoveredProject* live = findProject(discovered, project);
    const std::vector<const api::types::ContainerSummary*> containers = live ? live->containers
                                                                             : std::vector<const api::types::ContainerSummary*>{};
    ComposeGraph graph = opened_.contains(project) ? graphFromProject(opened_.value(project).model)
                                                   : graphFromContainers(project, containers);
    applyContainers(graph, containers);
    if (project == upProject_)
        for (GraphNode& node : graph.nodes)
            if (upStages_.contains(node.service)) node.progress = upStageText(upStages_.value(node.service));
    graph_->setGraph(graph);
    QList<ProjectContainer> forLogs;
    for (const api::types::ContainerSummary* c : containers) {
        const auto service = c->labels.find("com.docker.compose.service");
        const auto number = c->labels.find("com.docker.compose.container-number");
        if (service == c->labels.end()) continue;
        forLogs.append({QString::fromStdString(c->id), QString::fromStdString(service->second),
                        number == c->labels.end() ? 1 : QString::fromStdString(number->second).toInt()});
    }
    logs_->setContainers(project, forLogs);
}

QStringList ComposePage::projectNames() const {
    QStringList names;
    for (int i = 0; i < projects_->topLevelItemCount(); ++i) names << projects_->topLevelItem(i)->text(NameColumn);
    return names;
}

QString ComposePage::projectState(const QString& project) const {
    for (int i = 0; i < projects_->topLevelItemCount(); ++i)
        if (projects_->topLevelItem(i)->text(NameColumn) == project) return projects_->topLevelItem(i)->text(StateColumn);
    return {};
}

void ComposePage::selectProject(const QString& project) {
    for (int i = 0; i < projects_->topLevelItemCount(); ++i)
        if (projects_->topLevelItem(i)->text(NameColumn) == project) projects_->setCurrentItem(projects_->topLevelItem(i));
}

QString ComposePage::selectedProject() const {
    const QTreeWidgetItem* item = projects_->currentItem();
    return item ? item->text(NameColumn) : QString();
}

QStringList ComposePage::unsavedChanges() const {
    return editor_->isModified() ? QStringList{editor_->currentFile()} : QStringList();
}

bool ComposePage::saveChanges() {
    return !editor_->isModified() || editor_->save();
}

// The editor follows the selection; while it holds unsaved text of the selected
// project, a refresh leaves it alone.
void ComposePage::showSelectedInEditor() {
    const QString project = selectedProject();
    if (editor_->project() == project && !editor_->currentFile().isEmpty()) return;
    if (editor_->isModified()) {
        // Unsaved text is never dropped silently: stay on its project unless the user discards it.
        const auto answer = QMessageBox::question(
            this, tr("Unsaved changes"),
            tr("%1 has unsaved changes. Discard them and show project %2?")
                .arg(QFileInfo(editor_->currentFile()).fileName(), project),
            QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Discard) {
            const QSignalBlocker blocker(projects_);
            selectProject(editor_->project());
            refreshGraph();
            updateActions();
            return;
        }
    }
    if (opened_.contains(project))
        editor_->setProject(opened_.value(project));
    else
        editor_->clearProject(!project.isEmpty());
}

// A saved file that loads: the project as it now is (renamed when its `name:` changed), graph redrawn.
void ComposePage::onSaved(const LoadedCompose& loaded) {
    const QString name = QString::fromStdString(loaded.model.name);
    const QString previous = editor_->project();
    if (previous != name) opened_.remove(previous);
    opened_.insert(name, loaded);
    refresh();
    selectProject(name);
    refreshGraph();
    notice_->showNotice(NoticeBar::Kind::Done, tr("Saved; project %1 loaded again.").arg(name));
}

void ComposePage::updateActions() {
    const QString project = selectedProject();
    for (QAction* action : projectActions_) action->setEnabled(!project.isEmpty());
    const bool hasFile = opened_.contains(project);
    for (QAction* action : fileActions_) {
        action->setEnabled(hasFile);
        action->setToolTip(hasFile ? tr("docker compose %1").arg(action->data().toString())
                                   : tr("%1 needs the project's compose file: Open… it").arg(action->text()));
    }
}

void ComposePage::requestUp() {
    const QString project = selectedProject();
    if (!opened_.contains(project)) return;
    const LoadedCompose loaded = opened_.value(project);
    auto* dialog = new UpPreviewDialog(project, previewUp(loaded.model, allContainers(state_->containers())), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, project, files = loaded.configFiles] {
        runCommand(project, files, {QStringLiteral("up"), QStringLiteral("-d")});
    });
    dialog->open();
}

void ComposePage::runOnSelected(const QString& verb) {
    const QString project = selectedProject();
    if (project.isEmpty()) return;
    if (!opened_.contains(project)) {
        runThroughApi(project, verb);
        return;
    }
    QStringList args{verb};
    if (verb == QLatin1String("up")) args << QStringLiteral("-d");
    if (verb == QLatin1String("down") && removeVolumes_->isChecked()) args << QStringLiteral("-v");
    runCommand(project, opened_.value(project).configFiles, args);
}

void ComposePage::runCommand(const QString& project, const QStringList& files, const QStringList& verb) {
    auto* command = new ComposeCommand(program_, ComposeCommand::arguments(files, project, verb), this);
    const QString what = tr("berth compose %1 (%2)…").arg(verb.join(u' '), project);
    progress_->appendPlainText(QStringLiteral("$ berth ") + command->arguments().join(u' '));
    notice_->showNotice(NoticeBar::Kind::Progress, what);
    connect(command, &ComposeCommand::lineWritten, progress_, &QPlainTextEdit::appendPlainText);
    const bool isUp = verb.value(0) == QLatin1String("up");
    if (isUp) {
        beginUpProgress(project);
        connect(command, &ComposeCommand::lineWritten, this, &ComposePage::followUpProgress);
    }
    connect(command, &ComposeCommand::finished, this, [this, command, verb, project, isUp](bool ok, const QString& failure) {
        if (isUp) endUpProgress(ok);
        notice_->showNotice(ok ? NoticeBar::Kind::Done : NoticeBar::Kind::Error,
                            ok ? tr("berth compose %1 (%2) finished.").arg(verb.join(u' '), project) : failure);
        command->deleteLater();
    });
    command->start();
}

// The per-service list starts with every service pending; the graph's nodes show their step.
void ComposePage::beginUpProgress(const QString& project) {
    upProject_ = project;
    upStages_.clear();
    upProgressList_->clear();
    if (opened_.contains(project))
        for (const auto& service : opened_.value(project).model.services) {
            auto* item = new QTreeWidgetItem(upProgressList_, {QString::fromStdString(service.name), tr("pending")});
            item->setData(0, Qt::UserRole, QString::fromStdString(service.name));
        }
    upProgressList_->show();
}

void ComposePage::followUpProgress(const QString& line) {
    if (!opened_.contains(upProject_)) return;
    QStringList services;
    for (const auto& service : opened_.value(upProject_).model.services) services << QString::fromStdString(service.name);
    const auto event = parseUpProgressLine(line, upProject_, services);
    if (!event) return;
    // A replica still under way keeps the service under way; a failure stays.
    const auto previous = upStages_.constFind(event->service);
    if (previous != upStages_.cend() && *previous == UpStage::Failed) return;
    upStages_.insert(event->service, event->stage);
    for (int i = 0; i < upProgressList_->topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = upProgressList_->topLevelItem(i);
        if (item->text(0) != event->service) continue;
        item->setText(1, upStageText(event->stage));
        if (event->stage == UpStage::Failed)
            item->setForeground(1, QColor(0xd6, 0x45, 0x45));
        else
            item->setData(1, Qt::ForegroundRole, QVariant()); // the palette's text colour
    }
    if (selectedProject() == upProject_) refreshGraph();
}

// The run's end settles every service: what did not fail is done (a kept service prints nothing
// once it runs), what was under way when Up failed failed with it.
void ComposePage::endUpProgress(bool ok) {
    for (int i = 0; i < upProgressList_->topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = upProgressList_->topLevelItem(i);
        const QString service = item->text(0);
        const auto stage = upStages_.constFind(service);
        if (stage != upStages_.cend() && isFinalStage(*stage)) continue;
        const bool failed = !ok && stage != upStages_.cend();
        item->setText(1, ok ? upStageText(UpStage::Done) : failed ? upStageText(UpStage::Failed) : tr("not reached"));
        if (failed) item->setForeground(1, QColor(0xd6, 0x45, 0x45));
    }
    const QString project = upProject_;
    upProject_.clear();
    upStages_.clear();
    if (selectedProject() == project) refreshGraph(); // the live states again
}

void ComposePage::runThroughApi(const QString& project, const QString& verb) {
    EngineApi* api = state_->api();
    const auto discovered = discoverProjects(allContainers(state_->containers()));
    const DiscoveredProject* found = findProject(discovered, project);
    if (!found) return;
    QStringList ids;
    for (const auto* c : found->containers) ids << QString::fromStdString(c->id);
    auto steps = std::make_shared<std::vector<std::function<QFuture<ApiResult<void>>()>>>();
    const auto addVerb = [&](ContainerVerb containerVerb) {
        for (const QString& id : ids) steps->push_back([api, id, containerVerb] { return api->containerVerb(id, containerVerb); });
    };
    QString what;
    if (verb == QLatin1String("start")) {
        addVerb(ContainerVerb::Start);
        what = tr("Starting project %1…").arg(project);
    } else if (verb == QLatin1String("stop")) {
        addVerb(ContainerVerb::Stop);
        what = tr("Stopping project %1…").arg(project);
    } else if (verb == QLatin1String("restart")) {
        addVerb(ContainerVerb::Restart);
        what = tr("Restarting project %1…").arg(project);
    } else if (verb == QLatin1String("down")) {
        // docker compose down: stop, remove the containers, then the project's networks.
        for (const auto* c : found->containers)
            if (c->state == "running" || c->state == "paused" || c->state == "restarting") {
                const QString id = QString::fromStdString(c->id);
                steps->push_back([api, id] { return api->containerVerb(id, ContainerVerb::Stop); });
            }
        const bool volumes = removeVolumes_->isChecked();
        for (const QString& id : ids) steps->push_back([api, id, volumes] { return api->removeContainer(id, false, volumes); });
        steps->push_back([api, project] {
            return api->listNetworks().then([api, project](ApiResult<EngineApi::Networks> networks) -> ApiResult<void> {
                if (!networks) return std::unexpected(networks.error());
                for (const auto& network : *networks) {
                    const auto label = network.labels.find("com.docker.compose.project");
                    if (label != network.labels.end() && QString::fromStdString(label->second) == project) {
                        ApiResult<void> removed = api->removeNetwork(QString::fromStdString(network.name)).result();
                        if (!removed) return removed;
                    }
                }
                return {};
            });
        });
        what = tr("Taking project %1 down…").arg(project);
    } else {
        return;
    }
    runSteps(runner_, what, steps);
}

} // namespace berth::ui
