#include "ui/models/layer_progress_model.h"

#include <QLocale>
#include <algorithm>

namespace berth::ui {

namespace {

bool isExtracting(const QString& status) {
    return status == u"Extracting";
}

// A pull's download is done but not yet extracted.
bool isDownloaded(const QString& status) {
    return status == u"Download complete" || status == u"Verifying Checksum";
}

} // namespace

LayerProgressModel::LayerProgressModel(QObject* parent)
    : QAbstractTableModel(parent) {}

int LayerProgressModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int LayerProgressModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

double LayerProgressModel::stepFraction(const Row& row) {
    if (row.done) return 1.0;
    if (row.total <= 0) return -1.0;
    return std::clamp(static_cast<double>(row.current) / static_cast<double>(row.total), 0.0, 1.0);
}

double LayerProgressModel::layerFraction(const Row& row) {
    if (row.done) return 1.0;
    const double step = std::max(stepFraction(row), 0.0);
    if (row.status == u"Downloading") return step / 2;
    if (isDownloaded(row.status)) return 0.5;
    if (isExtracting(row.status)) return 0.5 + step / 2;
    if (row.status == u"Pushing") return step;
    return 0.0; // Waiting, Pulling fs layer, Preparing
}

QString LayerProgressModel::progressText(const Row& row) const {
    const QLocale locale;
    const QString percent = locale.toString(qRound(stepFraction(row) * 100));
    // One sentence, never translated pieces joined: a language orders and
    // punctuates the whole line its own way (zh_CN: "45%，1.2 MB/3.4 MB").
    return tr("%1% (%2 of %3)", "layer progress: percent, bytes done, bytes in all")
        .arg(percent, locale.formattedDataSize(row.current, 1, QLocale::DataSizeSIFormat),
             locale.formattedDataSize(row.total, 1, QLocale::DataSizeSIFormat));
}

// A layer's status in the UI's language when it is one of the engine's
// progress words (docker's and berthd's alike); anything else as sent.
QString LayerProgressModel::statusText(const QString& status) {
    static const std::pair<const char*, const char*> known[] = {
        {"Waiting", QT_TR_NOOP("Waiting")},
        {"Pulling fs layer", QT_TR_NOOP("Pulling fs layer")},
        {"Downloading", QT_TR_NOOP("Downloading")},
        {"Verifying Checksum", QT_TR_NOOP("Verifying Checksum")},
        {"Download complete", QT_TR_NOOP("Download complete")},
        {"Extracting", QT_TR_NOOP("Extracting")},
        {"Pull complete", QT_TR_NOOP("Pull complete")},
        {"Already exists", QT_TR_NOOP("Already exists")},
        {"Preparing", QT_TR_NOOP("Preparing")},
        {"Pushing", QT_TR_NOOP("Pushing")},
        {"Pushed", QT_TR_NOOP("Pushed")},
        {"Layer already exists", QT_TR_NOOP("Layer already exists")},
    };
    for (const auto& [word, source] : known)
        if (status == QLatin1String(word)) return tr(source);
    return status;
}

QVariant LayerProgressModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const Row& row = rows_[static_cast<size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        switch (index.column()) {
        case Layer: return row.id;
        case Status: return statusText(row.status);
        case Progress: {
            // What a screen reader says, and what the bar's text shows.
            const double step = stepFraction(row);
            if (row.done) return tr("Done");
            if (step < 0) return QString();
            return progressText(row);
        }
        default: return {};
        }
    case FractionRole: return stepFraction(row);
    case DoneRole: return row.done;
    default: return {};
    }
}

QVariant LayerProgressModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Layer: return tr("Layer", "progress column");
    case Status: return tr("Status", "progress column");
    case Progress: return tr("Progress", "progress column");
    default: return {};
    }
}

int LayerProgressModel::rowOf(const QString& layerId) const {
    auto it = std::ranges::find(rows_, layerId, &Row::id);
    return it == rows_.end() ? -1 : static_cast<int>(it - rows_.begin());
}

void LayerProgressModel::apply(const api::types::ProgressMessage& message) {
    if (message.is_error()) {
        error_ = QString::fromStdString(message.error);
        emit summaryChanged();
        return;
    }
    if (!message.is_layer()) {
        statusLine_ = QString::fromStdString(message.status);
        emit summaryChanged();
        return;
    }
    const QString id = QString::fromStdString(message.id);
    int row = rowOf(id);
    if (row < 0) {
        // A pull's first line with an id may be the tag ("latest: Pulling from …"):
        // a whole-image line, not a layer, as `docker pull` prints it.
        if (message.status.starts_with("Pulling from")) {
            statusLine_ = QString::fromStdString(message.id + ": " + message.status);
            emit summaryChanged();
            return;
        }
        row = rowCount();
        beginInsertRows({}, row, row);
        rows_.push_back(Row{id, {}, 0, 0, 0, false});
        endInsertRows();
    }
    Row& entry = rows_[static_cast<size_t>(row)];
    entry.status = QString::fromStdString(message.status);
    entry.current = message.current;
    entry.total = message.total;
    entry.size = std::max<qint64>(entry.size, message.total);
    entry.done = entry.done || message.is_layer_done();
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    emit summaryChanged();
}

void LayerProgressModel::clear() {
    beginResetModel();
    rows_.clear();
    endResetModel();
    statusLine_.clear();
    error_.clear();
    emit summaryChanged();
}

double LayerProgressModel::overallFraction() const {
    if (rows_.empty()) return 0.0;
    qint64 known = 0;
    int sized = 0;
    for (const Row& row : rows_) {
        if (row.size <= 0) continue;
        known += row.size;
        ++sized;
    }
    // A layer of unknown size (already there, or not started) weighs the average.
    const double average = sized > 0 ? static_cast<double>(known) / sized : 1.0;
    double weight = 0, done = 0;
    for (const Row& row : rows_) {
        const double w = row.size > 0 ? static_cast<double>(row.size) : average;
        weight += w;
        done += w * layerFraction(row);
    }
    return weight > 0 ? done / weight : 0.0;
}

int LayerProgressModel::doneLayers() const {
    return static_cast<int>(std::ranges::count_if(rows_, &Row::done));
}

} // namespace berth::ui
