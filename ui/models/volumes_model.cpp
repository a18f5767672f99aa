#include "ui/models/volumes_model.h"

#include "ui/models/containers_model.h"

namespace berth::ui {

VolumesModel::VolumesModel(EngineApi* api, const ContainersModel* containers, QObject* parent)
    : QAbstractTableModel(parent)
    , api_(api)
    , containers_(containers) {
    connect(containers_, &QAbstractItemModel::modelReset, this, &VolumesModel::onContainersChanged);
    connect(containers_, &QAbstractItemModel::dataChanged, this, &VolumesModel::onContainersChanged);
    connect(containers_, &QAbstractItemModel::rowsInserted, this, &VolumesModel::onContainersChanged);
    connect(containers_, &QAbstractItemModel::rowsRemoved, this, &VolumesModel::onContainersChanged);
}

int VolumesModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int VolumesModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant VolumesModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const auto& volume = rows_[static_cast<size_t>(index.row())];
    const QString name = QString::fromStdString(volume.name);
    if (role == NameRole) return name;
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole) return {};
    switch (static_cast<Column>(index.column())) {
    case Name: return name;
    case Driver: return QString::fromStdString(volume.driver);
    case Mountpoint: return QString::fromStdString(volume.mountpoint);
    case Created: return QString::fromStdString(volume.created_at);
    case UsedBy: return usedBy_.value(name).join(QStringLiteral(", "));
    case ColumnCount: break;
    }
    return {};
}

QVariant VolumesModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (static_cast<Column>(section)) {
    case Name: return tr("Name", "volumes column");
    case Driver: return tr("Driver", "volumes column");
    case Mountpoint: return tr("Mount point", "volumes column");
    case Created: return tr("Created", "volumes column");
    case UsedBy: return tr("Used by", "volumes column: containers mounting it");
    case ColumnCount: break;
    }
    return {};
}

void VolumesModel::reload() {
    const quint64 generation = ++listGeneration_;
    api_->listVolumes().then(this, [this, generation](const ApiResult<EngineApi::Volumes>& result) {
        if (generation != listGeneration_) return;
        beginResetModel();
        rows_ = result ? *result : EngineApi::Volumes{};
        endResetModel();
        if (result) emit loaded();
        else emit loadFailed(result.error());
    });
}

void VolumesModel::clear() {
    ++listGeneration_;
    beginResetModel();
    rows_.clear();
    endResetModel();
}

void VolumesModel::applyEvent(const api::types::Event& event) {
    if (event.type == "volume" && (event.action == "create" || event.action == "destroy")) reload();
}

void VolumesModel::onContainersChanged() {
    QHash<QString, QStringList> usedBy;
    for (int row = 0; row < containers_->rowCount(); ++row) {
        const auto* container = containers_->summary(row);
        for (const auto& volume : container->volume_names)
            usedBy[QString::fromStdString(volume)] << QString::fromStdString(container->name());
    }
    if (usedBy == usedBy_) return;
    usedBy_ = std::move(usedBy);
    if (!rows_.empty()) emit dataChanged(index(0, UsedBy), index(rowCount() - 1, UsedBy));
}

} // namespace berth::ui
