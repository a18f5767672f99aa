#include "ui/compose/compose_problems.h"

#include "compose/compose_yaml.h"

#include <QRegularExpression>
#include <QtConcurrent/QtConcurrentRun>

namespace berth::ui {

ComposeProblem problemFromError(const QString& error) {
    ComposeProblem problem;
    problem.text = error;
    problem.message = error;
    // "file:line:col: message"; a wrapped error ("include: …: file:3:4: …") names its place later on.
    static const QRegularExpression place(QStringLiteral(R"((?:^|: )([^:\n]+):(\d+):(\d+): (.*)$)"),
                                          QRegularExpression::DotMatchesEverythingOption);
    const QRegularExpressionMatch match = place.match(error);
    if (!match.hasMatch()) return problem;
    problem.file = match.captured(1);
    problem.line = match.captured(2).toInt();
    problem.column = match.captured(3).toInt();
    problem.message = match.captured(4);
    return problem;
}

QList<ComposeProblem> checkComposeText(const QString& text, const QString& file) {
    const auto parsed = compose::parse_compose_yaml(text.toStdString(), file.toStdString());
    if (parsed) return {};
    return {problemFromError(QString::fromStdString(parsed.error().message()))};
}

QFuture<QList<ComposeProblem>> checkComposeTextAsync(const QString& text, const QString& file) {
    return QtConcurrent::run([text, file] { return checkComposeText(text, file); });
}

} // namespace berth::ui
