#include "ui/pages/containers_page.h"

#include "ui/dialogs/run_dialog.h"
#include "ui/models/containers_model.h"
#include "ui/models/containers_sort_filter.h"
#include "ui/models/containers_stats.h"
#include "ui/models/containers_tree_model.h"
#include "ui/models/engine_state.h"
#include "ui/models/images_model.h"
#include "ui/models/memory_sparkline_delegate.h"
#include "ui/pages/action_runner.h"
#include "ui/widgets/current_follows_selection.h"
#include "ui/widgets/notice_bar.h"
#include "ui/widgets/page_title.h"
#include "ui/widgets/svg_icon.h"
#include "ui/widgets/clear_button.h"
#include "ui/widgets/empty_view_hint.h"

#include <QAction>
#include <QCheckBox>
#include <QDesktopServices>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QToolBar>
#include <QTreeView>
#include <QUrl>
#include <QVBoxLayout>

namespace berth::ui {

namespace {

QString verbProgress(ContainerVerb verb, const QString& name) {
    switch (verb) {
    case ContainerVerb::Start: return ContainersPage::tr("Starting %1\u2026").arg(name);
    case ContainerVerb::Stop: return ContainersPage::tr("Stopping %1\u2026").arg(name);
    case ContainerVerb::Restart: return ContainersPage::tr("Restarting %1\u2026").arg(name);
    case ContainerVerb::Pause: return ContainersPage::tr("Pausing %1\u2026").arg(name);
    case ContainerVerb::Unpause: return ContainersPage::tr("Unpausing %1\u2026").arg(name);
    case ContainerVerb::Kill: return ContainersPage::tr("Killing %1\u2026").arg(name);
    }
    return {};
}

const QString kGroupedKey = QStringLiteral("containers/groupByProject");
const QString kCollapsedKey = QStringLiteral("containers/collapsedProjects");

QIcon actionIcon(const QString& name) {
    return svgIcon(name);
}

// The containers whose CPU and memory the table shows.
QStringList runningIds(const ContainersModel& model) {
    QStringList ids;
    for (int row = 0; row < model.rowCount(); ++row)
        if (model.summary(row)->state == "running") ids << QString::fromStdString(model.summary(row)->id);
    return ids;
}

} // namespace

void ContainersPage::showEvent(QShowEvent* event) {
    Page::showEvent(event);
    stats_->setActive(true);
}

void ContainersPage::hideEvent(QHideEvent* event) {
    Page::hideEvent(event);
    stats_->setActive(false);
}

ContainersPage::ContainersPage(const PageContext& context, const QIcon& icon, QWidget* parent)
    : Page(parent)
    , api_(context.state->api())
    , state_(context.state)
    , model_(context.state->containers())
    , stats_(new ContainersStats(api_, [this] { return runningIds(*model_); }, this))
    , icon_(icon)
    , tree_(new ContainersTreeModel(model_, this))
    , proxy_(new ContainersSortFilter(this))
    , table_(new QTreeView(this))
    , groupAction_(new QAction(tr("Group by project"), this))
    , filter_(new QLineEdit(this))
    , notice_(new NoticeBar(this))
    , runner_(new ActionRunner(notice_, this)) {
    model_->setStats(stats_);
    const QStringList collapsed = QSettings().value(kCollapsedKey).toStringList();
    collapsedProjects_ = QSet<QString>(collapsed.begin(), collapsed.end());
    tree_->setGrouped(QSettings().value(kGroupedKey, true).toBool());
    proxy_->setSourceModel(tree_);

    filter_->setObjectName(QStringLiteral("containersFilter"));
    filter_->setPlaceholderText(tr("Filter by name, image or state (Ctrl+F)"));
    filter_->setAccessibleName(tr("Filter containers"));
    enableClearButton(filter_);
    connect(filter_, &QLineEdit::textChanged, proxy_, &QSortFilterProxyModel::setFilterFixedString);

    table_->setObjectName(QStringLiteral("containersTable"));
    table_->setAccessibleName(tr("Containers"));
    table_->setModel(proxy_);
    setEmptyViewHint(table_, tr("No containers yet. Run… starts one from an image; the Images page's Pull… "
                                "fetches an image first."))
        ->followEngine(state_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    table_->setSortingEnabled(true);
    table_->sortByColumn(ContainersModel::Created, Qt::DescendingOrder);
    table_->setAlternatingRowColors(true);
    table_->setWordWrap(false);
    table_->setUniformRowHeights(true);
    table_->setAllColumnsShowFocus(true);
    table_->setExpandsOnDoubleClick(true); // on a header; a container's double click opens its details
    table_->setRootIsDecorated(tree_->isGrouped());
    table_->header()->setStretchLastSection(true);
    table_->header()->setSectionResizeMode(QHeaderView::Interactive);
    table_->setItemDelegateForColumn(ContainersModel::Memory, new MemorySparklineDelegate(table_));
    table_->setColumnWidth(ContainersModel::Name, 160);
    table_->setColumnWidth(ContainersModel::Image, 110);
    table_->setColumnWidth(ContainersModel::State, 115); // a header's "running 10/12" with its icon
    table_->setColumnWidth(ContainersModel::Health, 60);
    table_->setColumnWidth(ContainersModel::Ports, 90);
    table_->setColumnWidth(ContainersModel::Created, 135);
    table_->setColumnWidth(ContainersModel::Project, 80);
    table_->setColumnWidth(ContainersModel::Cpu, 60);
    table_->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(table_, &QWidget::customContextMenuRequested, this, &ContainersPage::showContextMenu);
    connect(table_, &QAbstractItemView::clicked, this, &ContainersPage::onClicked);
    connect(table_, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex& index) {
        if (!index.data(ContainersTreeModel::IsProjectRole).toBool())
            emit detailsRequested(selectedIds(), QStringLiteral("Logs"));
    });
    connect(table_, &QTreeView::expanded, this, [this](const QModelIndex& index) { rememberExpansion(index, true); });
    connect(table_, &QTreeView::collapsed, this, [this](const QModelIndex& index) { rememberExpansion(index, false); });
    connect(proxy_, &QAbstractItemModel::rowsInserted, this, &ContainersPage::applyExpansion);
    connect(proxy_, &QAbstractItemModel::modelReset, this,
            [this] { applyExpansion({}, 0, proxy_->rowCount() - 1); });
    connect(proxy_, &QAbstractItemModel::layoutChanged, this,
            [this] { applyExpansion({}, 0, proxy_->rowCount() - 1); });
    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ContainersPage::updateActions);
    // A row selected through AT-SPI (a screen reader) becomes current: the keyboard goes on from it.
    makeCurrentFollowSelection(table_);
    connect(model_, &QAbstractItemModel::dataChanged, this, &ContainersPage::updateActions);

    auto* toolbar = new QToolBar(tr("Container actions"), this);
    toolbar->setObjectName(QStringLiteral("containersToolbar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    auto* runAction = new QAction(actionIcon(QStringLiteral("start")), tr("Run\u2026"), this);
    runAction->setObjectName(QStringLiteral("runAction"));
    runAction->setShortcut(QKeySequence::New);
    runAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(runAction, &QAction::triggered, this, [this] { openRunDialog(); });
    addAction(runAction);
    toolbar->addAction(runAction);
    toolbar->addSeparator();
    toolbar->addAction(addVerbAction(tr("Start"), QStringLiteral("start"), ContainerVerb::Start));
    toolbar->addAction(addVerbAction(tr("Stop"), QStringLiteral("stop"), ContainerVerb::Stop));
    toolbar->addAction(addVerbAction(tr("Restart"), QStringLiteral("restart"), ContainerVerb::Restart));
    toolbar->addAction(addVerbAction(tr("Pause"), QStringLiteral("pause"), ContainerVerb::Pause));
    toolbar->addAction(addVerbAction(tr("Unpause"), QStringLiteral("start"), ContainerVerb::Unpause));
    toolbar->addAction(addVerbAction(tr("Kill"), QStringLiteral("kill"), ContainerVerb::Kill));
    auto* remove = new QAction(actionIcon(QStringLiteral("remove")), tr("Remove"), this);
    remove->setObjectName(QStringLiteral("removeAction"));
    remove->setShortcut(QKeySequence::Delete);
    remove->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(remove, &QAction::triggered, this, &ContainersPage::confirmRemove);
    addAction(remove);
    selectionActions_ << remove;
    toolbar->addAction(remove);
    toolbar->addSeparator();
    groupAction_->setObjectName(QStringLiteral("groupByProjectAction"));
    groupAction_->setCheckable(true);
    groupAction_->setChecked(tree_->isGrouped());
    groupAction_->setToolTip(tr("Show the containers of each compose project under one row"));
    connect(groupAction_, &QAction::toggled, this, &ContainersPage::setGroupedByProject);
    toolbar->addAction(groupAction_);
    filter_->setMinimumWidth(260);

    // The details tabs, by their visible names (the details window opens at that tab).
    for (const auto& [tab, label] : {std::pair{QStringLiteral("Logs"), tr("Logs")},
                                     std::pair{QStringLiteral("Terminal"), tr("Terminal")},
                                     std::pair{QStringLiteral("Inspect"), tr("Inspect")},
                                     std::pair{QStringLiteral("Files"), tr("Files")},
                                     std::pair{QStringLiteral("Stats"), tr("Stats")}}) {
        auto* action = new QAction(label, this);
        action->setObjectName(tab.toLower() + QStringLiteral("Action"));
        connect(action, &QAction::triggered, this, [this, tab] { emit detailsRequested(selectedIds(), tab); });
        detailsActions_ << action;
        selectionActions_ << action;
    }
    // The menu bar's Container menu: Run…, then what the context menu offers.
    auto* separator = new QAction(this);
    separator->setSeparator(true);
    menuActions_ << runAction;
    for (QAction* action : std::as_const(selectionActions_))
        if (!detailsActions_.contains(action)) menuActions_ << action;
    menuActions_ << separator << detailsActions_;
    auto* openDetails = new QAction(this);
    openDetails->setShortcuts({QKeySequence(Qt::Key_Return), QKeySequence(Qt::Key_Enter)});
    openDetails->setShortcutContext(Qt::WidgetShortcut);
    connect(openDetails, &QAction::triggered, this, [this] {
        if (!selectedIds().isEmpty()) emit detailsRequested(selectedIds(), QStringLiteral("Logs"));
    });
    table_->addAction(openDetails);
    auto* find = new QAction(this);
    find->setShortcut(QKeySequence::Find);
    find->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(find, &QAction::triggered, filter_, [this] { filter_->setFocus(Qt::ShortcutFocusReason); });
    addAction(find);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 12);
    auto* heading = new QHBoxLayout;
    heading->addWidget(new PageTitle(tr("Containers"), this));
    heading->addStretch(1);
    heading->addWidget(filter_);
    layout->addLayout(heading);
    layout->addWidget(toolbar);
    layout->addWidget(notice_);
    layout->addWidget(table_, 1);

    connect(model_, &ContainersModel::loadFailed, this,
            [this](const ApiError& error) { notice_->showNotice(NoticeBar::Kind::Error, error.message); });
    updateActions();
    // Column widths and order as the user left them.
    table_->header()->restoreState(QSettings().value(QStringLiteral("containers/header")).toByteArray());
    applyExpansion({}, 0, proxy_->rowCount() - 1);
}

ContainersPage::~ContainersPage() {
    model_->setStats(nullptr); // the model outlives the page, the sampler does not
    QSettings().setValue(QStringLiteral("containers/header"), table_->header()->saveState());
}

QString ContainersPage::menuTitle() const {
    return tr("&Container");
}

QAction* ContainersPage::addVerbAction(const QString& text, const QString& iconName, ContainerVerb verb) {
    auto* action = new QAction(actionIcon(iconName), text, this);
    action->setObjectName(text.toLower() + QStringLiteral("Action"));
    connect(action, &QAction::triggered, this, [this, verb] { runVerb(verb); });
    addAction(action);
    selectionActions_ << action;
    return action;
}

QStringList ContainersPage::selectedIds() const {
    QStringList ids;
    const QItemSelectionModel* selection = table_->selectionModel();
    // Depth first over the view: the order the user sees.
    auto visit = [&](auto&& self, const QModelIndex& parent) -> void {
        for (int row = 0; row < proxy_->rowCount(parent); ++row) {
            const QModelIndex index = proxy_->index(row, 0, parent);
            if (selection->isRowSelected(row, parent)) {
                if (index.data(ContainersTreeModel::IsProjectRole).toBool())
                    ids << index.data(ContainersTreeModel::ProjectIdsRole).toStringList();
                else ids << index.data(ContainersModel::IdRole).toString();
            }
            self(self, index);
        }
    };
    visit(visit, {});
    ids.removeDuplicates();
    return ids;
}

void ContainersPage::runVerb(ContainerVerb verb) {
    for (const QString& id : selectedIds()) {
        const int row = model_->rowOf(id);
        const QString name = row >= 0 ? QString::fromStdString(model_->summary(row)->name()) : id.left(12);
        runner_->run(verbProgress(verb, name), api_->containerVerb(id, verb));
    }
}

void ContainersPage::runVerbOnProject(const QString& project, ContainerVerb verb) {
    for (int row = 0; row < model_->rowCount(); ++row) {
        const auto* container = model_->summary(row);
        if (QString::fromStdString(container->compose_project()) != project) continue;
        runner_->run(verbProgress(verb, QString::fromStdString(container->name())),
                     api_->containerVerb(QString::fromStdString(container->id), verb));
    }
}

void ContainersPage::removeProject(const QString& project, bool removeVolumes) {
    for (const QString& id : tree_->projectIds(project)) {
        const QString name = QString::fromStdString(model_->summary(model_->rowOf(id))->name());
        runner_->run(tr("Removing %1\u2026").arg(name), api_->removeContainer(id, true, removeVolumes));
    }
}

void ContainersPage::showProjectLogs(const QString& project) {
    const QStringList ids = tree_->projectIds(project);
    if (!ids.isEmpty()) emit detailsRequested(ids, QStringLiteral("Logs"));
}

void ContainersPage::setGroupedByProject(bool grouped) {
    tree_->setGrouped(grouped);
    table_->setRootIsDecorated(grouped);
    groupAction_->setChecked(grouped);
    QSettings().setValue(kGroupedKey, grouped);
}

bool ContainersPage::isGroupedByProject() const {
    return tree_->isGrouped();
}

void ContainersPage::applyExpansion(const QModelIndex& parent, int first, int last) {
    if (parent.isValid()) return; // only headers expand, and they are top-level rows
    for (int row = first; row <= last; ++row) {
        const QModelIndex index = proxy_->index(row, 0);
        if (!index.data(ContainersTreeModel::IsProjectRole).toBool()) continue;
        const QString project = index.data(ContainersModel::ProjectRole).toString();
        table_->setExpanded(index, !collapsedProjects_.contains(project));
    }
}

void ContainersPage::rememberExpansion(const QModelIndex& index, bool expanded) {
    const QString project = index.data(ContainersModel::ProjectRole).toString();
    if (project.isEmpty() || expanded != collapsedProjects_.contains(project)) return;
    if (expanded) collapsedProjects_.remove(project);
    else collapsedProjects_.insert(project);
    QStringList collapsed(collapsedProjects_.begin(), collapsedProjects_.end());
    collapsed.sort();
    QSettings().setValue(kCollapsedKey, collapsed);
}

void ContainersPage::removeSelected(bool force, bool removeVolumes) {
    for (const QString& id : selectedIds()) {
        const int row = model_->rowOf(id);
        const QString name = row >= 0 ? QString::fromStdString(model_->summary(row)->name()) : id.left(12);
        runner_->run(tr("Removing %1\u2026").arg(name), api_->removeContainer(id, force, removeVolumes));
    }
}

RunDialog* ContainersPage::openRunDialog(const QString& image) {
    auto* dialog = new RunDialog(api_, state_->images()->references(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!image.isEmpty()) dialog->setImage(image);
    // Attached: the container's output, live, in its details (docker run without -d).
    connect(dialog, &RunDialog::attachRequested, this,
            [this](const QString& id) { emit detailsRequested({id}, QStringLiteral("Logs")); });
    dialog->show();
    return dialog;
}

void ContainersPage::confirmRemove() {
    const QStringList ids = selectedIds();
    if (ids.isEmpty()) return;
    QMessageBox box(QMessageBox::Warning, tr("Remove containers"),
                    tr("Remove %n container(s)? Running ones are stopped first.", nullptr, static_cast<int>(ids.size())),
                    QMessageBox::Cancel, this);
    auto* removeButton = box.addButton(tr("Remove"), QMessageBox::DestructiveRole);
    auto* volumes = new QCheckBox(tr("Also remove their anonymous volumes"), &box);
    volumes->setAccessibleName(volumes->text());
    box.setCheckBox(volumes);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() == removeButton) removeSelected(true, volumes->isChecked());
}

void ContainersPage::confirmRemoveProject(const QString& project) {
    const int count = static_cast<int>(tree_->projectIds(project).size());
    if (count == 0) return;
    QMessageBox box(QMessageBox::Warning, tr("Remove project"),
                    tr("Remove the %n container(s) of project %1? Running ones are stopped first.", nullptr, count)
                        .arg(project),
                    QMessageBox::Cancel, this);
    auto* removeButton = box.addButton(tr("Remove"), QMessageBox::DestructiveRole);
    auto* volumes = new QCheckBox(tr("Also remove their anonymous volumes"), &box);
    volumes->setAccessibleName(volumes->text());
    box.setCheckBox(volumes);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() == removeButton) removeProject(project, volumes->isChecked());
}

// A project header's own menu: the verbs named as on the toolbar, for all its containers.
QMenu* ContainersPage::projectMenu(const QString& project, QWidget* parent) {
    auto* menu = new QMenu(tr("Project %1").arg(project), parent);
    menu->setAccessibleName(tr("Project %1").arg(project));
    auto add = [&](const QString& text, const QString& iconName, const char* objectName, auto slot) {
        QAction* action = menu->addAction(iconName.isEmpty() ? QIcon() : actionIcon(iconName), text);
        action->setObjectName(QLatin1String(objectName));
        action->setToolTip(tr("Acts on every container of project %1").arg(project));
        connect(action, &QAction::triggered, this, slot);
    };
    add(tr("Start"), QStringLiteral("start"), "projectStartAction",
        [this, project] { runVerbOnProject(project, ContainerVerb::Start); });
    add(tr("Stop"), QStringLiteral("stop"), "projectStopAction",
        [this, project] { runVerbOnProject(project, ContainerVerb::Stop); });
    add(tr("Restart"), QStringLiteral("restart"), "projectRestartAction",
        [this, project] { runVerbOnProject(project, ContainerVerb::Restart); });
    add(tr("Remove\u2026"), QStringLiteral("remove"), "projectRemoveAction",
        [this, project] { confirmRemoveProject(project); });
    menu->addSeparator();
    add(tr("Logs"), QString(), "projectLogsAction", [this, project] { showProjectLogs(project); });
    return menu;
}

void ContainersPage::updateActions() {
    const bool any = table_->selectionModel()->hasSelection();
    for (QAction* action : selectionActions_) action->setEnabled(any);
}

void ContainersPage::showContextMenu(const QPoint& position) {
    const QModelIndex clicked = table_->indexAt(position);
    if (!clicked.isValid()) return;
    if (clicked.data(ContainersTreeModel::IsProjectRole).toBool()) {
        QMenu* menu = projectMenu(clicked.data(ContainersModel::ProjectRole).toString(), this);
        menu->exec(table_->viewport()->mapToGlobal(position));
        menu->deleteLater();
        return;
    }
    QMenu menu(this);
    for (QAction* action : std::as_const(selectionActions_))
        if (!detailsActions_.contains(action)) menu.addAction(action);
    menu.addSeparator();
    for (QAction* action : detailsActions_) menu.addAction(action);
    // The compose project of the clicked row, as a group: start or stop all of it.
    const QString project = table_->indexAt(position).data(ContainersModel::ProjectRole).toString();
    if (!project.isEmpty()) {
        menu.addSeparator();
        connect(menu.addAction(tr("Start project %1").arg(project)), &QAction::triggered, this,
                [this, project] { runVerbOnProject(project, ContainerVerb::Start); });
        connect(menu.addAction(tr("Stop project %1").arg(project)), &QAction::triggered, this,
                [this, project] { runVerbOnProject(project, ContainerVerb::Stop); });
    }
    menu.exec(table_->viewport()->mapToGlobal(position));
}

void ContainersPage::onClicked(const QModelIndex& index) {
    if (index.column() != ContainersModel::Ports) return;
    const QStringList urls = index.data(ContainersModel::PortsRole).toStringList();
    if (!urls.isEmpty()) QDesktopServices::openUrl(QUrl(urls.front()));
}

} // namespace berth::ui
