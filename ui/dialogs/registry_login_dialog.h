#pragma once
// The non-modal "Log in to a registry" dialog: `docker login` and `docker
// logout` as a form. Log In asks the engine (POST /auth, off the UI thread)
// whether the registry takes the credentials, then writes them where the
// docker CLI does (engine/api/client/registry_login.h), so the app's pulls and
// pushes, the docker CLI and `berth compose` all use them. The engine's refusal
// is shown word for word and nothing is written. Log Out removes the
// registry's entry. A config that keeps the registry in a credential helper is
// said so, and neither button writes. The last server used is kept in QSettings
// (`registry/lastServer`).

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

namespace berth::ui {

class EngineApi;

class RegistryLoginDialog : public QDialog {
    Q_OBJECT
public:
    explicit RegistryLoginDialog(EngineApi* api, QWidget* parent = nullptr);

    void setServer(const QString& server);
    void setUsername(const QString& username);
    void setPassword(const QString& password);
    // The line under the form: progress, the outcome, or the engine's message.
    QString statusText() const;
    // The note about where the credentials go (or why they cannot).
    QString storageText() const;

    void logIn();
    void logOut();
    // Opened to log out (the window's File > Log Out of Registry…): Log Out is
    // the default button and has the focus when there is a login to remove.
    void preferLogOut();

signals:
    // After the engine accepted the login and the config was written.
    void loggedIn(const QString& registry);
    void loggedOut(const QString& registry);

private:
    // Re-reads the config for the server typed: where a login would go, who is logged in.
    void updateTarget();
    void updateButtons();
    void setStatus(const QString& text);
    QString registry() const;

    EngineApi* api_;
    QLineEdit* server_;
    QLineEdit* username_;
    QLineEdit* password_;
    QLabel* storage_;
    QLabel* status_;
    QPushButton* logInButton_;
    QPushButton* logOutButton_;
    bool writable_ = false;  // no credential helper holds the registry; the file is readable
    bool loggedIn_ = false;  // the config has an entry for the registry
    bool busy_ = false;      // a POST /auth is in flight
};

} // namespace berth::ui
