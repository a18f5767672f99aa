#include "ui/pages/resource_page.h"

#include "ui/pages/action_runner.h"
#include "ui/widgets/current_follows_selection.h"
#include "ui/widgets/notice_bar.h"
#include "ui/widgets/page_title.h"
#include "ui/widgets/svg_icon.h"
#include "ui/widgets/clear_button.h"
#include "ui/widgets/empty_view_hint.h"

#include <QAction>
#include <QHeaderView>
#include <QInputDialog>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace berth::ui {

ResourcePage::ResourcePage(const QString& pageId, const QIcon& icon, const Texts& texts, QAbstractItemModel* model,
                           int nameRole, Operations operations, QWidget* parent)
    : Page(parent)
    , pageId_(pageId)
    , icon_(icon)
    , texts_(texts)
    , nameRole_(nameRole)
    , operations_(std::move(operations))
    , proxy_(new QSortFilterProxyModel(this))
    , table_(new QTableView(this))
    , notice_(new NoticeBar(this))
    , runner_(new ActionRunner(notice_, this)) {
    proxy_->setSourceModel(model);
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy_->setFilterKeyColumn(-1);

    table_->setObjectName(pageId + QStringLiteral("Table"));
    table_->setAccessibleName(texts_.title);
    table_->setModel(proxy_);
    emptyHint_ = setEmptyViewHint(table_, texts_.emptyHint);
    makeCurrentFollowSelection(table_); // a row a screen reader selects becomes current
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    table_->setSortingEnabled(true);
    table_->sortByColumn(0, Qt::AscendingOrder);
    table_->setAlternatingRowColors(true);
    table_->setShowGrid(false);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setColumnWidth(0, 220);
    table_->setContextMenuPolicy(Qt::ActionsContextMenu);

    auto* createAction = new QAction(svgIcon(QStringLiteral("start")), tr("Create\u2026"), this);
    createAction->setObjectName(QStringLiteral("createAction"));
    createAction->setShortcut(QKeySequence::New);
    createAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(createAction, &QAction::triggered, this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(this, texts_.title, texts_.createPrompt, QLineEdit::Normal, {}, &ok);
        if (ok) create(name.trimmed());
    });
    auto* removeAction = new QAction(svgIcon(QStringLiteral("remove")), tr("Remove"), this);
    removeAction->setObjectName(QStringLiteral("removeAction"));
    removeAction->setShortcut(QKeySequence::Delete);
    removeAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    removeAction->setEnabled(false);
    connect(removeAction, &QAction::triggered, this, &ResourcePage::removeSelected);
    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, removeAction,
            [this, removeAction] { removeAction->setEnabled(table_->selectionModel()->hasSelection()); });
    auto* pruneAction = new QAction(svgIcon(QStringLiteral("kill")), tr("Prune\u2026"), this);
    pruneAction->setObjectName(QStringLiteral("pruneAction"));
    connect(pruneAction, &QAction::triggered, this, [this] {
        if (QMessageBox::question(this, texts_.title, texts_.pruneQuestion) == QMessageBox::Yes) prune();
    });
    for (QAction* action : {createAction, removeAction, pruneAction}) addAction(action);
    table_->addAction(removeAction);

    auto* filter = new QLineEdit(this);
    filter->setObjectName(pageId + QStringLiteral("Filter"));
    filter->setAccessibleName(tr("Filter %1").arg(texts_.title));
    filter->setPlaceholderText(tr("Filter"));
    enableClearButton(filter);
    connect(filter, &QLineEdit::textChanged, proxy_, &QSortFilterProxyModel::setFilterFixedString);

    auto* toolbar = new QToolBar(texts_.title, this);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addActions({createAction, removeAction, pruneAction});
    toolbar->addSeparator();
    toolbar->addWidget(filter);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 12);
    layout->addWidget(new PageTitle(texts_.title, this));
    layout->addWidget(toolbar);
    layout->addWidget(notice_);
    layout->addWidget(table_, 1);
}

QStringList ResourcePage::selectedNames() const {
    QStringList names;
    for (const QModelIndex& row : table_->selectionModel()->selectedRows()) names << row.data(nameRole_).toString();
    return names;
}

void ResourcePage::create(const QString& name) {
    runner_->run(tr("Creating %1\u2026").arg(name), operations_.create(name));
}

void ResourcePage::removeSelected() {
    for (const QString& name : selectedNames()) runner_->run(tr("Removing %1\u2026").arg(name), operations_.remove(name));
}

void ResourcePage::prune() {
    notice_->showNotice(NoticeBar::Kind::Progress, tr("Pruning\u2026"));
    operations_.prune().then(this, [this](const ApiResult<PruneReport>& result) {
        if (!result) {
            notice_->showNotice(NoticeBar::Kind::Error, result.error().message);
            return;
        }
        notice_->showNotice(NoticeBar::Kind::Done,
                            tr("Removed %n object(s); reclaimed %1.", nullptr, result->removed)
                                .arg(QLocale().formattedDataSize(result->spaceReclaimed, 1,
                                                                 QLocale::DataSizeSIFormat)));
    });
}

void ResourcePage::showLoadError(const ApiError& error) {
    showingLoadError_ = true;
    notice_->showNotice(NoticeBar::Kind::Error, error.message);
    emptyHint_->setHint({}); // the notice says why the list is empty
}

void ResourcePage::followEngine(const EngineState* state) {
    emptyHint_->followEngine(state);
}

void ResourcePage::clearLoadError() {
    if (showingLoadError_ && notice_->kind() == NoticeBar::Kind::Error) notice_->hide();
    showingLoadError_ = false;
    emptyHint_->setHint(texts_.emptyHint);
}

} // namespace berth::ui
