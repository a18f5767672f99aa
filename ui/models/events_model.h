#pragma once
// The engine's events as they arrive (`docker events`), newest first, the last
// kMaxEvents kept: the Engine page's live feed. Fed by EngineState's event
// stream; nothing is polled.

#include "api/types/event.h"

#include <QAbstractTableModel>
#include <deque>

namespace berth::ui {

class EventsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Time, Type, Action, Actor, ColumnCount };
    Q_ENUM(Column)
    enum Roles {
        TypeRole = Qt::UserRole + 1, // QString: container, image, volume, network, …
        ActorIdRole,                 // QString: the full ID or name
    };
    Q_ENUM(Roles)
    static constexpr int kMaxEvents = 1000;

    explicit EventsModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void append(const api::types::Event& event);
    void clear();

private:
    std::deque<api::types::Event> events_; // front: newest
};

} // namespace berth::ui
