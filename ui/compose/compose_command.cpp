#include "ui/compose/compose_command.h"

namespace berth::ui {

QStringList ComposeCommand::arguments(const QStringList& files, const QString& project, const QStringList& verb) {
    QStringList args{QStringLiteral("compose")};
    for (const QString& file : files) args << QStringLiteral("-f") << file;
    if (!project.isEmpty()) args << QStringLiteral("-p") << project;
    return args + verb;
}

ComposeCommand::ComposeCommand(const QString& program, const QStringList& arguments, QObject* parent)
    : QObject(parent), process_(new QProcess(this)), program_(program), arguments_(arguments) {
    connect(process_, &QProcess::readyReadStandardError, this, [this] { readLines(QProcess::StandardError); });
    connect(process_, &QProcess::readyReadStandardOutput, this, [this] { readLines(QProcess::StandardOutput); });
    connect(process_, &QProcess::finished, this, &ComposeCommand::onFinished);
    connect(process_, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            emit finished(false, tr("Could not run %1: %2").arg(program_, process_->errorString()));
    });
}

void ComposeCommand::start() {
    process_->start(program_, arguments_);
}

void ComposeCommand::readLines(QProcess::ProcessChannel channel) {
    process_->setReadChannel(channel);
    QByteArray& partial = partial_[channel == QProcess::StandardError ? 1 : 0];
    partial += process_->readAll();
    qsizetype end;
    while ((end = partial.indexOf('\n')) >= 0) {
        const QString line = QString::fromUtf8(partial.left(end)).trimmed();
        partial.remove(0, end + 1);
        if (line.isEmpty()) continue;
        if (channel == QProcess::StandardError) lastLine_ = line;
        emit lineWritten(line);
    }
}

void ComposeCommand::onFinished(int exitCode, QProcess::ExitStatus status) {
    readLines(QProcess::StandardOutput);
    readLines(QProcess::StandardError);
    for (int channel : {0, 1}) // a last line without its newline
        if (const QString rest = QString::fromUtf8(partial_[channel]).trimmed(); !rest.isEmpty()) {
            if (channel == 1) lastLine_ = rest;
            emit lineWritten(rest);
        }
    if (status == QProcess::NormalExit && exitCode == 0) {
        emit finished(true, {});
        return;
    }
    emit finished(false, !lastLine_.isEmpty() ? lastLine_
                         : status == QProcess::CrashExit ? tr("berth compose crashed")
                                                         : tr("berth compose exited with status %1").arg(exitCode));
}

} // namespace berth::ui
