#include "ui/dialogs/layers_dialog.h"

#include "ui/client/engine_api.h"

#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

namespace berth::ui {

namespace {

// "3 days ago", as `docker history` shows the age.
QString age(qint64 created) {
    const qint64 seconds = QDateTime::currentSecsSinceEpoch() - created;
    if (created <= 0) return {};
    if (seconds < 120) return LayersDialog::tr("just now");
    if (seconds < 2 * 3600) return LayersDialog::tr("%n minute(s) ago", nullptr, static_cast<int>(seconds / 60));
    if (seconds < 2 * 86400) return LayersDialog::tr("%n hour(s) ago", nullptr, static_cast<int>(seconds / 3600));
    return LayersDialog::tr("%n day(s) ago", nullptr, static_cast<int>(seconds / 86400));
}

// Docker's "/bin/sh -c #(nop) " prefix says the step ran nothing: drop it, keep the instruction.
QString instruction(const QString& createdBy) {
    static const QString nop = QStringLiteral("/bin/sh -c #(nop) ");
    return createdBy.startsWith(nop) ? createdBy.mid(nop.size()).trimmed() : createdBy;
}

} // namespace

LayersDialog::LayersDialog(EngineApi* api, const QString& reference, QWidget* parent)
    : QDialog(parent)
    , table_(new QTableWidget(0, ColumnCount, this))
    , status_(new QLabel(tr("Loading the layers\u2026"), this)) {
    setObjectName(QStringLiteral("layersDialog"));
    setWindowTitle(tr("Layers of %1").arg(reference));
    setModal(false);
    resize(760, 420);
    table_->setObjectName(QStringLiteral("layersTable"));
    table_->setAccessibleName(tr("Layers of %1").arg(reference));
    table_->setHorizontalHeaderLabels({tr("Created by", "layers column"), tr("Size", "layers column"),
                                       tr("Created", "layers column"), tr("Comment", "layers column")});
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setWordWrap(true);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setSectionResizeMode(CreatedBy, QHeaderView::Stretch);
    table_->horizontalHeader()->setSectionResizeMode(Size, QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setSectionResizeMode(Created, QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setSectionResizeMode(Comment, QHeaderView::ResizeToContents);
    status_->setObjectName(QStringLiteral("layersStatus"));
    status_->setAccessibleName(tr("Status"));
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(status_);
    layout->addWidget(table_, 1);

    api->imageHistory(reference).then(this, [this](const ApiResult<std::vector<ImageHistoryEntry>>& result) {
        if (!result) {
            status_->setText(result.error().message);
            return;
        }
        fill(*result);
        emit loaded();
    });
}

QString LayersDialog::statusText() const {
    return status_->text();
}

void LayersDialog::fill(const std::vector<ImageHistoryEntry>& rows) {
    const QLocale locale;
    qint64 total = 0;
    table_->setRowCount(static_cast<int>(rows.size()));
    for (int row = 0; const ImageHistoryEntry& entry : rows) {
        auto* command = new QTableWidgetItem(instruction(entry.createdBy));
        command->setToolTip(entry.createdBy);
        table_->setItem(row, CreatedBy, command);
        auto* size = new QTableWidgetItem(locale.formattedDataSize(entry.size, 1, QLocale::DataSizeSIFormat));
        size->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        table_->setItem(row, Size, size);
        auto* created = new QTableWidgetItem(age(entry.created));
        created->setToolTip(locale.toString(QDateTime::fromSecsSinceEpoch(entry.created), QLocale::LongFormat));
        table_->setItem(row, Created, created);
        table_->setItem(row, Comment, new QTableWidgetItem(entry.comment));
        total += entry.size;
        ++row;
    }
    table_->resizeRowsToContents();
    status_->setText(tr("%n layer(s), %1 in all.", nullptr, static_cast<int>(rows.size()))
                         .arg(locale.formattedDataSize(total, 1, QLocale::DataSizeSIFormat)));
}

} // namespace berth::ui
