#include "ui/compose/up_preview_dialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace berth::ui {

namespace {
QColor actionColour(const ServicePreview& p) {
    if (p.recreate > 0 || p.remove > 0) return {0xc0, 0x7a, 0x12}; // something running is replaced
    if (p.create > 0 || p.start > 0) return {0x2f, 0x8f, 0x4e};
    return {};
}
} // namespace

UpPreviewDialog::UpPreviewDialog(const QString& project, const std::vector<ServicePreview>& previews, QWidget* parent)
    : QDialog(parent)
    , list_(new QTreeWidget(this)) {
    setObjectName(QStringLiteral("upPreviewDialog"));
    setWindowTitle(tr("Up %1").arg(project));
    setAccessibleName(tr("What Up will do"));
    int changes = 0;
    for (const ServicePreview& p : previews) changes += p.create + p.recreate + p.start + p.remove;
    auto* heading = new QLabel(changes == 0 ? tr("Every service of %1 is up to date: Up changes nothing.").arg(project)
                                            : tr("Up on %1 will:").arg(project),
                               this);
    heading->setWordWrap(true);
    list_->setObjectName(QStringLiteral("upPreviewList"));
    list_->setAccessibleName(tr("Services and what Up does to them"));
    list_->setHeaderLabels({tr("Service"), tr("Action"), tr("Containers")});
    list_->setRootIsDecorated(false);
    list_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    for (const ServicePreview& p : previews) {
        auto* item = new QTreeWidgetItem(list_, {p.service, p.summary(), p.containers.join(QStringLiteral(", "))});
        if (const QColor colour = actionColour(p); colour.isValid()) item->setForeground(1, colour);
    }
    auto* buttons = new QDialogButtonBox(this);
    QPushButton* up = buttons->addButton(tr("Up"), QDialogButtonBox::AcceptRole);
    up->setObjectName(QStringLiteral("upPreviewUp"));
    up->setAccessibleName(tr("Run Up"));
    up->setDefault(true);
    QPushButton* cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("upPreviewCancel"));
    cancel->setAccessibleName(tr("Cancel Up"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(heading);
    layout->addWidget(list_, 1);
    layout->addWidget(buttons);
    resize(520, 320);
}

} // namespace berth::ui
