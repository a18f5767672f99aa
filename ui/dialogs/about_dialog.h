#pragma once
// Help > About Berth: the app's version and the engine's — product, version and
// API version from GET /version — with the address it talks to. Non-modal; it
// shows what the connection last heard at once and asks /version again on the
// connection's worker thread, so it never waits on the socket and follows a
// reconnect (or the engine going away) while it is open.

#include "ui/client/engine_connection.h"

#include <QDialog>

class QFormLayout;
class QLabel;

namespace berth::ui {

class AboutDialog : public QDialog {
    Q_OBJECT
public:
    explicit AboutDialog(EngineConnection* connection, QWidget* parent = nullptr);

private:
    void showEngine();
    QLabel* addValue(QFormLayout* form, const QString& label, const QString& name);

    EngineConnection* connection_;
    QLabel* engine_;
    QLabel* engineVersion_;
    QLabel* apiVersion_;
};

} // namespace berth::ui
