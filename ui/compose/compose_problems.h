#pragma once
// The compose loader's errors as places in a file: "compose.yaml:3:12: yaml: …"
// read back as file, line, column and message, so the editor can underline
// them and the problems list can jump to them. An error without a place (an
// undefined network, a missing variable of an env file) keeps only its message.
// `checkComposeText` is the as-you-type check: the unsaved text read as YAML
// by the engine's own reader (engine/compose/compose_yaml.h), off the UI thread.

#include <QFuture>
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

// `text` as the YAML of `file` (named in errors): no problem, or the first one.
QList<ComposeProblem> checkComposeText(const QString& text, const QString& file);
QFuture<QList<ComposeProblem>> checkComposeTextAsync(const QString& text, const QString& file);

} // namespace berth::ui
