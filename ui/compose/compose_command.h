#pragma once
// One `berth compose …` run by the Compose page: the app's own executable
// (`berth compose` is the command line) as a QProcess, so Up/Down/Restart do
// exactly what the terminal does. Its stderr comes line by line as it runs
// (docker compose writes its progress there); on failure, the last line it
// wrote — its error, word for word — or the exit status when it wrote none.

#include <QObject>
#include <QProcess>
#include <QStringList>

namespace berth::ui {

class ComposeCommand : public QObject {
    Q_OBJECT
public:
    // `berth compose -f F… -p NAME <verb…>`.
    static QStringList arguments(const QStringList& files, const QString& project, const QStringList& verb);

    ComposeCommand(const QString& program, const QStringList& arguments, QObject* parent);
    void start();
    const QStringList& arguments() const { return arguments_; }

signals:
    void lineWritten(const QString& line);
    void finished(bool ok, const QString& failure);

private:
    void readLines(QProcess::ProcessChannel channel);
    void onFinished(int exitCode, QProcess::ExitStatus status);

    QProcess* process_;
    QString program_;
    QStringList arguments_;
    QByteArray partial_[2];
    QString lastLine_;
};

} // namespace berth::ui
