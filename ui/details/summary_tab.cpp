#include "ui/details/summary_tab.h"

#include "ui/details/json_fetcher.h"
#include "ui/models/container_state_text.h"

#include <QDateTime>
#include <QFormLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLocale>
#include <QRegularExpression>
#include <QScrollArea>
#include <QVBoxLayout>

namespace berth::ui {
namespace {

QString shellJoin(const QJsonArray& words) {
    QStringList quoted;
    for (const auto& word : words) {
        QString text = word.toString();
        if (text.isEmpty() || text.contains(QRegularExpression(QStringLiteral("[\\s\"'$`\\\\]"))))
            text = QLatin1Char('\'') + text.replace(QLatin1Char('\''), QStringLiteral("'\\''")) + QLatin1Char('\'');
        quoted << text;
    }
    return quoted.join(QLatin1Char(' '));
}

QString ports(const QJsonObject& network) {
    QStringList lines;
    const QJsonObject published = network.value(QStringLiteral("Ports")).toObject();
    for (auto it = published.begin(); it != published.end(); ++it) {
        const QJsonArray bindings = it.value().toArray();
        if (bindings.isEmpty()) lines << it.key();
        for (const auto& binding : bindings) {
            const QJsonObject b = binding.toObject();
            lines << QStringLiteral("%1:%2 → %3")
                         .arg(b.value(QStringLiteral("HostIp")).toString(), b.value(QStringLiteral("HostPort")).toString(),
                              it.key());
        }
    }
    return lines.join(QLatin1Char('\n'));
}

QString mounts(const QJsonArray& list) {
    QStringList lines;
    for (const auto& entry : list) {
        const QJsonObject m = entry.toObject();
        const QString source = m.value(QStringLiteral("Name")).toString().isEmpty() ? m.value(QStringLiteral("Source")).toString()
                                                                                   : m.value(QStringLiteral("Name")).toString();
        lines << QStringLiteral("%1 %2 → %3%4")
                     .arg(m.value(QStringLiteral("Type")).toString(), source, m.value(QStringLiteral("Destination")).toString(),
                          m.value(QStringLiteral("RW")).toBool(true) ? QString() : QStringLiteral(" (ro)"));
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace

QList<QPair<QString, QString>> summaryRows(const QJsonObject& inspect) {
    const QJsonObject config = inspect.value(QStringLiteral("Config")).toObject();
    const QJsonObject host = inspect.value(QStringLiteral("HostConfig")).toObject();
    const QJsonObject state = inspect.value(QStringLiteral("State")).toObject();
    const QLocale locale;
    QList<QPair<QString, QString>> rows;
    QString name = inspect.value(QStringLiteral("Name")).toString();
    if (name.startsWith(QLatin1Char('/'))) name.remove(0, 1);
    rows.append({SummaryTab::tr("Name"), name});
    rows.append({SummaryTab::tr("ID"), inspect.value(QStringLiteral("Id")).toString().left(12)});
    rows.append({SummaryTab::tr("Image"), config.value(QStringLiteral("Image")).toString()});
    QString status = containerStateText(state.value(QStringLiteral("Status")).toString().toStdString());
    if (state.value(QStringLiteral("Status")).toString() == QStringLiteral("exited"))
        status += SummaryTab::tr(" (exit code %1)").arg(state.value(QStringLiteral("ExitCode")).toInt());
    rows.append({SummaryTab::tr("State"), status});
    QJsonArray command;
    command.append(inspect.value(QStringLiteral("Path")));
    for (const auto& arg : inspect.value(QStringLiteral("Args")).toArray()) command.append(arg);
    rows.append({SummaryTab::tr("Command"), shellJoin(command)});
    rows.append({SummaryTab::tr("Working directory"), config.value(QStringLiteral("WorkingDir")).toString()});
    rows.append({SummaryTab::tr("User"), config.value(QStringLiteral("User")).toString()});
    QStringList env;
    for (const auto& variable : config.value(QStringLiteral("Env")).toArray()) env << variable.toString();
    rows.append({SummaryTab::tr("Environment"), env.join(QLatin1Char('\n'))});
    rows.append({SummaryTab::tr("Ports"), ports(inspect.value(QStringLiteral("NetworkSettings")).toObject())});
    rows.append({SummaryTab::tr("Mounts"), mounts(inspect.value(QStringLiteral("Mounts")).toArray())});
    const QJsonObject restart = host.value(QStringLiteral("RestartPolicy")).toObject();
    QString policy = restart.value(QStringLiteral("Name")).toString();
    if (policy.isEmpty()) policy = QStringLiteral("no"); // docker's default
    if (policy == QStringLiteral("on-failure") && restart.value(QStringLiteral("MaximumRetryCount")).toInt() > 0)
        policy += QLatin1Char(':') + QString::number(restart.value(QStringLiteral("MaximumRetryCount")).toInt());
    rows.append({SummaryTab::tr("Restart policy"), policy});
    const auto memory = static_cast<qint64>(host.value(QStringLiteral("Memory")).toDouble());
    rows.append({SummaryTab::tr("Memory limit"), memory > 0 ? locale.formattedDataSize(memory) : SummaryTab::tr("unlimited")});
    const double nano = host.value(QStringLiteral("NanoCpus")).toDouble();
    const double quota = host.value(QStringLiteral("CpuQuota")).toDouble();
    const double period = host.value(QStringLiteral("CpuPeriod")).toDouble();
    const double cpus = nano > 0 ? nano / 1e9 : (quota > 0 ? quota / (period > 0 ? period : 100000) : 0);
    rows.append({SummaryTab::tr("CPU limit"), cpus > 0 ? locale.toString(cpus, 'g', 3) : SummaryTab::tr("unlimited")});
    const auto pids = static_cast<qint64>(host.value(QStringLiteral("PidsLimit")).toDouble());
    rows.append({SummaryTab::tr("PIDs limit"), pids > 0 ? QString::number(pids) : SummaryTab::tr("unlimited")});
    // As the Containers list writes it, in the UI's language (not RFC 3339 with nanoseconds).
    const QString created = inspect.value(QStringLiteral("Created")).toString();
    const QDateTime createdAt = QDateTime::fromString(created, Qt::ISODateWithMs);
    rows.append({SummaryTab::tr("Created"),
                 createdAt.isValid() ? locale.toString(createdAt.toLocalTime(), QLocale::ShortFormat) : created});
    return rows;
}

SummaryTab::SummaryTab(EngineApi* api, const QString& containerId, QWidget* parent)
    : QWidget(parent), fetcher_(new JsonFetcher(api, containerId, JsonFetcher::Document::Inspect, this)) {
    setObjectName(QStringLiteral("summaryTab"));
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* content = new QWidget(scroll);
    form_ = new QFormLayout(content);
    form_->setLabelAlignment(Qt::AlignRight | Qt::AlignTop);
    scroll->setWidget(content);
    status_ = new QLabel(this);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(scroll, 1);
    layout->addWidget(status_);
    connect(fetcher_, &JsonFetcher::fetched, this,
            [this](const QJsonDocument& document) { showInspect(document.object()); });
    connect(fetcher_, &JsonFetcher::failed, this, [this](const QString& message) {
        status_->setText(tr("Cannot inspect: %1").arg(message));
    });
    refresh();
}

SummaryTab::~SummaryTab() = default;

void SummaryTab::refresh() { fetcher_->fetch(); }

void SummaryTab::showInspect(const QJsonObject& inspect) {
    while (form_->rowCount() > 0) form_->removeRow(0);
    for (const auto& [label, value] : summaryRows(inspect)) {
        auto* text = new QLabel(value.isEmpty() ? QString(QChar(0x2014)) : value);
        text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
        text->setWordWrap(true);
        text->setAccessibleName(label);
        text->setObjectName(QStringLiteral("summary:") + label);
        auto* caption = new QLabel(label + QLatin1Char(':'));
        caption->setBuddy(text);
        form_->addRow(caption, text);
    }
    status_->clear();
}

QString SummaryTab::value(const QString& label) const {
    for (int row = 0; row < form_->rowCount(); ++row) {
        auto* caption = qobject_cast<QLabel*>(form_->itemAt(row, QFormLayout::LabelRole)->widget());
        auto* text = qobject_cast<QLabel*>(form_->itemAt(row, QFormLayout::FieldRole)->widget());
        if (caption && text && caption->text() == label + QLatin1Char(':')) return text->text();
    }
    return {};
}

} // namespace berth::ui
