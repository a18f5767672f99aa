#include "ui/models/networks_model.h"

#include "ui/models/containers_model.h"

namespace berth::ui {

NetworksModel::NetworksModel(EngineApi* api, const ContainersModel* containers, QObject* parent)
    : QAbstractTableModel(parent)
    , api_(api)
    , containers_(containers) {
    connect(containers_, &QAbstractItemModel::modelReset, this, &NetworksModel::onContainersChanged);
    connect(containers_, &QAbstractItemModel::dataChanged, this, &NetworksModel::onContainersChanged);
    connect(containers_, &QAbstractItemModel::rowsInserted, this, &NetworksModel::onContainersChanged);
    connect(containers_, &QAbstractItemModel::rowsRemoved, this, &NetworksModel::onContainersChanged);
}

int NetworksModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int NetworksModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant NetworksModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const auto& network = rows_[static_cast<size_t>(index.row())];
    const QString name = QString::fromStdString(network.name);
    if (role == NameRole) return name;
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole) return {};
    switch (static_cast<Column>(index.column())) {
    case Name: return name;
    // `docker network ls` shows 12 hex digits of the ID.
    case Id: return QString::fromStdString(network.id.substr(0, 12));
    case Driver: return QString::fromStdString(network.driver);
    case Scope: return QString::fromStdString(network.scope);
    case UsedBy: return usedBy_.value(name).join(QStringLiteral(", "));
    case ColumnCount: break;
    }
    return {};
}

QVariant NetworksModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (static_cast<Column>(section)) {
    case Name: return tr("Name", "networks column");
    case Id: return tr("Network ID", "networks column");
    case Driver: return tr("Driver", "networks column");
    case Scope: return tr("Scope", "networks column");
    case UsedBy: return tr("Used by", "networks column: containers attached to it");
    case ColumnCount: break;
    }
    return {};
}

void NetworksModel::reload() {
    const quint64 generation = ++listGeneration_;
    api_->listNetworks().then(this, [this, generation](const ApiResult<EngineApi::Networks>& result) {
        if (generation != listGeneration_) return;
        beginResetModel();
        rows_ = result ? *result : EngineApi::Networks{};
        endResetModel();
        if (result) emit loaded();
        else emit loadFailed(result.error());
    });
}

void NetworksModel::clear() {
    ++listGeneration_;
    beginResetModel();
    rows_.clear();
    endResetModel();
}

void NetworksModel::applyEvent(const api::types::Event& event) {
    if (event.type == "network" && (event.action == "create" || event.action == "destroy")) reload();
}

void NetworksModel::onContainersChanged() {
    QHash<QString, QStringList> usedBy;
    for (int row = 0; row < containers_->rowCount(); ++row) {
        const auto* container = containers_->summary(row);
        for (const auto& network : container->network_names)
            usedBy[QString::fromStdString(network)] << QString::fromStdString(container->name());
    }
    if (usedBy == usedBy_) return;
    usedBy_ = std::move(usedBy);
    if (!rows_.empty()) emit dataChanged(index(0, UsedBy), index(rowCount() - 1, UsedBy));
}

} // namespace berth::ui
