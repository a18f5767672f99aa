#include "ui/dialogs/about_dialog.h"

#include "base/build_info.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace berth::ui {

namespace {
const QString kUnknown = QString(QChar(0x2014)); // an em dash, as the Engine page shows a missing value
} // namespace

AboutDialog::AboutDialog(EngineConnection* connection, QWidget* parent)
    : QDialog(parent), connection_(connection) {
    setObjectName(QStringLiteral("aboutDialog"));
    setWindowTitle(tr("About Berth"));
    setModal(false);

    auto* layout = new QVBoxLayout(this);
    auto* heading = new QHBoxLayout;
    auto* icon = new QLabel(this);
    icon->setPixmap(windowIcon().pixmap(64, 64));
    icon->setAccessibleName(tr("Berth's icon"));
    heading->addWidget(icon);
    auto* title = new QLabel(tr("<b>Berth</b><br>A desktop container workstation."), this);
    title->setObjectName(QStringLiteral("aboutTitle"));
    heading->addWidget(title, 1);
    layout->addLayout(heading);

    auto* form = new QFormLayout;
    addValue(form, tr("Berth version:"), QStringLiteral("aboutAppVersion"))
        ->setText(QString::fromLatin1(berth::berth_version()));
    addValue(form, tr("Qt version:"), QStringLiteral("aboutQtVersion"))->setText(QString::fromLatin1(qVersion()));
    addValue(form, tr("Engine address:"), QStringLiteral("aboutEngineHost"))->setText(connection_->host());
    engine_ = addValue(form, tr("Engine:"), QStringLiteral("aboutEngine"));
    engineVersion_ = addValue(form, tr("Engine version:"), QStringLiteral("aboutEngineVersion"));
    apiVersion_ = addValue(form, tr("API version:"), QStringLiteral("aboutApiVersion"));
    layout->addLayout(form);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->button(QDialogButtonBox::Close)->setAccessibleName(tr("Close"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    setMinimumWidth(420);

    connect(connection_, &EngineConnection::versionReceived, this, &AboutDialog::showEngine);
    connect(connection_, &EngineConnection::stateChanged, this, &AboutDialog::showEngine);
    showEngine();
    connection_->refreshNow();
}

QLabel* AboutDialog::addValue(QFormLayout* form, const QString& label, const QString& name) {
    auto* value = new QLabel(kUnknown, this);
    value->setObjectName(name);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse); // versions get pasted into bug reports
    auto* text = new QLabel(label, this);
    text->setBuddy(value);
    value->setAccessibleName(QString(label).remove(QLatin1Char(':')).remove(QChar(0xff1a)));
    form->addRow(text, value);
    return value;
}

void AboutDialog::showEngine() {
    if (connection_->state() != EngineConnection::State::Connected) {
        engine_->setText(connection_->state() == EngineConnection::State::Connecting ? tr("Connecting\u2026")
                                                                                     : tr("Not connected"));
        engineVersion_->setText(kUnknown);
        apiVersion_->setText(kUnknown);
        return;
    }
    const QJsonObject& version = connection_->version();
    const QString product =
        version.value(QLatin1String("Platform")).toObject().value(QLatin1String("Name")).toString();
    auto orUnknown = [](const QString& text) { return text.isEmpty() ? kUnknown : text; };
    engine_->setText(orUnknown(product));
    engineVersion_->setText(orUnknown(version.value(QLatin1String("Version")).toString()));
    apiVersion_->setText(orUnknown(version.value(QLatin1String("ApiVersion")).toString()));
}

} // namespace berth::ui
