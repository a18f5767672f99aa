#include "ui/models/events_model.h"

#include <QDateTime>
#include <QLocale>

namespace berth::ui {

EventsModel::EventsModel(QObject* parent)
    : QAbstractTableModel(parent) {}

int EventsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(events_.size());
}

int EventsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventsModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const auto& event = events_[static_cast<size_t>(index.row())];
    if (role == TypeRole) return QString::fromStdString(event.type);
    if (role == ActorIdRole) return QString::fromStdString(event.actor_id);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole) return {};
    switch (static_cast<Column>(index.column())) {
    case Time:
        return QLocale().toString(QDateTime::fromMSecsSinceEpoch(event.time_nano / 1'000'000).time(),
                                  QStringLiteral("HH:mm:ss.zzz"));
    case Type: return QString::fromStdString(event.type);
    case Action: return QString::fromStdString(event.action);
    case Actor: {
        // `docker events` names the actor by its name attribute when it has one.
        std::string name = event.attribute("name");
        if (name.empty()) name = event.actor_id.size() == 64 ? event.actor_id.substr(0, 12) : event.actor_id;
        return QString::fromStdString(name);
    }
    case ColumnCount: break;
    }
    return {};
}

QVariant EventsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (static_cast<Column>(section)) {
    case Time: return tr("Time", "events column");
    case Type: return tr("Type", "events column: container, image, …");
    case Action: return tr("Action", "events column");
    case Actor: return tr("Object", "events column: the container, image, … the event is about");
    case ColumnCount: break;
    }
    return {};
}

void EventsModel::append(const api::types::Event& event) {
    if (static_cast<int>(events_.size()) >= kMaxEvents) {
        beginRemoveRows({}, kMaxEvents - 1, static_cast<int>(events_.size()) - 1);
        events_.resize(kMaxEvents - 1);
        endRemoveRows();
    }
    beginInsertRows({}, 0, 0);
    events_.push_front(event);
    endInsertRows();
}

void EventsModel::clear() {
    beginResetModel();
    events_.clear();
    endResetModel();
}

} // namespace berth::ui
