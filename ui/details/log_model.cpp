#include "ui/details/log_model.h"

#include "ui/details/ansi_text.h"

#include <QIODevice>

#include <algorithm>

namespace berth::ui {
namespace {

char foldAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

// Byte search; ASCII letters folded when case-insensitive (non-ASCII compares exactly).
bool containsBytes(QByteArrayView haystack, const QByteArray& needle, Qt::CaseSensitivity cs) {
    if (cs == Qt::CaseSensitive) return haystack.indexOf(needle) >= 0;
    const char first = needle[0];
    const char firstUpper = (first >= 'a' && first <= 'z') ? static_cast<char>(first - 32) : first;
    const qsizetype last = haystack.size() - needle.size();
    for (qsizetype i = 0; i <= last; ++i) {
        char c = haystack[i];
        if (c != first && c != firstUpper) continue;
        qsizetype j = 1;
        while (j < needle.size() && foldAscii(haystack[i + j]) == needle[j]) ++j;
        if (j == needle.size()) return true;
    }
    return false;
}

} // namespace

LogModel::LogModel(QObject* parent) : QAbstractListModel(parent) {}

int LogModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid()) return 0;
    return static_cast<int>(identityRows() ? lines_.size() : rows_.size());
}

uint32_t LogModel::lineOfRow(int row) const {
    return identityRows() ? static_cast<uint32_t>(row) : rows_[static_cast<size_t>(row)];
}

QByteArrayView LogModel::lineBytes(const LogLineRef& line) const {
    return QByteArrayView(bytes_.constData() + line.offset, line.length);
}

QByteArrayView LogModel::messageBytes(const LogLineRef& line) const {
    return lineBytes(line).sliced(line.timestampLength);
}

QByteArrayView LogModel::timestampBytes(const LogLineRef& line) const {
    return line.timestampLength == 0 ? QByteArrayView() : lineBytes(line).first(line.timestampLength - 1);
}

QVariant LogModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const LogLineRef& line = lines_[lineOfRow(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole: return rowText(index.row());
    case RawTextRole: return messageBytes(line).toByteArray();
    case TimestampRole: return QString::fromLatin1(timestampBytes(line));
    case StreamRole: return static_cast<int>(line.stream);
    case SourceRole: return static_cast<int>(line.source);
    default: return {};
    }
}

QHash<int, QByteArray> LogModel::roleNames() const {
    auto names = QAbstractListModel::roleNames();
    names.insert(RawTextRole, "rawText");
    names.insert(TimestampRole, "timestamp");
    names.insert(StreamRole, "stream");
    names.insert(SourceRole, "source");
    return names;
}

QString LogModel::rowText(int row) const {
    const LogLineRef& line = lines_[lineOfRow(row)];
    QString text = stripAnsi(messageBytes(line));
    if (showTimestamps_ && line.timestampLength > 0) text.prepend(QString::fromLatin1(lineBytes(line).first(line.timestampLength)));
    return text;
}

QString LogModel::longestMessage() const {
    return longestLine_ ? stripAnsi(messageBytes(lines_[*longestLine_])) : QString();
}

bool LogModel::accepts(const LogLineRef& line) const {
    if (!filter_) return true;
    return filter_->match(stripAnsi(messageBytes(line))).hasMatch();
}

void LogModel::append(LogBatch&& batch) {
    if (batch.isEmpty()) return;
    const int64_t base = bytes_.size();
    const auto firstNew = static_cast<uint32_t>(lines_.size());
    const auto end = static_cast<uint32_t>(firstNew + batch.lines.size());
    // Rows are lines here: announce them before they exist, as views require.
    const bool identity = identityRows();
    if (identity) beginInsertRows({}, static_cast<int>(firstNew), static_cast<int>(end - 1));
    bytes_.append(batch.bytes);
    lines_.reserve(end);
    for (LogLineRef ref : batch.lines) {
        ref.offset += base;
        if (!longestLine_ || ref.length - ref.timestampLength > messageBytes(lines_[*longestLine_]).size())
            longestLine_ = static_cast<uint32_t>(lines_.size());
        lines_.push_back(ref);
    }
    if (identity) {
        endInsertRows();
        return;
    }
    std::vector<uint32_t> added;
    for (uint32_t i = firstNew; i < end; ++i)
        if (accepts(lines_[i])) added.push_back(i);
    if (added.empty()) return;
    auto before = [this](uint32_t a, uint32_t b) { return timestampBytes(lines_[a]) < timestampBytes(lines_[b]); };
    if (merged_) {
        std::stable_sort(added.begin(), added.end(), before);
        // Lines older than the last shown one (another container's history
        // arriving late) reorder the rows: rebuild rather than insert in the middle.
        if (!rows_.empty() && before(added.front(), rows_.back())) {
            beginResetModel();
            rebuildRows();
            endResetModel();
            return;
        }
    }
    const int first = static_cast<int>(rows_.size());
    beginInsertRows({}, first, first + static_cast<int>(added.size()) - 1);
    rows_.insert(rows_.end(), added.begin(), added.end());
    endInsertRows();
}

void LogModel::rebuildRows() {
    rows_.clear();
    if (identityRows()) return;
    for (uint32_t i = 0; i < lines_.size(); ++i)
        if (accepts(lines_[i])) rows_.push_back(i);
    if (merged_)
        std::stable_sort(rows_.begin(), rows_.end(),
                         [this](uint32_t a, uint32_t b) { return timestampBytes(lines_[a]) < timestampBytes(lines_[b]); });
}

void LogModel::clear() {
    beginResetModel();
    bytes_.clear();
    lines_.clear();
    rows_.clear();
    longestLine_.reset();
    endResetModel();
}

void LogModel::setMerged(bool merged) {
    if (merged == merged_) return;
    beginResetModel();
    merged_ = merged;
    rebuildRows();
    endResetModel();
}

void LogModel::setFilter(const QRegularExpression& pattern) {
    beginResetModel();
    if (pattern.pattern().isEmpty() || !pattern.isValid()) filter_.reset();
    else {
        filter_ = pattern;
        filter_->optimize();
    }
    rebuildRows();
    endResetModel();
}

void LogModel::setShowTimestamps(bool show) {
    if (show == showTimestamps_) return;
    showTimestamps_ = show;
    if (rowCount() > 0) emit dataChanged(index(0), index(rowCount() - 1), {Qt::DisplayRole});
}

bool LogModel::lineContains(uint32_t lineIndex, const QByteArray& needle, const QString& text, Qt::CaseSensitivity cs) const {
    QByteArrayView message = messageBytes(lines_[lineIndex]);
    if (message.contains('\x1b')) return stripAnsi(message).contains(text, cs); // escapes may split a word
    return containsBytes(message, needle, cs);
}

int LogModel::find(const QString& needle, int from, bool forward, Qt::CaseSensitivity cs) const {
    const int rows = rowCount();
    if (needle.isEmpty() || rows == 0) return -1;
    const QByteArray bytes = cs == Qt::CaseSensitive ? needle.toUtf8() : needle.toLower().toUtf8();
    for (int step = 1; step <= rows; ++step) {
        int row = forward ? (from + step) % rows : ((from - step) % rows + rows) % rows;
        if (from < 0 && !forward) row = rows - step;
        if (lineContains(lineOfRow(row), bytes, needle, cs)) return row;
    }
    return -1;
}

bool LogModel::save(QIODevice& device) const {
    const int rows = rowCount();
    QByteArray chunk;
    for (int row = 0; row < rows; ++row) {
        chunk.append(rowText(row).toUtf8());
        chunk.append('\n');
        if (chunk.size() > (1 << 20)) {
            if (device.write(chunk) != chunk.size()) return false;
            chunk.clear();
        }
    }
    return device.write(chunk) == chunk.size();
}

} // namespace berth::ui
