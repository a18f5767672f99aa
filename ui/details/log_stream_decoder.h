#pragma once
// The bytes of GET /containers/{id}/logs turned into lines. Without a TTY the
// daemon multiplexes stdout and stderr with stdcopy's 8-byte header (byte 0 the
// stream: 1 stdout, 2 stderr, 3 a daemon error; bytes 4-7 the payload length,
// big-endian); with a TTY the bytes come raw, all stdout. Chunks may cut frames
// and lines anywhere. With timestamps=1 each line starts with an RFC 3339 time
// and a space, which the decoder keeps apart so the view can hide it.

#include "ui/details/log_batch.h"

#include <QByteArray>
#include <QByteArrayView>

namespace berth::ui {

class LogStreamDecoder {
public:
    LogStreamDecoder(bool multiplexed, bool timestamps) : multiplexed_(multiplexed), timestamps_(timestamps) {}

    // Appends the lines `chunk` completes to `out`.
    void feed(QByteArrayView chunk, LogBatch& out);
    // The end of the stream: an unfinished last line becomes a line.
    void finish(LogBatch& out);

private:
    void feedPayload(LogStreamKind stream, QByteArrayView payload, LogBatch& out);
    void emitLine(LogStreamKind stream, QByteArrayView line, LogBatch& out) const;

    bool multiplexed_;
    bool timestamps_;
    QByteArray frame_;       // an unfinished stdcopy frame (header included)
    QByteArray partial_[3];  // an unfinished line per stream (index = stream)
};

// The RFC 3339 time `line` starts with (up to its first space), empty when it does not.
QByteArrayView leadingTimestamp(QByteArrayView line);

} // namespace berth::ui
