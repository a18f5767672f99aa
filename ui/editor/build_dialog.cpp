#include "ui/editor/build_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace berth::ui {

BuildDialog::BuildDialog(const QString& dockerfilePath, const QStringList& stages, QWidget* parent)
    : QDialog(parent)
    , dockerfilePath_(dockerfilePath)
    , context_(new QLineEdit(QFileInfo(dockerfilePath).absolutePath(), this))
    , tags_(new QLineEdit(this))
    , buildArgs_(new QPlainTextEdit(this))
    , target_(new QComboBox(this))
    , noCache_(new QCheckBox(tr("Do not use the build cache"), this)) {
    setObjectName(QStringLiteral("buildDialog"));
    setWindowTitle(tr("Build Image"));
    setAccessibleName(tr("Build Image"));

    context_->setObjectName(QStringLiteral("buildContext"));
    context_->setAccessibleName(tr("Build context folder"));
    auto* browse = new QPushButton(tr("Browse…"), this);
    browse->setAccessibleName(tr("Choose the build context folder"));
    connect(browse, &QPushButton::clicked, this, [this] {
        QString folder = QFileDialog::getExistingDirectory(this, tr("Build Context"), context_->text());
        if (!folder.isEmpty()) context_->setText(folder);
    });
    auto* contextRow = new QHBoxLayout;
    contextRow->addWidget(context_, 1);
    contextRow->addWidget(browse);

    tags_->setObjectName(QStringLiteral("buildTags"));
    tags_->setAccessibleName(tr("Image tags"));
    tags_->setPlaceholderText(tr("name:tag, another:tag"));
    buildArgs_->setObjectName(QStringLiteral("buildArgs"));
    buildArgs_->setAccessibleName(tr("Build arguments"));
    buildArgs_->setPlaceholderText(tr("KEY=value, one a line"));
    buildArgs_->setFixedHeight(buildArgs_->fontMetrics().lineSpacing() * 4 + 12);
    target_->setObjectName(QStringLiteral("buildTarget"));
    target_->setAccessibleName(tr("Target stage"));
    target_->addItem(tr("(the last stage)"), QString());
    for (const QString& stage : stages) target_->addItem(stage, stage);
    noCache_->setObjectName(QStringLiteral("buildNoCache"));
    noCache_->setAccessibleName(noCache_->text());

    auto* form = new QFormLayout;
    form->addRow(tr("Context:"), contextRow);
    form->addRow(tr("Dockerfile:"), new QLabel(QFileInfo(dockerfilePath).fileName(), this));
    form->addRow(tr("Tags:"), tags_);
    form->addRow(tr("Build args:"), buildArgs_);
    form->addRow(tr("Target:"), target_);
    form->addRow(QString(), noCache_);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton* build = buttons->addButton(tr("Build"), QDialogButtonBox::AcceptRole);
    build->setObjectName(QStringLiteral("buildStart"));
    build->setAccessibleName(tr("Start the build"));
    build->setDefault(true);
    buttons->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
    resize(520, sizeHint().height());
}

void BuildDialog::setTag(const QString& tag) {
    tags_->setText(tag);
}

void BuildDialog::setTarget(const QString& stage) {
    int index = target_->findData(stage);
    if (index >= 0) target_->setCurrentIndex(index);
}

BuildRequest BuildDialog::request() const {
    BuildRequest request;
    request.contextDir = context_->text().trimmed();
    // The Dockerfile relative to the context, as `docker build -f` sends it.
    request.dockerfile = QDir(request.contextDir).relativeFilePath(dockerfilePath_);
    for (const QString& tag : tags_->text().split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts))
        request.tags << tag;
    for (const QString& line : buildArgs_->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const qsizetype equals = line.indexOf(QLatin1Char('='));
        if (equals > 0) request.buildArgs.insert(line.left(equals).trimmed(), line.mid(equals + 1));
    }
    request.target = target_->currentData().toString();
    request.noCache = noCache_->isChecked();
    return request;
}

} // namespace berth::ui
