#include "ui/pages/engine_page.h"

#include "ui/client/engine_connection.h"
#include "ui/widgets/page_title.h"

#include "ui/client/engine_api.h"
#include "ui/models/engine_state.h"
#include "ui/widgets/disk_usage_chart.h"
#include "ui/models/events_model.h"
#include "ui/widgets/clear_button.h"
#include "ui/widgets/empty_view_hint.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

namespace berth::ui {

namespace {

// Shown where the engine did not say (or we are not connected).
const QString kMissing = QString(QChar(0x2014));

QString orMissing(const QString& text) {
    return text.isEmpty() ? kMissing : text;
}

QString text(const QJsonObject& answer, const char* key) {
    return answer.value(QLatin1String(key)).toString();
}

QString number(const QJsonObject& answer, const char* key) {
    QJsonValue value = answer.value(QLatin1String(key));
    return value.isDouble() ? QLocale().toString(value.toInteger()) : QString();
}

// Docker's info reports MemTotal in bytes; people read GiB.
QString dataSize(const QJsonObject& answer, const char* key) {
    QJsonValue value = answer.value(QLatin1String(key));
    return value.isDouble() ? QLocale().formattedDataSize(value.toInteger(), 1, QLocale::DataSizeIecFormat)
                            : QString();
}

} // namespace

EnginePage::EnginePage(const PageContext& context, const QIcon& icon, QWidget* parent)
    : Page(parent)
    , host_(context.connection->host())
    , icon_(icon)
    , api_(context.state->api())
    , status_(new QLabel(this)) {
    status_->setObjectName(QStringLiteral("engineStatus"));
    status_->setForegroundRole(QPalette::PlaceholderText);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* versionBox = new QGroupBox(tr("Version"), this);
    auto* versionForm = new QFormLayout(versionBox);
    addField(versionForm, versionFields_, tr("Product:"), "productValue", [](const QJsonObject& v) {
        return text(v.value(QLatin1String("Platform")).toObject(), "Name");
    });
    addField(versionForm, versionFields_, tr("Server version:"), "serverVersionValue",
             [](const QJsonObject& v) { return text(v, "Version"); });
    addField(versionForm, versionFields_, tr("API version:"), "apiVersionValue",
             [](const QJsonObject& v) { return text(v, "ApiVersion"); });
    addField(versionForm, versionFields_, tr("Minimum API version:"), "minApiVersionValue",
             [](const QJsonObject& v) { return text(v, "MinAPIVersion"); });
    addField(versionForm, versionFields_, tr("OS/Arch:"), "osArchValue", [](const QJsonObject& v) {
        QString os = text(v, "Os"), arch = text(v, "Arch");
        return os.isEmpty() ? arch : arch.isEmpty() ? os : os + QLatin1Char('/') + arch;
    });
    addField(versionForm, versionFields_, tr("Kernel:"), "kernelValue",
             [](const QJsonObject& v) { return text(v, "KernelVersion"); });
    addField(versionForm, versionFields_, tr("Git commit:"), "gitCommitValue",
             [](const QJsonObject& v) { return text(v, "GitCommit"); });

    auto* infoBox = new QGroupBox(tr("System"), this);
    auto* infoForm = new QFormLayout(infoBox);
    addField(infoForm, infoFields_, tr("Name:"), "nameValue",
             [](const QJsonObject& i) { return text(i, "Name"); });
    addField(infoForm, infoFields_, tr("ID:"), "idValue", [](const QJsonObject& i) { return text(i, "ID"); });
    addField(infoForm, infoFields_, tr("CPUs:"), "cpusValue",
             [](const QJsonObject& i) { return number(i, "NCPU"); });
    addField(infoForm, infoFields_, tr("Memory:"), "memoryValue",
             [](const QJsonObject& i) { return dataSize(i, "MemTotal"); });
    addField(infoForm, infoFields_, tr("Operating system:"), "operatingSystemValue",
             [](const QJsonObject& i) { return text(i, "OperatingSystem"); });
    addField(infoForm, infoFields_, tr("Cgroups:"), "cgroupsValue", [](const QJsonObject& i) {
        QString version = text(i, "CgroupVersion"), driver = text(i, "CgroupDriver");
        if (version.isEmpty() || driver.isEmpty()) return version.isEmpty() ? driver : version;
        return tr("version %1, %2 driver").arg(version, driver);
    });
    addField(infoForm, infoFields_, tr("Storage driver:"), "storageDriverValue",
             [](const QJsonObject& i) { return text(i, "Driver"); });
    addField(infoForm, infoFields_, tr("Root directory:"), "rootDirectoryValue",
             [](const QJsonObject& i) { return text(i, "DockerRootDir"); });
    addField(infoForm, infoFields_, tr("Containers:"), "containersValue", [](const QJsonObject& i) {
        QString total = number(i, "Containers");
        if (total.isEmpty()) return total;
        return tr("%1 (%2 running, %3 paused, %4 stopped)")
            .arg(total, orMissing(number(i, "ContainersRunning")), orMissing(number(i, "ContainersPaused")),
                 orMissing(number(i, "ContainersStopped")));
    });
    addField(infoForm, infoFields_, tr("Images:"), "imagesValue",
             [](const QJsonObject& i) { return number(i, "Images"); });

    auto* boxes = new QHBoxLayout;
    boxes->addWidget(versionBox, 1, Qt::AlignTop);
    boxes->addWidget(infoBox, 1, Qt::AlignTop);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 12);
    layout->addWidget(new PageTitle(tr("Engine"), this));
    layout->addWidget(status_);
    layout->addSpacing(8);
    layout->addLayout(boxes);
    layout->addWidget(makeDiskUsage());
    layout->addWidget(makeEventsFeed(context), 1);

    showDisconnected();
    connect(context.connection, &EngineConnection::versionReceived, this, &EnginePage::showVersion);
    connect(context.connection, &EngineConnection::infoReceived, this, &EnginePage::showInfo);
    // /info is asked again after events that change counts: the sizes change with them.
    connect(context.connection, &EngineConnection::infoReceived, this, &EnginePage::refreshDiskUsage);
    connect(context.connection, &EngineConnection::stateChanged, this, [this](EngineConnection::State state) {
        if (state == EngineConnection::State::Unreachable || state == EngineConnection::State::AccessDenied)
            showDisconnected();
    });
}

QGroupBox* EnginePage::makeDiskUsage() {
    auto* box = new QGroupBox(tr("Disk usage"), this);
    diskUsage_ = new DiskUsageChart(box);
    auto* layout = new QVBoxLayout(box);
    layout->addWidget(diskUsage_);
    return box;
}

void EnginePage::refreshDiskUsage() {
    api_->diskUsage().then(this, [this](const ApiResult<std::vector<api::types::DiskUsageRow>>& rows) {
        if (rows) diskUsage_->showUsage(*rows);
        else diskUsage_->showUnavailable(rows.error().message);
    });
}

QGroupBox* EnginePage::makeEventsFeed(const PageContext& context) {
    auto* box = new QGroupBox(tr("Events"), this);
    // Two filters, as `docker events --filter type=… ` and a text search.
    auto* byType = new QSortFilterProxyModel(box);
    byType->setSourceModel(context.state->events());
    byType->setFilterRole(EventsModel::TypeRole);
    byType->setFilterKeyColumn(0);
    auto* byText = new QSortFilterProxyModel(box);
    byText->setSourceModel(byType);
    byText->setFilterCaseSensitivity(Qt::CaseInsensitive);
    byText->setFilterKeyColumn(-1);

    auto* type = new QComboBox(box);
    type->setObjectName(QStringLiteral("eventsType"));
    type->setAccessibleName(tr("Event type"));
    type->addItem(tr("All types"), QString());
    for (const char* kind : {"container", "image", "volume", "network", "daemon"})
        type->addItem(QString::fromLatin1(kind), QString::fromLatin1(kind));
    connect(type, &QComboBox::currentIndexChanged, byType, [byType, type] {
        const QString kind = type->currentData().toString();
        byType->setFilterRegularExpression(kind.isEmpty() ? QString() : QStringLiteral("^%1$").arg(kind));
    });
    auto* text = new QLineEdit(box);
    text->setObjectName(QStringLiteral("eventsFilter"));
    text->setAccessibleName(tr("Filter events"));
    text->setPlaceholderText(tr("Filter by action or object"));
    enableClearButton(text);
    connect(text, &QLineEdit::textChanged, byText, &QSortFilterProxyModel::setFilterFixedString);

    auto* table = new QTableView(box);
    table->setObjectName(QStringLiteral("eventsTable"));
    table->setAccessibleName(tr("Events"));
    table->setModel(byText);
    setEmptyViewHint(table, tr("No events yet: they appear here as containers, images, volumes and networks change."))
        ->followEngine(context.state);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setShowGrid(false);
    table->setWordWrap(false);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->setColumnWidth(EventsModel::Time, 110);
    table->setColumnWidth(EventsModel::Action, 160);

    auto* filters = new QHBoxLayout;
    filters->addWidget(type);
    filters->addWidget(text, 1);
    auto* layout = new QVBoxLayout(box);
    layout->addLayout(filters);
    layout->addWidget(table, 1);
    return box;
}

void EnginePage::addField(QFormLayout* form, std::vector<Field>& fields, const QString& name,
                          const char* objectName, Formatter format) {
    auto* value = new QLabel(kMissing, form->parentWidget());
    value->setObjectName(QLatin1String(objectName));
    value->setTextFormat(Qt::PlainText);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setWordWrap(true);
    // Right-aligned names keep each name next to its value, as KDE's forms do.
    form->setLabelAlignment(Qt::AlignRight);
    form->addRow(name, value);
    fields.push_back({value, std::move(format)});
}

void EnginePage::showVersion(const QJsonObject& version) {
    status_->setText(tr("Connected to %1").arg(host_));
    fill(versionFields_, version);
}

void EnginePage::showInfo(const QJsonObject& info) {
    fill(infoFields_, info);
}

void EnginePage::showDisconnected() {
    status_->setText(tr("Not connected to %1").arg(host_));
    if (diskUsage_) diskUsage_->showUnavailable({});
    clear(versionFields_);
    clear(infoFields_);
}

void EnginePage::fill(const std::vector<Field>& fields, const QJsonObject& answer) {
    for (const Field& field : fields)
        field.value->setText(orMissing(field.format(answer)));
}

void EnginePage::clear(const std::vector<Field>& fields) {
    for (const Field& field : fields)
        field.value->setText(kMissing);
}

} // namespace berth::ui
