#include "ui/dialogs/registry_login_dialog.h"

#include "ui/client/engine_api.h"

#include "api/client/registry_auth.h"
#include "api/client/registry_login.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>

namespace berth::ui {

namespace {

const QString kLastServerKey = QStringLiteral("registry/lastServer");

} // namespace

RegistryLoginDialog::RegistryLoginDialog(EngineApi* api, QWidget* parent)
    : QDialog(parent)
    , api_(api)
    , server_(new QLineEdit(this))
    , username_(new QLineEdit(this))
    , password_(new QLineEdit(this))
    , storage_(new QLabel(this))
    , status_(new QLabel(this))
    , logInButton_(new QPushButton(tr("Log &In"), this))
    , logOutButton_(new QPushButton(tr("Log &Out"), this)) {
    setObjectName(QStringLiteral("registryLoginDialog"));
    setWindowTitle(tr("Log in to a registry"));
    setModal(false);

    server_->setObjectName(QStringLiteral("loginServer"));
    server_->setAccessibleName(tr("Registry server"));
    // The docker CLI's name for Docker Hub, what `docker login` means without a server.
    server_->setPlaceholderText(QStringLiteral("docker.io"));
    server_->setText(QSettings().value(kLastServerKey, QStringLiteral("docker.io")).toString());
    username_->setObjectName(QStringLiteral("loginUsername"));
    username_->setAccessibleName(tr("Username"));
    password_->setObjectName(QStringLiteral("loginPassword"));
    password_->setAccessibleName(tr("Password or access token"));
    password_->setEchoMode(QLineEdit::Password);
    storage_->setObjectName(QStringLiteral("loginStorage"));
    storage_->setAccessibleName(tr("Where the credentials are kept"));
    storage_->setWordWrap(true);
    storage_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    storage_->setForegroundRole(QPalette::PlaceholderText);
    status_->setObjectName(QStringLiteral("loginStatus"));
    status_->setAccessibleName(tr("Status"));
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* form = new QFormLayout(this);
    form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    auto addField = [&](const QString& text, QLineEdit* field) {
        auto* label = new QLabel(text, this);
        label->setBuddy(field);
        form->addRow(label, field);
    };
    addField(tr("&Server:"), server_);
    addField(tr("&Username:"), username_);
    addField(tr("&Password:"), password_);
    form->addRow(storage_);
    form->addRow(status_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->button(QDialogButtonBox::Close)->setAccessibleName(tr("Close"));
    logInButton_->setObjectName(QStringLiteral("logInButton"));
    logInButton_->setDefault(true);
    logOutButton_->setObjectName(QStringLiteral("logOutButton"));
    buttons->addButton(logInButton_, QDialogButtonBox::AcceptRole);
    buttons->addButton(logOutButton_, QDialogButtonBox::DestructiveRole);
    form->addRow(buttons);
    setMinimumWidth(460);

    connect(server_, &QLineEdit::textChanged, this, &RegistryLoginDialog::updateTarget);
    connect(username_, &QLineEdit::textChanged, this, &RegistryLoginDialog::updateButtons);
    connect(password_, &QLineEdit::textChanged, this, &RegistryLoginDialog::updateButtons);
    connect(logInButton_, &QPushButton::clicked, this, &RegistryLoginDialog::logIn);
    connect(logOutButton_, &QPushButton::clicked, this, &RegistryLoginDialog::logOut);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateTarget();
    if (!username_->text().isEmpty()) password_->setFocus();
}

void RegistryLoginDialog::setServer(const QString& server) {
    server_->setText(server);
}

void RegistryLoginDialog::setUsername(const QString& username) {
    username_->setText(username);
}

void RegistryLoginDialog::setPassword(const QString& password) {
    password_->setText(password);
}

QString RegistryLoginDialog::statusText() const {
    return status_->text();
}

QString RegistryLoginDialog::storageText() const {
    return storage_->text();
}

void RegistryLoginDialog::setStatus(const QString& text) {
    status_->setText(text);
    // A long answer (the engine's message wraps) grows the dialog rather than being cut off.
    if (QLayout* form = layout()) {
        form->activate();
        const int needed = form->totalHeightForWidth(width());
        if (needed > height()) resize(width(), needed);
    }
}

QString RegistryLoginDialog::registry() const {
    return QString::fromStdString(api::registry_of_server(server_->text().toStdString()));
}

void RegistryLoginDialog::updateTarget() {
    const std::string registry = this->registry().toStdString();
    auto file = api::registry_login_file(registry);
    writable_ = file.has_value();
    loggedIn_ = false;
    if (!file) {
        // A credential helper holds this registry, or the file cannot be read:
        // say why in plain text (not the muted note's colour), write nothing.
        storage_->setForegroundRole(QPalette::WindowText);
        storage_->setText(QString::fromStdString(file.error().message()));
        setStatus({});
    } else {
        storage_->setForegroundRole(QPalette::PlaceholderText);
        storage_->setText(tr("The password is kept unencrypted in %1, as docker login keeps it without a "
                             "credential helper.")
                              .arg(QString::fromStdString(*file)));
        // Only the file is read here: no credential helper is configured for the registry.
        const api::RegistryCredentials current = api::credentials_of_registry(registry);
        const QString user = QString::fromStdString(current.username);
        loggedIn_ = !current.empty();
        if (!loggedIn_) setStatus(tr("Not logged in to %1.").arg(this->registry()));
        else if (user.isEmpty()) setStatus(tr("Logged in to %1.").arg(this->registry()));
        else setStatus(tr("Logged in to %1 as %2.").arg(this->registry(), user));
        if (username_->text().isEmpty()) username_->setText(user);
    }
    updateButtons();
}

void RegistryLoginDialog::updateButtons() {
    logInButton_->setEnabled(writable_ && !busy_ && !username_->text().trimmed().isEmpty() &&
                             !password_->text().isEmpty());
    logOutButton_->setEnabled(writable_ && !busy_ && loggedIn_);
}

void RegistryLoginDialog::preferLogOut() {
    logInButton_->setDefault(false);
    logOutButton_->setDefault(true);
    if (logOutButton_->isEnabled()) logOutButton_->setFocus();
    else server_->setFocus();
}

void RegistryLoginDialog::logIn() {
    if (!logInButton_->isEnabled()) return;
    const QString registry = this->registry();
    const QString username = username_->text().trimmed();
    const QString password = password_->text();
    busy_ = true;
    updateButtons();
    setStatus(tr("Logging in to %1\u2026").arg(registry));
    // The server as the CLI sends it: Docker Hub by its index URL.
    const QString address = QString::fromStdString(api::registry_config_key(registry.toStdString()));
    api_->registryLogin(address, username, password)
        .then(this, [this, registry, username, password](const ApiResult<RegistryLoginAnswer>& answer) {
            busy_ = false;
            if (!answer) {
                setStatus(answer.error().message); // the engine's words; nothing is written
                updateButtons();
                return;
            }
            auto stored = api::store_registry_login({registry.toStdString(), username.toStdString(),
                                                     password.toStdString(), answer->identityToken.toStdString()});
            if (!stored) {
                setStatus(tr("The registry accepted the login, but it was not saved: %1")
                                     .arg(QString::fromStdString(stored.error().message())));
                updateButtons();
                return;
            }
            QSettings().setValue(kLastServerKey, registry);
            password_->clear();
            updateTarget();
            setStatus(tr("Logged in to %1.").arg(registry));
            emit loggedIn(registry);
        });
}

void RegistryLoginDialog::logOut() {
    if (!logOutButton_->isEnabled()) return;
    const QString registry = this->registry();
    auto removed = api::remove_registry_login(registry.toStdString());
    if (!removed) {
        setStatus(QString::fromStdString(removed.error().message()));
        return;
    }
    updateTarget();
    if (!*removed) {
        // `docker logout`'s words when there was nothing to remove.
        setStatus(tr("Not logged in to %1.").arg(registry));
        return;
    }
    setStatus(tr("Logged out of %1.").arg(registry));
    emit loggedOut(registry);
}

} // namespace berth::ui
