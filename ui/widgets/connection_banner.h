#pragma once
// The strip above the pages that says why there is no engine to talk to and how
// to fix it. Hidden while connecting or connected: the GUI is only usable with a
// reachable berthd, so anything else deserves a sentence that cannot be missed.

#include "ui/client/engine_connection.h"

#include <QWidget>

class QFrame;
class QLabel;
class QPushButton;

namespace berth::ui {

class ConnectionBanner : public QWidget {
    Q_OBJECT
public:
    explicit ConnectionBanner(QWidget* parent = nullptr);

    // `host` is the address we tried, `reason` the client's error message.
    void showState(EngineConnection::State state, const QString& host, const QString& reason);

    // What the banner says, as plain text (the remedy's commands without markup).
    const QString& text() const { return plainText_; }

signals:
    void retryRequested();

private:
    void setMessage(const QString& headline, const QString& reason, const QString& remedyHtml);

    // The coloured box; the banner around it only adds the margin to the window's
    // edges, so hiding the banner leaves no gap behind.
    QFrame* box_;
    QLabel* icon_;
    QLabel* headline_;
    QLabel* reason_;
    QLabel* remedy_;
    QPushButton* retry_;
    QString plainText_;
};

} // namespace berth::ui
