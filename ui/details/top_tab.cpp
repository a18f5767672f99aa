#include "ui/details/top_tab.h"

#include "ui/details/json_fetcher.h"

#include <QHeaderView>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QStandardItemModel>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace berth::ui {

TopTab::TopTab(EngineApi* api, const QString& containerId, QWidget* parent)
    : QWidget(parent), fetcher_(new JsonFetcher(api, containerId, JsonFetcher::Document::Top, this)) {
    setObjectName(QStringLiteral("topTab"));
    model_ = new QStandardItemModel(this);
    view_ = new QTableView(this);
    view_->setObjectName(QStringLiteral("topTable"));
    view_->setAccessibleName(tr("Processes"));
    view_->setModel(model_);
    view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->verticalHeader()->hide();
    view_->horizontalHeader()->setStretchLastSection(true);
    status_ = new QLabel(this);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(view_, 1);
    layout->addWidget(status_);
    timer_ = new QTimer(this);
    timer_->setInterval(kRefreshMs);
    connect(timer_, &QTimer::timeout, this, &TopTab::refresh);
    connect(fetcher_, &JsonFetcher::fetched, this, [this](const QJsonDocument& document) {
        const QJsonObject top = document.object();
        const QJsonArray titles = top.value(QStringLiteral("Titles")).toArray();
        const QJsonArray processes = top.value(QStringLiteral("Processes")).toArray();
        QStringList headers;
        for (const auto& title : titles) headers << title.toString(); // ps's own column names
        model_->setColumnCount(static_cast<int>(headers.size()));
        model_->setHorizontalHeaderLabels(headers);
        model_->setRowCount(static_cast<int>(processes.size()));
        for (int row = 0; row < processes.size(); ++row) {
            const QJsonArray fields = processes.at(row).toArray();
            for (int column = 0; column < fields.size() && column < headers.size(); ++column)
                model_->setItem(row, column, new QStandardItem(fields.at(column).toString()));
        }
        status_->setText(tr("%n process(es)", nullptr, static_cast<int>(processes.size())));
    });
    connect(fetcher_, &JsonFetcher::failed, this, [this](const QString& message) {
        status_->setText(tr("Cannot list the processes: %1").arg(message));
    });
    refresh();
}

TopTab::~TopTab() = default;

void TopTab::refresh() { fetcher_->fetch(); }

void TopTab::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    refresh();
    timer_->start();
}

void TopTab::hideEvent(QHideEvent* event) {
    QWidget::hideEvent(event);
    timer_->stop();
}

} // namespace berth::ui
