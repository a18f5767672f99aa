#include "ui/details/inspect_tab.h"

#include "ui/details/json_fetcher.h"
#include "ui/details/json_tree_model.h"
#include "ui/widgets/clear_button.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTreeView>
#include <QVBoxLayout>

namespace berth::ui {

InspectTab::InspectTab(EngineApi* api, const QString& containerId, QWidget* parent)
    : QWidget(parent), fetcher_(new JsonFetcher(api, containerId, JsonFetcher::Document::Inspect, this)) {
    setObjectName(QStringLiteral("inspectTab"));
    model_ = new JsonTreeModel(this);
    proxy_ = new QSortFilterProxyModel(this);
    proxy_->setSourceModel(model_);
    proxy_->setRecursiveFilteringEnabled(true); // a match keeps its ancestors
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy_->setFilterKeyColumn(-1);             // keys and values

    search_ = new QLineEdit(this);
    search_->setObjectName(QStringLiteral("inspectSearch"));
    search_->setPlaceholderText(tr("Search keys and values (Ctrl+F)"));
    search_->setAccessibleName(tr("Search the inspect document"));
    enableClearButton(search_);
    auto* copyValueButton = new QPushButton(tr("Copy value"), this);
    auto* copyPathButton = new QPushButton(tr("Copy path"), this);
    auto* copyAll = new QPushButton(tr("Copy all"), this);
    auto* refreshButton = new QPushButton(tr("Refresh"), this);
    copyValueButton->setAccessibleName(tr("Copy value"));
    copyPathButton->setAccessibleName(tr("Copy path"));
    copyAll->setAccessibleName(tr("Copy the whole document"));
    refreshButton->setAccessibleName(tr("Refresh"));
    view_ = new QTreeView(this);
    view_->setObjectName(QStringLiteral("inspectTree"));
    view_->setAccessibleName(tr("Inspect document"));
    view_->setModel(proxy_);
    view_->setUniformRowHeights(true);
    view_->header()->setSectionResizeMode(JsonTreeModel::KeyColumn, QHeaderView::ResizeToContents);
    status_ = new QLabel(this);

    auto* bar = new QHBoxLayout;
    bar->addWidget(search_, 1);
    for (QPushButton* button : {copyValueButton, copyPathButton, copyAll, refreshButton}) bar->addWidget(button);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(view_, 1);
    layout->addWidget(status_);

    auto* find = new QAction(tr("Search"), this);
    find->setShortcut(QKeySequence::Find);
    find->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(find, &QAction::triggered, search_, [this] { search_->setFocus(); search_->selectAll(); });
    addAction(find);
    connect(search_, &QLineEdit::textChanged, this, &InspectTab::setSearchText);
    connect(copyValueButton, &QPushButton::clicked, this, &InspectTab::copyValue);
    connect(copyPathButton, &QPushButton::clicked, this, &InspectTab::copyPath);
    connect(copyAll, &QPushButton::clicked, this, &InspectTab::copyDocument);
    connect(refreshButton, &QPushButton::clicked, this, &InspectTab::refresh);
    connect(fetcher_, &JsonFetcher::fetched, this, [this](const QJsonDocument& document) {
        model_->setDocument(document);
        view_->expandToDepth(0);
        status_->clear();
    });
    connect(fetcher_, &JsonFetcher::failed, this, [this](const QString& message) {
        status_->setText(tr("Cannot inspect: %1").arg(message));
    });
    refresh();
}

InspectTab::~InspectTab() = default;

void InspectTab::refresh() { fetcher_->fetch(); }

void InspectTab::setSearchText(const QString& text) {
    if (search_->text() != text) search_->setText(text);
    proxy_->setFilterFixedString(text);
    if (!text.isEmpty()) view_->expandAll();
}

bool InspectTab::selectPath(const QString& path) {
    const QModelIndex source = model_->indexOfPath(path);
    const QModelIndex index = proxy_->mapFromSource(source);
    if (!index.isValid()) return false;
    view_->setCurrentIndex(index);
    view_->scrollTo(index);
    return true;
}

QModelIndex InspectTab::currentSourceIndex() const { return proxy_->mapToSource(view_->currentIndex()); }

void InspectTab::copyValue() const {
    const QModelIndex index = currentSourceIndex();
    if (!index.isValid()) return;
    QApplication::clipboard()->setText(jsonValueText(index.data(JsonTreeModel::JsonRole).toJsonValue()));
}

void InspectTab::copyPath() const {
    const QModelIndex index = currentSourceIndex();
    if (index.isValid()) QApplication::clipboard()->setText(index.data(JsonTreeModel::PathRole).toString());
}

void InspectTab::copyDocument() const {
    QApplication::clipboard()->setText(QString::fromUtf8(model_->document().toJson(QJsonDocument::Indented)));
}

} // namespace berth::ui
