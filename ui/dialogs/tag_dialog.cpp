#include "ui/dialogs/tag_dialog.h"

#include "ui/client/engine_api.h"
#include "ui/client/image_reference.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace berth::ui {

TagDialog::TagDialog(EngineApi* api, const QString& source, QWidget* parent)
    : QDialog(parent)
    , api_(api)
    , source_(source)
    , target_(new QLineEdit(this))
    , problem_(new QLabel(this))
    , tagButton_(new QPushButton(tr("&Tag"), this)) {
    setObjectName(QStringLiteral("tagDialog"));
    setWindowTitle(tr("Tag %1").arg(source));
    target_->setObjectName(QStringLiteral("tagTarget"));
    target_->setAccessibleName(tr("New reference"));
    target_->setPlaceholderText(tr("repository:tag"));
    problem_->setObjectName(QStringLiteral("tagProblem"));
    problem_->setAccessibleName(tr("Problem"));
    problem_->setWordWrap(true);
    problem_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* form = new QFormLayout(this);
    auto* sourceLabel = new QLabel(source, this);
    sourceLabel->setAccessibleName(tr("Image"));
    sourceLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(tr("Image:"), sourceLabel);
    auto* label = new QLabel(tr("&New reference:"), this);
    label->setBuddy(target_);
    form->addRow(label, target_);
    form->addRow(problem_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    tagButton_->setObjectName(QStringLiteral("tagButton"));
    tagButton_->setDefault(true);
    buttons->addButton(tagButton_, QDialogButtonBox::AcceptRole);
    form->addRow(buttons);

    connect(target_, &QLineEdit::textChanged, this, &TagDialog::validate);
    connect(tagButton_, &QPushButton::clicked, this, &TagDialog::tag);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    validate();
}

void TagDialog::setTarget(const QString& target) {
    target_->setText(target);
}

QString TagDialog::problemText() const {
    return problem_->text();
}

void TagDialog::validate() {
    const QString problem = target_->text().isEmpty() ? QString() : referenceProblem(target_->text());
    problem_->setText(problem);
    tagButton_->setEnabled(referenceProblem(target_->text()).isEmpty());
}

void TagDialog::tag() {
    const QString target = target_->text().trimmed();
    if (!referenceProblem(target).isEmpty()) return;
    tagButton_->setEnabled(false);
    problem_->setText(tr("Tagging\u2026"));
    api_->tagImage(source_, target).then(this, [this, target](const ApiResult<void>& result) {
        tagButton_->setEnabled(true);
        if (!result) {
            problem_->setText(result.error().message);
            return;
        }
        problem_->clear();
        emit tagged(target);
        accept();
    });
}

} // namespace berth::ui
