#pragma once
// One terminal: Debian's qtermwidget (Konsole's emulator) showing a
// TerminalSession. qtermwidget runs without a local shell here
// (startTerminalTeletype): it reads what we write to its pseudo-terminal's slave
// side and hands keystrokes to us (sendData), which go to the session.

#include <QByteArray>
#include <QTimer>
#include <QWidget>

#include <memory>

class QSocketNotifier;
class QTermWidget;

namespace berth::ui {

class TerminalSession;

class TerminalView : public QWidget {
    Q_OBJECT
public:
    // Takes the session and starts it.
    explicit TerminalView(std::unique_ptr<TerminalSession> session, QWidget* parent = nullptr);
    ~TerminalView() override;

    bool isRunning() const { return running_; }
    QTermWidget* terminal() const { return terminal_; }
    // What the screen shows now, one line per row (for tests and copy-all).
    QString screenText() const;

public slots:
    void copy();
    void paste();

signals:
    void stateChanged();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void display(const QByteArray& bytes);
    void flushToTerminal();
    void sendSizeIfChanged();
    void applyPaletteColors();

    std::unique_ptr<TerminalSession> session_;
    QTermWidget* terminal_;
    int slaveFd_ = -1;
    QSocketNotifier* slaveWritable_ = nullptr;
    QSocketNotifier* slaveReadable_ = nullptr;
    QByteArray pending_; // output not yet taken by the pseudo-terminal
    QTimer resizeDebounce_;
    int rows_ = 0, columns_ = 0;
    bool running_ = false;
};

} // namespace berth::ui
