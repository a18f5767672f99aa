#include "ui/details/log_stream_decoder.h"

#include <QtEndian>

namespace berth::ui {
namespace {
constexpr qsizetype kHeaderSize = 8;
} // namespace

QByteArrayView leadingTimestamp(QByteArrayView line) {
    qsizetype space = line.indexOf(' ');
    // "2024-05-01T10:00:00Z" at the shortest; a year first and a 'T' at 10.
    if (space < 20 || space > 40) return {};
    if (line[0] < '0' || line[0] > '9' || line[4] != '-' || line[10] != 'T') return {};
    return line.first(space);
}

void LogStreamDecoder::emitLine(LogStreamKind stream, QByteArrayView line, LogBatch& out) const {
    if (line.endsWith('\r')) line.chop(1);
    QByteArrayView timestamp = timestamps_ ? leadingTimestamp(line) : QByteArrayView();
    QByteArrayView text = timestamp.isEmpty() ? line : line.sliced(timestamp.size() + 1);
    out.appendLine(timestamp, text, stream);
}

void LogStreamDecoder::feedPayload(LogStreamKind stream, QByteArrayView payload, LogBatch& out) {
    QByteArray& partial = partial_[static_cast<int>(stream)];
    while (!payload.isEmpty()) {
        qsizetype newline = payload.indexOf('\n');
        if (newline < 0) {
            partial.append(payload);
            return;
        }
        if (partial.isEmpty()) {
            emitLine(stream, payload.first(newline), out);
        } else {
            partial.append(payload.first(newline));
            emitLine(stream, partial, out);
            partial.clear();
        }
        payload = payload.sliced(newline + 1);
    }
}

void LogStreamDecoder::feed(QByteArrayView chunk, LogBatch& out) {
    if (!multiplexed_) {
        feedPayload(LogStreamKind::Stdout, chunk, out);
        return;
    }
    frame_.append(chunk);
    qsizetype at = 0;
    while (frame_.size() - at >= kHeaderSize) {
        const auto* header = reinterpret_cast<const uchar*>(frame_.constData() + at);
        quint32 length = qFromBigEndian<quint32>(header + 4);
        if (frame_.size() - at - kHeaderSize < static_cast<qsizetype>(length)) break;
        QByteArrayView payload(frame_.constData() + at + kHeaderSize, static_cast<qsizetype>(length));
        // stdin (0) never comes from logs; a daemon error (3) reads as stderr.
        feedPayload(header[0] == 1 ? LogStreamKind::Stdout : LogStreamKind::Stderr, payload, out);
        at += kHeaderSize + static_cast<qsizetype>(length);
    }
    frame_.remove(0, at);
}

void LogStreamDecoder::finish(LogBatch& out) {
    for (auto stream : {LogStreamKind::Stdout, LogStreamKind::Stderr}) {
        QByteArray& partial = partial_[static_cast<int>(stream)];
        if (!partial.isEmpty()) emitLine(stream, partial, out);
        partial.clear();
    }
}

} // namespace berth::ui
