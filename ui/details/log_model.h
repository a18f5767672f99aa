#pragma once
// The log as a list model, virtualized: every line's bytes sit in one buffer and
// each line costs a 16-byte LogLineRef, so a million lines are one allocation
// and a vector, and a view asks only for the rows it paints. Rows are lines in
// arrival order; with a filter (a regular expression) or in a merged view
// (several containers interleaved by timestamp) `rows_` maps rows to lines.
//
// Escape sequences stay in the buffer (the delegate renders SGR colours from
// RawTextRole); DisplayRole, search, filter, copy and save see the text
// without them.

#include "ui/details/log_batch.h"

#include <QAbstractListModel>
#include <QRegularExpression>
#include <QString>

#include <optional>
#include <vector>

class QIODevice;

namespace berth::ui {

class LogModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Roles {
        RawTextRole = Qt::UserRole + 1, // QByteArray: the message as written, escapes included, no timestamp
        TimestampRole,                  // QString, empty when the line has none
        StreamRole,                     // int: LogStreamKind
        SourceRole,                     // int: which container (merged view)
    };

    explicit LogModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    void append(LogBatch&& batch);
    void clear();
    qsizetype lineCount() const { return static_cast<qsizetype>(lines_.size()); }
    qsizetype byteCount() const { return bytes_.size(); }

    // Several sources: rows in timestamp order instead of arrival order.
    void setMerged(bool merged);
    // Lines matching `pattern` only; an empty pattern shows all.
    void setFilter(const QRegularExpression& pattern);
    bool isFiltered() const { return filter_.has_value(); }
    void setShowTimestamps(bool show);
    bool showTimestamps() const { return showTimestamps_; }

    // The next row after `from` (before it when !forward), wrapping around,
    // whose text contains `needle`; -1 when none does.
    int find(const QString& needle, int from, bool forward, Qt::CaseSensitivity cs = Qt::CaseInsensitive) const;
    // A row's text as shown (timestamp when shown, no escapes).
    QString rowText(int row) const;
    // The message (no timestamp, no escapes) of the longest line so far, by bytes:
    // what the view measures for its width instead of a million rows.
    QString longestMessage() const;
    // Every shown row, one per line.
    bool save(QIODevice& device) const;

private:
    uint32_t lineOfRow(int row) const;
    bool identityRows() const { return !filter_ && !merged_; }
    QByteArrayView lineBytes(const LogLineRef& line) const;
    QByteArrayView messageBytes(const LogLineRef& line) const;
    QByteArrayView timestampBytes(const LogLineRef& line) const;
    bool accepts(const LogLineRef& line) const;
    bool lineContains(uint32_t line, const QByteArray& needle, const QString& text, Qt::CaseSensitivity cs) const;
    void rebuildRows();

    QByteArray bytes_;
    std::vector<LogLineRef> lines_;
    std::vector<uint32_t> rows_; // used unless identityRows()
    std::optional<QRegularExpression> filter_;
    bool merged_ = false;
    bool showTimestamps_ = false;
    std::optional<uint32_t> longestLine_;
};

} // namespace berth::ui
