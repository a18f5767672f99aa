#pragma once
// A pull's or a push's progress, one row per layer, fed by the engine's
// ProgressMessages: the layer's short ID, its last status ("Downloading",
// "Extracting", "Pull complete", "Already exists", "Pushed", …) and the bytes of
// that status's step. Whole-image lines ("Pulling from …", "Digest: …",
// "Status: …") become statusLine(); an error line becomes error().
//
// overallFraction() weighs each layer by its size (the largest total it
// reported; layers of unknown size count as the average) and counts a pull's
// download as the first half of a layer and its extraction as the second, so
// the bar never runs back when extraction starts.

#include "api/types/progress_message.h"

#include <QAbstractTableModel>
#include <vector>

namespace berth::ui {

class LayerProgressModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Layer, Status, Progress, ColumnCount };
    Q_ENUM(Column)
    enum Roles {
        FractionRole = Qt::UserRole + 1, // double 0..1 of the current step, or -1 when unknown
        DoneRole,                        // bool: pulled, pushed, or already at the other end
    };
    Q_ENUM(Roles)

    explicit LayerProgressModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void apply(const api::types::ProgressMessage& message);
    void clear();

    // 0..1 over every layer seen so far (0 before the first layer line).
    double overallFraction() const;
    int doneLayers() const;
    // A known progress word ("Pull complete") in the UI's language; others as sent.
    static QString statusText(const QString& status);
    QString statusLine() const { return statusLine_; }
    QString error() const { return error_; }
    // The layer's row, or -1.
    int rowOf(const QString& layerId) const;

signals:
    // The overall fraction, the status line or the error changed.
    void summaryChanged();

private:
    struct Row {
        QString id;
        QString status;
        qint64 current = 0;
        qint64 total = 0;
        qint64 size = 0; // the largest total seen: the layer's weight
        bool done = false;
    };
    static double layerFraction(const Row& row);
    static double stepFraction(const Row& row);
    // "45% (1.2 MB of 3.4 MB)": a step with a known total, not done.
    QString progressText(const Row& row) const;

    std::vector<Row> rows_;
    QString statusLine_;
    QString error_;
};

} // namespace berth::ui
