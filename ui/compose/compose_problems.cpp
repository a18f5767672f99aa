#include "ui/compose/compose_problems.h"

#include <QRegularExpression>

namespace berth::ui {

ComposeProblem problemFromError(const QString& error) {
    ComposeProblem problem;
    problem.text = error;
    problem.message = error;
    // "file:line:col: message"; a wrapped error ("include: …: file:3:4: …") names its place later on,
    // a schema error after docker compose's word ("validating file:4:5: services.web …").
    static const QRegularExpression place(QStringLiteral(R"((?:^validating |^|: )([^:\n]+):(\d+):(\d+): (.*)$)"),
                                          QRegularExpression::DotMatchesEverythingOption);
    const QRegularExpressionMatch match = place.match(error);
    if (!match.hasMatch()) return problem;
    problem.file = match.captured(1);
    problem.line = match.captured(2).toInt();
    problem.column = match.captured(3).toInt();
    problem.message = match.captured(4);
    return problem;
}

} // namespace berth::ui
