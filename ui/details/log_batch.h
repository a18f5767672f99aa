#pragma once
// Lines of container output on their way into LogModel: the bytes of many lines
// back to back and, per line, where it is and what it is. Compact on purpose (a
// follow at 10,000 lines/s moves batches, not a QString per line).

#include <QByteArray>
#include <QByteArrayView>

#include <cstdint>
#include <vector>

namespace berth::ui {

// Docker's stream numbers (stdcopy's header byte).
enum class LogStreamKind : uint8_t { Stdout = 1, Stderr = 2 };

struct LogLineRef {
    int64_t offset = 0;          // into the owner's bytes
    uint32_t length = 0;         // the whole line, timestamp included
    uint8_t timestampLength = 0; // "2024-05-01T10:00:00.000000000Z " (the space included), 0 when none
    LogStreamKind stream = LogStreamKind::Stdout;
    uint16_t source = 0;         // which container, in a merged view
};

struct LogBatch {
    QByteArray bytes;
    std::vector<LogLineRef> lines;

    bool isEmpty() const { return lines.empty(); }
    // `timestamp` without its trailing space; empty when the line has none.
    void appendLine(QByteArrayView timestamp, QByteArrayView text, LogStreamKind stream, uint16_t source = 0) {
        LogLineRef ref;
        ref.offset = bytes.size();
        ref.stream = stream;
        ref.source = source;
        if (!timestamp.isEmpty() && timestamp.size() < 255) {
            bytes.append(timestamp);
            bytes.append(' ');
            ref.timestampLength = static_cast<uint8_t>(timestamp.size() + 1);
        }
        bytes.append(text);
        ref.length = static_cast<uint32_t>(bytes.size() - ref.offset);
        lines.push_back(ref);
    }
};

} // namespace berth::ui
