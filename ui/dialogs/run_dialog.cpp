#include "ui/dialogs/run_dialog.h"

#include "ui/client/engine_api.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTableWidget>
#include <QVBoxLayout>

namespace berth::ui {

namespace {

// "8080:80, 443" or one per line: what people type for several -p or -v.
QStringList splitList(const QString& text) {
    QStringList out;
    for (const QString& part : text.split(QRegularExpression(QStringLiteral("[,\\n]")), Qt::SkipEmptyParts))
        if (!part.trimmed().isEmpty()) out << part.trimmed();
    return out;
}

template <typename Widget>
Widget* named(Widget* widget, const QString& accessibleName, const char* objectName) {
    widget->setAccessibleName(accessibleName);
    widget->setObjectName(QLatin1String(objectName));
    return widget;
}

} // namespace

RunDialog::RunDialog(EngineApi* api, const QStringList& images, QWidget* parent)
    : QDialog(parent)
    , api_(api)
    , image_(named(new QComboBox(this), tr("Image"), "runImage"))
    , name_(named(new QLineEdit(this), tr("Name"), "runName"))
    , command_(named(new QLineEdit(this), tr("Command"), "runCommand"))
    , ports_(named(new QLineEdit(this), tr("Ports"), "runPorts"))
    , env_(named(new QTableWidget(0, 2, this), tr("Environment"), "runEnv"))
    , volumes_(named(new QLineEdit(this), tr("Volumes"), "runVolumes"))
    , network_(named(new QComboBox(this), tr("Network"), "runNetwork"))
    , restart_(named(new QComboBox(this), tr("Restart policy"), "runRestart"))
    , memory_(named(new QLineEdit(this), tr("Memory limit"), "runMemory"))
    , cpus_(named(new QDoubleSpinBox(this), tr("CPU limit"), "runCpus"))
    , autoRemove_(named(new QCheckBox(tr("Remove the container when it exits (--rm)"), this),
                        tr("Remove the container when it exits"), "runAutoRemove"))
    , attach_(named(new QCheckBox(tr("&Attach: show its output once it runs (unchecked: -d, detached)"), this),
                    tr("Attach: show its output once it runs"), "runAttach"))
    , error_(new QLabel(this))
    , runButton_(nullptr) {
    setWindowTitle(tr("Run a container"));
    image_->setEditable(true);
    image_->addItems(images);
    image_->setCurrentText(QString());
    auto* completer = new QCompleter(images, image_);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    image_->setCompleter(completer);
    image_->lineEdit()->setPlaceholderText(tr("e.g. busybox:latest"));
    name_->setPlaceholderText(tr("chosen by the engine"));
    command_->setPlaceholderText(tr("the image's default command"));
    ports_->setPlaceholderText(tr("e.g. 8080:80, 127.0.0.1:5353:53/udp"));
    volumes_->setPlaceholderText(tr("e.g. /srv/data:/data:ro, cache:/cache"));
    network_->setEditable(true);
    network_->addItems({QStringLiteral("bridge"), QStringLiteral("host"), QStringLiteral("none")});
    // An editable combo box's text field is a control of its own to a screen reader:
    // Qt leaves it unnamed (and names the box by its current text), so name both.
    image_->lineEdit()->setAccessibleName(tr("Image"));
    network_->lineEdit()->setAccessibleName(tr("Network"));
    restart_->addItem(tr("no"), QStringLiteral("no"));
    restart_->addItem(tr("always"), QStringLiteral("always"));
    restart_->addItem(tr("unless-stopped"), QStringLiteral("unless-stopped"));
    restart_->addItem(tr("on-failure"), QStringLiteral("on-failure"));
    memory_->setPlaceholderText(tr("no limit (e.g. 512m, 1g)"));
    cpus_->setRange(0, 1024);
    cpus_->setDecimals(2);
    cpus_->setSingleStep(0.5);
    cpus_->setSpecialValueText(tr("no limit"));
    error_->setObjectName(QStringLiteral("runError"));
    error_->setWordWrap(true);
    error_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    error_->setForegroundRole(QPalette::BrightText);
    error_->hide();

    auto* form = new QFormLayout;
    form->addRow(tr("&Image:"), image_);
    form->addRow(tr("&Name:"), name_);
    form->addRow(tr("&Command:"), command_);
    form->addRow(tr("&Ports:"), ports_);
    form->addRow(tr("&Environment:"), makeEnvironmentEditor());
    form->addRow(tr("&Volumes:"), volumes_);
    form->addRow(tr("Ne&twork:"), network_);
    form->addRow(tr("&Restart:"), restart_);
    form->addRow(tr("&Memory:"), memory_);
    form->addRow(tr("C&PUs:"), cpus_);
    form->addRow(QString(), autoRemove_);
    form->addRow(QString(), attach_);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    runButton_ = buttons->addButton(tr("Run"), QDialogButtonBox::AcceptRole);
    runButton_->setObjectName(QStringLiteral("runButton"));
    runButton_->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &RunDialog::run);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(error_);
    layout->addWidget(buttons);
    resize(560, 600);
}

QWidget* RunDialog::makeEnvironmentEditor() {
    auto* box = new QWidget(this);
    env_->setHorizontalHeaderLabels({tr("Variable"), tr("Value")});
    env_->horizontalHeader()->setStretchLastSection(true);
    env_->verticalHeader()->hide();
    env_->setMinimumHeight(110);
    auto* add = named(new QPushButton(tr("Add"), box), tr("Add variable"), "runEnvAdd");
    auto* remove = named(new QPushButton(tr("Remove"), box), tr("Remove variable"), "runEnvRemove");
    auto* paste = named(new QPushButton(tr("Paste KEY=VALUE lines"), box), tr("Paste KEY=VALUE lines"), "runEnvPaste");
    connect(add, &QPushButton::clicked, this, [this] {
        env_->insertRow(env_->rowCount());
        env_->setCurrentCell(env_->rowCount() - 1, 0);
        env_->editItem(env_->currentItem());
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (env_->currentRow() >= 0) env_->removeRow(env_->currentRow());
    });
    connect(paste, &QPushButton::clicked, this, [this] { pasteEnvironment(QApplication::clipboard()->text()); });
    auto* buttons = new QVBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addWidget(paste);
    buttons->addStretch(1);
    auto* layout = new QHBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(env_, 1);
    layout->addLayout(buttons);
    return box;
}

void RunDialog::setImage(const QString& image) {
    image_->setCurrentText(image);
}

bool RunDialog::attach() const {
    return attach_->isChecked();
}

void RunDialog::setAttach(bool attach) {
    attach_->setChecked(attach);
}

void RunDialog::pasteEnvironment(const QString& text) {
    for (const auto& [key, value] : parseEnvLines(text)) {
        const int row = env_->rowCount();
        env_->insertRow(row);
        env_->setItem(row, 0, new QTableWidgetItem(key));
        env_->setItem(row, 1, new QTableWidgetItem(value));
    }
}

RunOptions RunDialog::options() const {
    RunOptions out;
    out.image = image_->currentText().trimmed();
    out.name = name_->text().trimmed();
    out.command = command_->text();
    out.ports = splitList(ports_->text());
    for (int row = 0; row < env_->rowCount(); ++row) {
        auto text = [&](int column) { return env_->item(row, column) ? env_->item(row, column)->text() : QString(); };
        if (!text(0).trimmed().isEmpty()) out.env.emplace_back(text(0).trimmed(), text(1));
    }
    out.volumes = splitList(volumes_->text());
    out.network = network_->currentText().trimmed();
    out.restartPolicy = restart_->currentData().toString();
    out.memory = memory_->text().trimmed();
    out.cpus = cpus_->value();
    out.autoRemove = autoRemove_->isChecked();
    return out;
}

void RunDialog::run() {
    auto body = createBody(options());
    if (!body) {
        error_->setText(body.error());
        error_->show();
        return;
    }
    error_->hide();
    runButton_->setEnabled(false);
    api_->runContainer(options().name, *body).then(this, [this](const ApiResult<QString>& result) {
        runButton_->setEnabled(true);
        if (!result) {
            error_->setText(result.error().message);
            error_->show();
            return;
        }
        emit containerStarted(*result);
        if (attach_->isChecked()) emit attachRequested(*result);
        accept();
    });
}

} // namespace berth::ui
