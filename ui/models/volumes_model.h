#pragma once
// The engine's volumes (`docker volume ls`) with the containers that mount each.
// Reset from GET /volumes; a volume event asks for the list again. While the
// engine answers with an error (berthd's 501 before volumes land), the table is
// empty and loadFailed() carries the engine's message for the page to show.

#include "ui/client/engine_api.h"

#include <QAbstractTableModel>
#include <QHash>

namespace berth::ui {

class ContainersModel;

class VolumesModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Driver, Mountpoint, Created, UsedBy, ColumnCount };
    Q_ENUM(Column)
    enum Roles { NameRole = Qt::UserRole + 1 };
    Q_ENUM(Roles)

    VolumesModel(EngineApi* api, const ContainersModel* containers, QObject* parent = nullptr);

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
    EngineApi::Volumes rows_;
    QHash<QString, QStringList> usedBy_; // volume name → container names
    quint64 listGeneration_ = 0;
};

} // namespace berth::ui
