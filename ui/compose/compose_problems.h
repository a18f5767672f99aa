#pragma once
// The compose loader's errors as places in a file: "compose.yaml:3:12: yaml: …"
// read back as file, line, column and message, so the editor can underline
// them and the problems list can jump to them. An error without a place (an
// undefined network, a missing variable of an env file) keeps only its message.

#include <QList>
#include <QString>

namespace berth::ui {

struct ComposeProblem {
    QString file;    // as the error names it; empty when it names none
    int line = 0;    // 1-based; 0 when unknown
    int column = 0;  // 1-based; 0 when unknown
    QString message; // the rest of the error, word for word
    QString text;    // the whole error, word for word

    bool operator==(const ComposeProblem&) const = default;
};

// One loader error → one problem.
ComposeProblem problemFromError(const QString& error);

} // namespace berth::ui
