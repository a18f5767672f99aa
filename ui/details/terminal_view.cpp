#include "ui/details/terminal_view.h"

#include "ui/client/terminal_session.h"

#include <QEvent>
#include <QFontDatabase>
#include <QSocketNotifier>
#include <QVBoxLayout>
#include <qtermwidget.h>

#include <cerrno>
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

namespace berth::ui {

TerminalView::TerminalView(std::unique_ptr<TerminalSession> session, QWidget* parent)
    : QWidget(parent), session_(std::move(session)), terminal_(new QTermWidget(0, this)) {
    setObjectName(QStringLiteral("terminalView"));
    terminal_->setObjectName(QStringLiteral("terminal"));
    terminal_->setAccessibleName(tr("Terminal"));
    terminal_->setAccessibleDescription(tr("A shell or the main process of the container"));
    terminal_->setTerminalFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    terminal_->setScrollBarPosition(QTermWidget::ScrollBarRight);
    terminal_->setHistorySize(10'000);
    terminal_->setTerminalSizeHint(false); // no "Size: 80 x 24" box over the text on every resize
    applyPaletteColors();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(terminal_);
    setFocusProxy(terminal_);

    terminal_->startTerminalTeletype();
    slaveFd_ = terminal_->getPtySlaveFd();
    // Raw: the container's TTY already did echo and newline translation; the
    // local line discipline must pass the bytes through untouched.
    termios mode{};
    if (::tcgetattr(slaveFd_, &mode) == 0) {
        ::cfmakeraw(&mode);
        ::tcsetattr(slaveFd_, TCSANOW, &mode);
    }
    ::fcntl(slaveFd_, F_SETFL, ::fcntl(slaveFd_, F_GETFL) | O_NONBLOCK);
    // Writes wait for room rather than blocking the thread that drains the other side.
    slaveWritable_ = new QSocketNotifier(slaveFd_, QSocketNotifier::Write, this);
    slaveWritable_->setEnabled(false);
    connect(slaveWritable_, &QSocketNotifier::activated, this, &TerminalView::flushToTerminal);
    // Nothing reads the slave's input side; drain it so it never fills.
    slaveReadable_ = new QSocketNotifier(slaveFd_, QSocketNotifier::Read, this);
    connect(slaveReadable_, &QSocketNotifier::activated, this, [this] {
        char discard[4096];
        while (::read(slaveFd_, discard, sizeof discard) > 0) {
        }
    });

    connect(terminal_, &QTermWidget::sendData, this, [this](const char* bytes, int size) {
        if (running_) session_->write(QByteArray(bytes, size));
    });
    connect(session_.get(), &TerminalSession::output, this, &TerminalView::display);
    connect(session_.get(), &TerminalSession::started, this, [this] {
        running_ = true;
        sendSizeIfChanged();
        emit stateChanged();
    });
    connect(session_.get(), &TerminalSession::finished, this, [this](const QString& error) {
        running_ = false;
        const QString note = error.isEmpty() ? tr("[the process has ended]") : tr("[error: %1]").arg(error);
        display(QStringLiteral("\r\n%1\r\n").arg(note).toUtf8());
        emit stateChanged();
    });

    resizeDebounce_.setSingleShot(true);
    resizeDebounce_.setInterval(80);
    connect(&resizeDebounce_, &QTimer::timeout, this, &TerminalView::sendSizeIfChanged);
    terminal_->installEventFilter(this);
    session_->start();
}

TerminalView::~TerminalView() {
    // The session's reader thread is joined before the terminal goes.
    session_.reset();
}

bool TerminalView::eventFilter(QObject* watched, QEvent* event) {
    if (watched == terminal_) {
        if (event->type() == QEvent::Resize || event->type() == QEvent::Show) resizeDebounce_.start();
        if (event->type() == QEvent::PaletteChange) applyPaletteColors();
    }
    return QWidget::eventFilter(watched, event);
}

void TerminalView::sendSizeIfChanged() {
    const int rows = terminal_->screenLinesCount(), columns = terminal_->screenColumnsCount();
    if (rows <= 0 || columns <= 0 || (rows == rows_ && columns == columns_)) return;
    rows_ = rows;
    columns_ = columns;
    session_->resize(rows, columns);
}

void TerminalView::applyPaletteColors() {
    // Follow the desktop: dark text on light, or light on dark.
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    const QString wanted = dark ? QStringLiteral("Linux") : QStringLiteral("BlackOnWhite");
    if (QTermWidget::availableColorSchemes().contains(wanted)) terminal_->setColorScheme(wanted);
}

void TerminalView::display(const QByteArray& bytes) {
    pending_.append(bytes);
    flushToTerminal();
}

void TerminalView::flushToTerminal() {
    while (!pending_.isEmpty()) {
        ssize_t n = ::write(slaveFd_, pending_.constData(), static_cast<size_t>(pending_.size()));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        pending_.remove(0, n);
    }
    slaveWritable_->setEnabled(!pending_.isEmpty());
}

QString TerminalView::screenText() const {
    const int rows = terminal_->screenLinesCount(), columns = terminal_->screenColumnsCount();
    terminal_->setSelectionStart(0, 0);
    terminal_->setSelectionEnd(rows - 1, columns - 1);
    QString text = terminal_->selectedText(true);
    terminal_->setSelectionEnd(0, 0);
    terminal_->setSelectionStart(0, 0);
    return text;
}

void TerminalView::copy() { terminal_->copyClipboard(); }

void TerminalView::paste() { terminal_->pasteClipboard(); }

} // namespace berth::ui
