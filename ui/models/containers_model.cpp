#include "ui/models/containers_model.h"

#include "ui/models/container_state_text.h"
#include "ui/models/containers_stats.h"

#include "ui/widgets/svg_icon.h"

#include <QDateTime>
#include <QIcon>
#include <QLocale>
#include <QPalette>
#include <QSet>

namespace berth::ui {

namespace {

using api::types::ContainerSummary;

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

// Docker's container actions that change what `docker ps` shows.
const QSet<QString> kRefreshingActions = {
    QStringLiteral("create"),  QStringLiteral("start"),   QStringLiteral("restart"),
    QStringLiteral("die"),     QStringLiteral("stop"),    QStringLiteral("kill"),
    QStringLiteral("pause"),   QStringLiteral("unpause"), QStringLiteral("rename"),
    QStringLiteral("health_status"), QStringLiteral("oom"), QStringLiteral("update"),
};

QString healthText(api::types::Health health) {
    switch (health) {
    case api::types::Health::None: return {};
    case api::types::Health::Starting: return ContainersModel::tr("starting", "container health");
    case api::types::Health::Healthy: return ContainersModel::tr("healthy", "container health");
    case api::types::Health::Unhealthy: return ContainersModel::tr("unhealthy", "container health");
    }
    return {};
}

// State colours read in light and dark palettes alike (mid-saturation hues).
QColor stateColor(const std::string& state) {
    if (state == "running") return QColor(0x2e, 0x9d, 0x4f);
    if (state == "paused") return QColor(0xc8, 0x8a, 0x12);
    if (state == "restarting") return QColor(0x2f, 0x7f, 0xd1);
    if (state == "dead" || state == "removing") return QColor(0xd1, 0x3a, 0x3a);
    return {}; // created, exited: the text colour
}

QIcon stateIcon(const std::string& state) {
    if (state == "running") return svgIcon(QStringLiteral("state-running"));
    if (state == "paused") return svgIcon(QStringLiteral("state-paused"));
    if (state == "restarting") return svgIcon(QStringLiteral("state-running"));
    return svgIcon(QStringLiteral("state-stopped"));
}

// `docker ps`'s PORTS column: "0.0.0.0:8080->80/tcp, 443/tcp".
QString portsText(const ContainerSummary& c) {
    QStringList parts;
    for (const auto& port : c.ports) {
        if (port.public_port != 0)
            parts << QStringLiteral("%1:%2->%3/%4")
                         .arg(port.ip.empty() ? QStringLiteral("0.0.0.0") : qs(port.ip))
                         .arg(port.public_port)
                         .arg(port.private_port)
                         .arg(qs(port.type));
        else
            parts << QStringLiteral("%1/%2").arg(port.private_port).arg(qs(port.type));
    }
    return parts.join(QStringLiteral(", "));
}

QStringList portUrls(const ContainerSummary& c) {
    QStringList urls;
    for (const auto& port : c.ports) {
        if (port.public_port == 0 || port.type != "tcp") continue;
        // A port published on every address is reachable on loopback.
        QString host = port.ip.empty() || port.ip == "0.0.0.0" || port.ip == "::" ? QStringLiteral("localhost")
                                                                                    : qs(port.ip);
        if (host.contains(QLatin1Char(':'))) host = QStringLiteral("[%1]").arg(host);
        urls << QStringLiteral("http://%1:%2").arg(host).arg(port.public_port);
    }
    urls.removeDuplicates();
    return urls;
}

} // namespace

ContainersModel::ContainersModel(EngineApi* api, QObject* parent)
    : QAbstractTableModel(parent)
    , api_(api) {}

int ContainersModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int ContainersModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ContainersModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const ContainerSummary& c = rows_[static_cast<size_t>(index.row())];
    switch (role) {
    case IdRole: return qs(c.id);
    case StateRole: return qs(c.state);
    case ProjectRole: return qs(c.compose_project());
    case PortsRole: return portUrls(c);
    case MemoryHistoryRole:
        if (!stats_ || c.state != "running") return {};
        return QVariant::fromValue(stats_->memoryHistory(qs(c.id)));
    default: break;
    }
    const auto column = static_cast<Column>(index.column());
    if (role == Qt::DisplayRole || role == SortRole) {
        switch (column) {
        case Name: return qs(c.name());
        case Image: return qs(c.image);
        case State: return role == SortRole ? qs(c.state) : containerStateText(c.state);
        case Health: return healthText(c.health());
        case Ports: return portsText(c);
        case Created:
            if (role == SortRole) return QVariant::fromValue<qint64>(c.created);
            return QLocale().toString(QDateTime::fromSecsSinceEpoch(c.created), QLocale::ShortFormat);
        case Project: return qs(c.compose_project());
        case Cpu:
        case Memory: return statsData(c, column, role);
        case ColumnCount: break;
        }
    }
    if (role == Qt::TextAlignmentRole && (column == Cpu || column == Memory))
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole) {
        if (column == State) return qs(c.status);
        if (column == Name) return qs(c.id);
        if (column == Ports && !portUrls(c).isEmpty()) return tr("Click to open %1").arg(portUrls(c).join(QStringLiteral(", ")));
    }
    if (role == Qt::DecorationRole && column == State) return stateIcon(c.state);
    if (role == Qt::ForegroundRole) {
        if (column == State && stateColor(c.state).isValid()) return stateColor(c.state);
        if (column == Health && c.health() == api::types::Health::Unhealthy) return QColor(0xd1, 0x3a, 0x3a);
        if (column == Ports && !portUrls(c).isEmpty()) return QPalette().color(QPalette::Link);
    }
    return {};
}

QVariant ContainersModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (static_cast<Column>(section)) {
    case Name: return tr("Name", "containers column");
    case Image: return tr("Image", "containers column");
    case State: return tr("State", "containers column");
    case Health: return tr("Health", "containers column");
    case Ports: return tr("Ports", "containers column");
    case Created: return tr("Created", "containers column");
    case Project: return tr("Project", "containers column: the compose project");
    case Cpu: return tr("CPU %", "containers column");
    case Memory: return tr("Memory", "containers column: used / limit");
    case ColumnCount: break;
    }
    return {};
}

void ContainersModel::setStats(const ContainersStats* stats) {
    if (stats_) disconnect(stats_, nullptr, this, nullptr);
    stats_ = stats;
    if (stats_) {
        connect(stats_, &ContainersStats::updated, this, [this](const QString& id) {
            const int row = rowOf(id);
            if (row >= 0) emit dataChanged(index(row, Cpu), index(row, Memory));
        });
    }
}

QVariant ContainersModel::statsData(const ContainerSummary& c, Column column, int role) const {
    if (!stats_ || c.state != "running") return role == SortRole ? QVariant(-1.0) : QVariant();
    const QString id = qs(c.id);
    const auto point = stats_->point(id);
    if (!point) return role == SortRole ? QVariant(-1.0) : QVariant();
    if (column == Cpu) {
        if (!stats_->hasCpu(id)) return role == SortRole ? QVariant(-1.0) : QVariant();
        return role == SortRole ? QVariant(point->cpuPercent) : QVariant(QStringLiteral("%1 %").arg(point->cpuPercent, 0, 'f', 1));
    }
    if (role == SortRole) return point->memoryUsed;
    const QLocale locale;
    // docker stats' "MEM USAGE / LIMIT", in binary units.
    return tr("%1 / %2", "memory used / limit")
        .arg(locale.formattedDataSize(static_cast<qint64>(point->memoryUsed), 1, QLocale::DataSizeIecFormat),
             locale.formattedDataSize(static_cast<qint64>(point->memoryLimit), 1, QLocale::DataSizeIecFormat));
}

void ContainersModel::reload() {
    const quint64 generation = ++listGeneration_;
    api_->listContainers().then(this, [this, generation](const ApiResult<EngineApi::Containers>& result) {
        if (generation != listGeneration_) return; // a newer reload is on its way
        if (!result) {
            emit loadFailed(result.error());
            return;
        }
        reset(*result);
        emit loaded();
    });
}

void ContainersModel::clear() {
    ++listGeneration_;
    reset({});
}

void ContainersModel::reset(std::vector<ContainerSummary> list) {
    beginResetModel();
    rows_ = std::move(list);
    endResetModel();
}

void ContainersModel::applyEvent(const api::types::Event& event) {
    if (event.type != "container") return;
    const QString id = qs(event.actor_id);
    const QString action = qs(event.base_action());
    if (action == QLatin1String("destroy")) {
        ++generation_[id]; // an answer still on its way must not bring it back
        remove(id);
        return;
    }
    if (action == QLatin1String("die") && rowOf(id) >= 0)
        emit containerDied(qs(event.attribute("name")), qs(event.attribute("exitCode")));
    if (event.action == "health_status: unhealthy") emit containerUnhealthy(qs(event.attribute("name")));
    if (kRefreshingActions.contains(action)) refresh(id);
}

void ContainersModel::refresh(const QString& id) {
    const quint64 generation = ++generation_[id];
    api_->findContainer(id).then(
        this, [this, id, generation](const ApiResult<std::optional<ContainerSummary>>& result) {
            if (generation_.value(id) != generation || !result) return;
            if (*result) upsert(**result);
            else remove(id);
        });
}

void ContainersModel::upsert(ContainerSummary summary) {
    int row = rowOf(qs(summary.id));
    if (row >= 0) {
        rows_[static_cast<size_t>(row)] = std::move(summary);
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    // Newest first, as the engine lists them.
    beginInsertRows({}, 0, 0);
    rows_.insert(rows_.begin(), std::move(summary));
    endInsertRows();
}

void ContainersModel::remove(const QString& id) {
    int row = rowOf(id);
    if (row < 0) return;
    beginRemoveRows({}, row, row);
    rows_.erase(rows_.begin() + row);
    endRemoveRows();
}

const ContainerSummary* ContainersModel::summary(int row) const {
    return row >= 0 && row < rowCount() ? &rows_[static_cast<size_t>(row)] : nullptr;
}

int ContainersModel::rowOf(const QString& id) const {
    const std::string key = id.toStdString();
    for (size_t i = 0; i < rows_.size(); ++i)
        if (rows_[i].id == key) return static_cast<int>(i);
    return -1;
}

int ContainersModel::runningCount() const {
    return static_cast<int>(std::ranges::count_if(rows_, [](const auto& c) { return c.state == "running"; }));
}

} // namespace berth::ui
