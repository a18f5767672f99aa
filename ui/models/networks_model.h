#pragma once
// The engine's networks (`docker network ls`) with the containers attached to
// each. Reset from GET /networks; a network create/destroy event asks for the
// list again. While the engine answers with an error (berthd's 501 before
// networks land), the table is empty and loadFailed() carries its message.

#include "ui/client/engine_api.h"

#include <QAbstractTableModel>
#include <QHash>

namespace berth::ui {

class ContainersModel;

class NetworksModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Id, Driver, Scope, UsedBy, ColumnCount };
    Q_ENUM(Column)
    enum Roles { NameRole = Qt::UserRole + 1 };
    Q_ENUM(Roles)

    NetworksModel(EngineApi* api, const ContainersModel* containers, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void reload();
    void clear();
    void applyEvent(const api::types::Event& event);

signals:
    void loaded();
    void loadFailed(const berth::ui::ApiError& error);

private:
    void onContainersChanged();

    EngineApi* api_;
    const ContainersModel* containers_;
    EngineApi::Networks rows_;
    QHash<QString, QStringList> usedBy_; // network name → container names
    quint64 listGeneration_ = 0;
};

} // namespace berth::ui
