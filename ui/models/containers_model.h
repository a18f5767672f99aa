#pragma once
// The engine's containers as a live table: reset from one GET /containers/json,
// then patched from /events — a container event re-reads that one container
// (or removes it on destroy), never the whole list.
//
// Rows are containers in the engine's list order (newest first) with new ones
// added at the top; views sort and filter through a ContainersFilterModel.
// Each row's data is the engine's ContainerSummary, whole, under SummaryRole.

#include "ui/client/engine_api.h"

#include <QAbstractTableModel>
#include <QHash>
#include <vector>

namespace berth::ui {

class ContainersStats;

class ContainersModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Image, State, Health, Ports, Created, Project, Cpu, Memory, ColumnCount };
    Q_ENUM(Column)
    enum Roles {
        IdRole = Qt::UserRole + 1, // QString: the full ID
        StateRole,                 // QString: Docker's State (running, exited, …)
        ProjectRole,               // QString: the compose project, "" when none
        SortRole,                  // what the column sorts by (Created: seconds)
        PortsRole,                 // QStringList: "http://127.0.0.1:8080" per published port
        MemoryHistoryRole,         // QList<double>: memory used (bytes) of the last samples, oldest first
    };
    Q_ENUM(Roles)

    explicit ContainersModel(EngineApi* api, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Asks for the whole list again (on connecting).
    void reload();
    // Empties the table: what it showed belonged to an engine we no longer reach.
    void clear();
    // Patches the table from one /events message (non-container events are ignored).
    void applyEvent(const api::types::Event& event);

    // The CPU and Memory columns read `stats` (running containers only); null leaves them empty.
    void setStats(const ContainersStats* stats);

    const api::types::ContainerSummary* summary(int row) const;
    int rowOf(const QString& id) const;
    int runningCount() const;

signals:
    // The first list arrived (or a later one): views can show "no containers" honestly.
    void loaded();
    void loadFailed(const berth::ui::ApiError& error);
    // A container died or turned unhealthy while we watched (for a notification).
    void containerDied(const QString& name, const QString& exitCode);
    void containerUnhealthy(const QString& name);

private:
    void reset(std::vector<api::types::ContainerSummary> list);
    void refresh(const QString& id);
    void upsert(api::types::ContainerSummary summary);
    void remove(const QString& id);

    QVariant statsData(const api::types::ContainerSummary& c, Column column, int role) const;

    EngineApi* api_;
    const ContainersStats* stats_ = nullptr;
    std::vector<api::types::ContainerSummary> rows_;
    // Per container, how many events have asked for a re-read: only the answer
    // to the latest one applies, so a slow answer never undoes a later destroy.
    QHash<QString, quint64> generation_;
    quint64 listGeneration_ = 0;
};

} // namespace berth::ui
