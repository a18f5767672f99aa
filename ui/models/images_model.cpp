#include "ui/models/images_model.h"

#include "ui/models/containers_model.h"

#include <QDateTime>
#include <QLocale>

namespace berth::ui {

namespace {

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

// `docker images` shows 12 hex digits of the ID, without "sha256:".
QString shortId(const std::string& id) {
    std::string hex = id.starts_with("sha256:") ? id.substr(7) : id;
    return qs(hex.substr(0, 12));
}

} // namespace

ImagesModel::ImagesModel(EngineApi* api, const ContainersModel* containers, QObject* parent)
    : QAbstractTableModel(parent)
    , api_(api)
    , containers_(containers) {
    if (containers_) {
        connect(containers_, &QAbstractItemModel::modelReset, this, &ImagesModel::onContainersChanged);
        connect(containers_, &QAbstractItemModel::dataChanged, this, &ImagesModel::onContainersChanged);
        connect(containers_, &QAbstractItemModel::rowsInserted, this, &ImagesModel::onContainersChanged);
        connect(containers_, &QAbstractItemModel::rowsRemoved, this, &ImagesModel::onContainersChanged);
    }
}

int ImagesModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int ImagesModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ImagesModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const Row& row = rows_[static_cast<size_t>(index.row())];
    const auto& image = row.image;
    if (role == IdRole) return qs(image.id);
    if (role == ReferenceRole)
        return row.tag == "<none>" ? qs(image.id) : qs(row.repository + ":" + row.tag);
    const auto column = static_cast<Column>(index.column());
    if (role == Qt::DisplayRole || role == SortRole) {
        switch (column) {
        case Repository: return qs(row.repository);
        case Tag: return qs(row.tag);
        case Id: return shortId(image.id);
        case Size:
            if (role == SortRole) return QVariant::fromValue<qint64>(image.size);
            return QLocale().formattedDataSize(image.size, 1, QLocale::DataSizeSIFormat);
        case Created:
            if (role == SortRole) return QVariant::fromValue<qint64>(image.created);
            return QLocale().toString(QDateTime::fromSecsSinceEpoch(image.created), QLocale::ShortFormat);
        case InUse:
            if (role == SortRole) return inUse(image.id);
            return inUse(image.id) ? tr("in use", "image used by a container") : QString();
        case ColumnCount: break;
        }
    }
    if (role == Qt::ToolTipRole && column == Id) return qs(image.id);
    return {};
}

QVariant ImagesModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (static_cast<Column>(section)) {
    case Repository: return tr("Repository", "images column");
    case Tag: return tr("Tag", "images column");
    case Id: return tr("Image ID", "images column");
    case Size: return tr("Size", "images column");
    case Created: return tr("Created", "images column");
    case InUse: return tr("In use", "images column: a container uses the image");
    case ColumnCount: break;
    }
    return {};
}

void ImagesModel::reload() {
    const quint64 generation = ++listGeneration_;
    api_->listImages().then(this, [this, generation](const ApiResult<EngineApi::Images>& result) {
        if (generation != listGeneration_) return;
        if (!result) {
            emit loadFailed(result.error());
            return;
        }
        reset(*result);
        emit loaded();
    });
}

void ImagesModel::clear() {
    ++listGeneration_;
    reset({});
}

void ImagesModel::reset(const EngineApi::Images& images) {
    beginResetModel();
    rows_.clear();
    for (const auto& image : images) {
        if (image.repo_tags.empty()) {
            rows_.push_back({image, "<none>", "<none>"});
            continue;
        }
        for (const auto& reference : image.repo_tags) {
            auto [repository, tag] = api::types::split_repository_tag(reference);
            rows_.push_back({image, repository, tag.empty() ? "<none>" : tag});
        }
    }
    endResetModel();
}

void ImagesModel::applyEvent(const api::types::Event& event) {
    if (event.type == "image") reload();
}

QStringList ImagesModel::references() const {
    QStringList out;
    for (const auto& row : rows_)
        if (row.tag != "<none>") out << qs(row.repository + ":" + row.tag);
    return out;
}

bool ImagesModel::inUse(const std::string& imageId) const {
    return usedImageIds_.contains(qs(imageId));
}

void ImagesModel::onContainersChanged() {
    QSet<QString> used;
    for (int row = 0; row < containers_->rowCount(); ++row) used.insert(qs(containers_->summary(row)->image_id));
    if (used == usedImageIds_) return;
    usedImageIds_ = std::move(used);
    if (!rows_.empty()) emit dataChanged(index(0, InUse), index(rowCount() - 1, InUse));
}

} // namespace berth::ui
