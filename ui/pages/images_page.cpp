#include "ui/pages/images_page.h"

#include "ui/dialogs/image_progress_dialog.h"
#include "ui/dialogs/layers_dialog.h"
#include "ui/dialogs/registry_login_dialog.h"
#include "ui/dialogs/run_dialog.h"
#include "ui/dialogs/tag_dialog.h"
#include "ui/models/engine_state.h"
#include "ui/models/images_model.h"
#include "ui/pages/action_runner.h"
#include "ui/widgets/current_follows_selection.h"
#include "ui/widgets/notice_bar.h"
#include "ui/widgets/open_dialog.h"
#include "ui/widgets/page_title.h"
#include "ui/widgets/svg_icon.h"
#include "ui/widgets/clear_button.h"
#include "ui/widgets/empty_view_hint.h"

#include <QAction>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>
#include <utility>

namespace berth::ui {

ImagesPage::ImagesPage(const PageContext& context, const QIcon& icon, QWidget* parent)
    : Page(parent)
    , api_(context.state->api())
    , model_(context.state->images())
    , icon_(icon)
    , proxy_(new QSortFilterProxyModel(this))
    , table_(new QTableView(this))
    , filter_(new QLineEdit(this))
    , empty_(new QWidget(this))
    , notice_(new NoticeBar(this))
    , runner_(new ActionRunner(notice_, this)) {
    proxy_->setSourceModel(model_);
    proxy_->setSortRole(ImagesModel::SortRole);
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy_->setFilterKeyColumn(-1);

    filter_->setObjectName(QStringLiteral("imagesFilter"));
    filter_->setPlaceholderText(tr("Filter by repository, tag or ID (Ctrl+F)"));
    filter_->setAccessibleName(tr("Filter images"));
    enableClearButton(filter_);
    connect(filter_, &QLineEdit::textChanged, proxy_, &QSortFilterProxyModel::setFilterFixedString);

    table_->setObjectName(QStringLiteral("imagesTable"));
    table_->setAccessibleName(tr("Images"));
    table_->setModel(proxy_);
    setEmptyViewHint(table_, tr("No images yet. Pull… fetches one from a registry (alpine, for example); "
                                "the Dockerfiles page's Build… makes one."))
        ->followEngine(context.state);
    makeCurrentFollowSelection(table_); // a row a screen reader selects becomes current
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    table_->setSortingEnabled(true);
    table_->sortByColumn(ImagesModel::Created, Qt::DescendingOrder);
    table_->setAlternatingRowColors(true);
    table_->setShowGrid(false);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setWordWrap(false);
    table_->setColumnWidth(ImagesModel::Repository, 240);
    table_->setColumnWidth(ImagesModel::Created, 150);
    table_->setContextMenuPolicy(Qt::ActionsContextMenu);

    auto* remove = new QAction(svgIcon(QStringLiteral("remove")), tr("Remove"), this);
    remove->setObjectName(QStringLiteral("removeImageAction"));
    remove->setShortcut(QKeySequence::Delete);
    remove->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    remove->setEnabled(false);
    connect(remove, &QAction::triggered, this, &ImagesPage::confirmRemove);
    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, remove,
            [this, remove] { remove->setEnabled(table_->selectionModel()->hasSelection()); });
    addAction(remove);
    table_->addAction(remove);
    // Run from the image: the Run dialog with the image filled in.
    auto* runAction = new QAction(svgIcon(QStringLiteral("start")), tr("Run\u2026"), this);
    runAction->setObjectName(QStringLiteral("runImageAction"));
    runAction->setEnabled(false);
    connect(runAction, &QAction::triggered, this, [this] {
        const QStringList references = selectedReferences();
        auto* dialog = new RunDialog(api_, model_->references(), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        if (!references.isEmpty()) dialog->setImage(references.front());
        dialog->show();
    });
    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, runAction,
            [this, runAction] { runAction->setEnabled(table_->selectionModel()->selectedRows().size() == 1); });
    addAction(runAction);
    table_->addAction(runAction);
    // Pull, Push, Tag, Layers, Prune.
    auto* pullAction = new QAction(QIcon::fromTheme(QStringLiteral("download"), svgIcon(QStringLiteral("pull"))),
                                   tr("Pull…"), this);
    pullAction->setObjectName(QStringLiteral("pullImageAction"));
    pullAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    pullAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(pullAction, &QAction::triggered, this, [this] { openPull(); });
    addAction(pullAction);
    auto* pushAction = new QAction(QIcon::fromTheme(QStringLiteral("upload"), svgIcon(QStringLiteral("push"))), tr("Push…"), this);
    pushAction->setObjectName(QStringLiteral("pushImageAction"));
    connect(pushAction, &QAction::triggered, this, [this] { pushSelected(); });
    auto* tagAction = new QAction(QIcon::fromTheme(QStringLiteral("tag"), svgIcon(QStringLiteral("tag"))), tr("Tag…"), this);
    tagAction->setObjectName(QStringLiteral("tagImageAction"));
    connect(tagAction, &QAction::triggered, this, [this] { tagSelected(); });
    auto* layersAction = new QAction(svgIcon(QStringLiteral("layers")), tr("Layers"), this);
    layersAction->setObjectName(QStringLiteral("layersImageAction"));
    layersAction->setShortcut(QKeySequence(Qt::Key_Return));
    layersAction->setShortcutContext(Qt::WidgetShortcut);
    connect(layersAction, &QAction::triggered, this, [this] { showLayersOfSelected(); });
    connect(table_, &QTableView::doubleClicked, layersAction, &QAction::trigger);
    auto* pruneAction = new QAction(QIcon::fromTheme(QStringLiteral("edit-clear-all"), svgIcon(QStringLiteral("prune"))), tr("Prune…"), this);
    pruneAction->setObjectName(QStringLiteral("pruneImagesAction"));
    connect(pruneAction, &QAction::triggered, this, &ImagesPage::confirmPrune);
    addAction(pruneAction);
    for (QAction* single : {pushAction, tagAction, layersAction}) {
        single->setEnabled(false);
        connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, single,
                [this, single] { single->setEnabled(table_->selectionModel()->selectedRows().size() == 1); });
        addAction(single);
        table_->addAction(single);
    }
    // `docker login` / `docker logout`, for the pushes and pulls that need them.
    // The window's File menu offers both from any page; the toolbar's button is the short "Log In…".
    auto* loginAction = new QAction(QIcon::fromTheme(QStringLiteral("dialog-password"), svgIcon(QStringLiteral("login"))),
                                    tr("Log In to Registry…"), this);
    loginAction->setIconText(tr("Log In…"));
    loginAction->setObjectName(QStringLiteral("registryLoginAction"));
    loginAction->setToolTip(tr("Log in to a registry, or log out of one"));
    connect(loginAction, &QAction::triggered, this, [this] { openLogin(); });
    addAction(loginAction);
    auto* logoutAction = new QAction(tr("Log Out of Registry…"), this);
    logoutAction->setObjectName(QStringLiteral("registryLogoutAction"));
    logoutAction->setToolTip(tr("Remove the login kept for a registry"));
    connect(logoutAction, &QAction::triggered, this, [this] { openLogout(); });
    addAction(logoutAction);
    fileMenuActions_ = {loginAction, logoutAction};
    auto* find = new QAction(this);
    find->setShortcut(QKeySequence::Find);
    find->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(find, &QAction::triggered, filter_, [this] { filter_->setFocus(Qt::ShortcutFocusReason); });
    addAction(find);

    auto* toolbar = new QToolBar(tr("Image actions"), this);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addAction(pullAction);
    toolbar->addAction(runAction);
    toolbar->addAction(pushAction);
    toolbar->addAction(tagAction);
    toolbar->addAction(layersAction);
    toolbar->addAction(remove);
    toolbar->addSeparator();
    toolbar->addAction(pruneAction);
    toolbar->addSeparator();
    toolbar->addAction(loginAction);
    filter_->setMinimumWidth(260);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 12);
    auto* heading = new QHBoxLayout;
    heading->addWidget(new PageTitle(tr("Images"), this));
    heading->addStretch(1);
    heading->addWidget(filter_);
    layout->addLayout(heading);
    layout->addWidget(toolbar);
    layout->addWidget(notice_);
    layout->addWidget(table_, 1);
    layout->addWidget(empty_, 1);

    auto* emptyLayout = new QVBoxLayout(empty_);
    emptyLayout->addStretch(1);
    auto* emptyText = new QLabel(tr("There are no images yet."), empty_);
    emptyText->setAlignment(Qt::AlignCenter);
    emptyLayout->addWidget(emptyText);
    auto* pullButton = new QPushButton(pullAction->icon(), tr("Pull an image…"), empty_);
    pullButton->setObjectName(QStringLiteral("emptyPullButton"));
    connect(pullButton, &QPushButton::clicked, pullAction, &QAction::trigger);
    emptyLayout->addWidget(pullButton, 0, Qt::AlignCenter);
    emptyLayout->addStretch(2);
    empty_->hide();
    connect(model_, &ImagesModel::loaded, this, &ImagesPage::updateEmptyState);
    connect(model_, &QAbstractItemModel::rowsInserted, this, &ImagesPage::updateEmptyState);
    connect(model_, &QAbstractItemModel::rowsRemoved, this, &ImagesPage::updateEmptyState);
    connect(model_, &QAbstractItemModel::modelReset, this, &ImagesPage::updateEmptyState);

    connect(model_, &QAbstractItemModel::modelAboutToBeReset, this, &ImagesPage::rememberSelection);
    connect(model_, &QAbstractItemModel::modelReset, this, &ImagesPage::restoreSelection);
    connect(model_, &QAbstractItemModel::rowsInserted, this, [this] {
        if (!pendingReveal_.isEmpty() && selectImage(pendingReveal_)) pendingReveal_.clear();
    });
    connect(model_, &ImagesModel::loadFailed, this,
            [this](const ApiError& error) { notice_->showNotice(NoticeBar::Kind::Error, error.message); });
}

QStringList ImagesPage::selectedReferences() const {
    QStringList references;
    for (const QModelIndex& row : table_->selectionModel()->selectedRows())
        references << row.data(ImagesModel::ReferenceRole).toString();
    return references;
}

void ImagesPage::removeSelected(bool force) {
    for (const QString& reference : selectedReferences())
        runner_->run(tr("Removing %1\u2026").arg(reference), api_->removeImage(reference, force));
}

void ImagesPage::reveal(const QString& imageId) {
    pendingReveal_.clear();
    if (!selectImage(imageId)) pendingReveal_ = imageId;
}

bool ImagesPage::selectImage(const QString& imageId) {
    const QModelIndexList found =
        model_->match(model_->index(0, 0), ImagesModel::IdRole, imageId, 1, Qt::MatchExactly);
    if (found.isEmpty()) return false;
    QModelIndex row = proxy_->mapFromSource(found.first());
    if (!row.isValid()) { // hidden by the filter
        filter_->clear();
        row = proxy_->mapFromSource(found.first());
    }
    updateEmptyState();
    table_->selectionModel()->setCurrentIndex(row, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    table_->scrollTo(row, QAbstractItemView::PositionAtCenter);
    return true;
}

void ImagesPage::rememberSelection() {
    keptSelection_ = selectedReferences();
}

void ImagesPage::restoreSelection() {
    if (!pendingReveal_.isEmpty() && selectImage(pendingReveal_)) {
        pendingReveal_.clear();
        keptSelection_.clear();
        return;
    }
    QItemSelection selection;
    for (const QString& reference : std::exchange(keptSelection_, {})) {
        const QModelIndexList found =
            model_->match(model_->index(0, 0), ImagesModel::ReferenceRole, reference, 1, Qt::MatchExactly);
        const QModelIndex row = found.isEmpty() ? QModelIndex() : proxy_->mapFromSource(found.first());
        if (row.isValid()) selection.select(row, row);
    }
    if (!selection.isEmpty())
        table_->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void ImagesPage::updateEmptyState() {
    const bool empty = model_->rowCount() == 0;
    empty_->setVisible(empty);
    table_->setVisible(!empty);
}

ImageProgressDialog* ImagesPage::openPull(const QString& reference) {
    auto* dialog = new ImageProgressDialog(api_, ImageProgressDialog::Mode::Pull, reference, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    return dialog;
}

ImageProgressDialog* ImagesPage::pushSelected() {
    const QStringList references = selectedReferences();
    if (references.size() != 1) return nullptr;
    auto* dialog = new ImageProgressDialog(api_, ImageProgressDialog::Mode::Push, references.front(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    dialog->start();
    return dialog;
}

TagDialog* ImagesPage::tagSelected() {
    const QStringList references = selectedReferences();
    if (references.size() != 1) return nullptr;
    auto* dialog = new TagDialog(api_, references.front(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &TagDialog::tagged, this, [this](const QString& target) {
        notice_->showNotice(NoticeBar::Kind::Done, tr("Tagged %1.").arg(target));
    });
    dialog->show();
    return dialog;
}

RegistryLoginDialog* ImagesPage::openLogin() {
    if (auto* open = raiseOpenDialog<RegistryLoginDialog>(this)) return open;
    auto* dialog = new RegistryLoginDialog(api_, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &RegistryLoginDialog::loggedIn, this, [this](const QString& registry) {
        notice_->showNotice(NoticeBar::Kind::Done, tr("Logged in to %1.").arg(registry));
    });
    connect(dialog, &RegistryLoginDialog::loggedOut, this, [this](const QString& registry) {
        notice_->showNotice(NoticeBar::Kind::Done, tr("Logged out of %1.").arg(registry));
    });
    dialog->show();
    return dialog;
}

RegistryLoginDialog* ImagesPage::openLogout() {
    RegistryLoginDialog* dialog = openLogin();
    dialog->preferLogOut();
    return dialog;
}

LayersDialog* ImagesPage::showLayersOfSelected() {
    const QStringList references = selectedReferences();
    if (references.size() != 1) return nullptr;
    auto* dialog = new LayersDialog(api_, references.front(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    return dialog;
}

void ImagesPage::prune(bool all) {
    notice_->showNotice(NoticeBar::Kind::Progress, tr("Pruning images…"));
    api_->pruneImages(all).then(this, [this](const ApiResult<PruneReport>& result) {
        if (!result) {
            notice_->showNotice(NoticeBar::Kind::Error, result.error().message);
            return;
        }
        notice_->showNotice(NoticeBar::Kind::Done,
                            tr("Removed %n image(s); reclaimed %1.", nullptr, result->removed)
                                .arg(QLocale().formattedDataSize(result->spaceReclaimed, 1,
                                                                 QLocale::DataSizeSIFormat)));
    });
}

void ImagesPage::confirmPrune() {
    api_->diskUsage().then(this, [this](const ApiResult<std::vector<api::types::DiskUsageRow>>& rows) {
        QString reclaimable;
        if (rows) {
            // docker system df's Images RECLAIMABLE: the unused images, i.e. what "all unused" removes.
            for (const auto& row : *rows)
                if (row.kind == "Images")
                    reclaimable = QLocale().formattedDataSize(row.reclaimable, 1, QLocale::DataSizeSIFormat);
        }
        askPrune(reclaimable);
    });
}

void ImagesPage::askPrune(const QString& reclaimable) {
    QMessageBox box(QMessageBox::Warning, tr("Prune images"),
                    tr("Remove the dangling images (untagged, and used by no container)?"), QMessageBox::Cancel,
                    this);
    if (!reclaimable.isEmpty())
        box.setInformativeText(tr("All unused images, tagged ones too, would reclaim %1.").arg(reclaimable));
    auto* pruneButton = box.addButton(tr("Prune"), QMessageBox::DestructiveRole);
    auto* all = new QCheckBox(tr("All unused images, tagged ones too"), &box);
    all->setAccessibleName(all->text());
    box.setCheckBox(all);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() == pruneButton) prune(all->isChecked());
}

void ImagesPage::confirmRemove() {
    const QStringList references = selectedReferences();
    if (references.isEmpty()) return;
    QMessageBox box(QMessageBox::Warning, tr("Remove images"),
                    tr("Remove %1?").arg(references.join(QStringLiteral(", "))), QMessageBox::Cancel, this);
    auto* removeButton = box.addButton(tr("Remove"), QMessageBox::DestructiveRole);
    auto* force = new QCheckBox(tr("Force (also untag images that containers use)"), &box);
    force->setAccessibleName(force->text());
    box.setCheckBox(force);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() == removeButton) removeSelected(force->isChecked());
}

} // namespace berth::ui
