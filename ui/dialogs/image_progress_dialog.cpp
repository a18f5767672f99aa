#include "ui/dialogs/image_progress_dialog.h"

#include "ui/client/engine_api.h"
#include "ui/client/image_reference.h"
#include "ui/models/layer_progress_model.h"
#include "ui/widgets/clear_button.h"
#include "ui/widgets/notice_bar.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

namespace berth::ui {

namespace {

// The Progress column as a bar of the layer's current step, its text inside.
class LayerBarDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override {
        const double fraction = index.data(LayerProgressModel::FractionRole).toDouble();
        if (fraction < 0) {
            QStyledItemDelegate::paint(painter, option, index);
            return;
        }
        QStyleOptionProgressBar bar;
        bar.rect = option.rect.adjusted(2, 3, -2, -3);
        bar.state = option.state | QStyle::State_Horizontal;
        bar.direction = option.direction;
        bar.fontMetrics = option.fontMetrics;
        bar.palette = option.palette;
        bar.minimum = 0;
        bar.maximum = 1000;
        bar.progress = qRound(fraction * 1000);
        bar.text = index.data(Qt::DisplayRole).toString();
        bar.textVisible = true;
        bar.textAlignment = Qt::AlignCenter;
        const QWidget* widget = option.widget;
        QStyle* style = widget ? widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ProgressBar, &bar, painter, widget);
    }
};

} // namespace

ImageProgressDialog::ImageProgressDialog(EngineApi* api, Mode mode, const QString& reference, QWidget* parent)
    : QDialog(parent)
    , api_(api)
    , mode_(mode)
    , model_(new LayerProgressModel(this))
    , status_(new QLabel(this))
    , overall_(new QProgressBar(this))
    , table_(new QTableView(this))
    , notice_(new NoticeBar(this))
    , startButton_(new QPushButton(this))
    , cancelButton_(new QPushButton(tr("Cancel"), this))
    , closeButton_(new QPushButton(tr("Close"), this)) {
    setObjectName(mode == Mode::Pull ? QStringLiteral("pullDialog") : QStringLiteral("pushDialog"));
    setWindowTitle(mode == Mode::Pull ? tr("Pull an image") : tr("Push %1").arg(reference));
    setModal(false);
    resize(640, 420);

    auto* layout = new QVBoxLayout(this);
    if (mode == Mode::Pull) {
        reference_ = new QLineEdit(reference, this);
        reference_->setObjectName(QStringLiteral("pullReference"));
        reference_->setPlaceholderText(tr("busybox:latest, or registry:5000/team/app:1.0"));
        reference_->setAccessibleName(tr("Image reference"));
        enableClearButton(reference_);
        problem_ = new QLabel(this);
        problem_->setObjectName(QStringLiteral("referenceProblem"));
        problem_->setAccessibleName(tr("Reference problem"));
        problem_->setForegroundRole(QPalette::PlaceholderText);
        auto* form = new QFormLayout;
        auto* label = new QLabel(tr("&Image:"), this);
        label->setBuddy(reference_);
        form->addRow(label, reference_);
        form->addRow(QString(), problem_);
        layout->addLayout(form);
        connect(reference_, &QLineEdit::textChanged, this, &ImageProgressDialog::validate);
        connect(reference_, &QLineEdit::returnPressed, this, &ImageProgressDialog::start);
    } else {
        pushReference_ = reference;
    }

    status_->setObjectName(QStringLiteral("progressStatus"));
    status_->setAccessibleName(tr("Status"));
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    overall_->setObjectName(QStringLiteral("overallProgress"));
    overall_->setAccessibleName(mode == Mode::Pull ? tr("Pull progress") : tr("Push progress"));
    overall_->setRange(0, 100);
    overall_->setValue(0);
    layout->addWidget(status_);
    layout->addWidget(overall_);

    table_->setObjectName(QStringLiteral("layersProgress"));
    table_->setAccessibleName(tr("Layers"));
    table_->setModel(model_);
    table_->setItemDelegateForColumn(LayerProgressModel::Progress, new LayerBarDelegate(table_));
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setShowGrid(false);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setColumnWidth(LayerProgressModel::Layer, 130);
    table_->setColumnWidth(LayerProgressModel::Status, 170);
    layout->addWidget(table_, 1);
    layout->addWidget(notice_);
    notice_->hide();

    startButton_->setObjectName(QStringLiteral("startButton"));
    startButton_->setText(mode == Mode::Pull ? tr("&Pull") : tr("&Push"));
    startButton_->setDefault(true);
    cancelButton_->setObjectName(QStringLiteral("cancelButton"));
    closeButton_->setObjectName(QStringLiteral("closeButton"));
    auto* buttons = new QDialogButtonBox(this);
    buttons->addButton(startButton_, QDialogButtonBox::ActionRole);
    buttons->addButton(cancelButton_, QDialogButtonBox::RejectRole);
    buttons->addButton(closeButton_, QDialogButtonBox::AcceptRole);
    layout->addWidget(buttons);
    connect(startButton_, &QPushButton::clicked, this, &ImageProgressDialog::start);
    connect(cancelButton_, &QPushButton::clicked, this, &ImageProgressDialog::cancel);
    connect(closeButton_, &QPushButton::clicked, this, &QDialog::close);
    // Escape, Close or the window's close button: a hidden dialog pulls for nobody.
    connect(this, &QDialog::rejected, this, &ImageProgressDialog::cancel);
    connect(model_, &LayerProgressModel::summaryChanged, this, &ImageProgressDialog::updateSummary);

    setRunning(false);
    validate();
}

QString ImageProgressDialog::reference() const {
    return reference_ ? reference_->text().trimmed() : pushReference_;
}

QString ImageProgressDialog::errorText() const {
    return notice_->isHidden() ? QString() : notice_->text();
}

int ImageProgressDialog::overallPercent() const {
    return overall_->value();
}

void ImageProgressDialog::validate() {
    if (!reference_) return;
    const QString problem = reference_->text().isEmpty() ? QString() : referenceProblem(reference_->text());
    problem_->setText(problem);
    problem_->setVisible(!problem.isEmpty());
    startButton_->setEnabled(!isRunning() && referenceProblem(reference_->text()).isEmpty());
}

void ImageProgressDialog::start() {
    if (isRunning()) return;
    const QString target = reference();
    if (const QString problem = referenceProblem(target); !problem.isEmpty()) {
        if (problem_) {
            problem_->setText(problem);
            problem_->show();
        }
        return;
    }
    model_->clear();
    notice_->hide();
    overall_->setValue(0);
    stream_ = mode_ == Mode::Pull ? api_->pullImage(target, this) : api_->pushImage(target, this);
    connect(stream_, &ProgressStream::progress, model_, &LayerProgressModel::apply);
    connect(stream_, &ProgressStream::finished, this, &ImageProgressDialog::onFinished);
    status_->setText(mode_ == Mode::Pull ? tr("Pulling %1\u2026").arg(target) : tr("Pushing %1\u2026").arg(target));
    setRunning(true);
}

void ImageProgressDialog::cancel() {
    if (!stream_) return;
    ProgressStream* stream = std::exchange(stream_, nullptr);
    stream->cancel();
    stream->deleteLater();
    status_->setText(mode_ == Mode::Pull ? tr("Pull cancelled.") : tr("Push cancelled."));
    setRunning(false);
}

void ImageProgressDialog::onFinished(bool ok, const ApiError& error) {
    if (!stream_) return;
    std::exchange(stream_, nullptr)->deleteLater();
    setRunning(false);
    if (ok) {
        overall_->setValue(100);
        const QString done = mode_ == Mode::Pull ? tr("Pulled %1.").arg(reference()) : tr("Pushed %1.").arg(reference());
        // The engine's last word ("Status: Downloaded newer image for …") says more than ours.
        status_->setText(model_->statusLine().isEmpty() ? done : model_->statusLine());
        emit finished(true, status_->text());
        return;
    }
    status_->setText(mode_ == Mode::Pull ? tr("The pull failed.") : tr("The push failed."));
    notice_->showNotice(NoticeBar::Kind::Error, error.message);
    notice_->show();
    emit finished(false, error.message);
}

void ImageProgressDialog::updateSummary() {
    if (!isRunning()) return;
    overall_->setValue(qRound(model_->overallFraction() * 100));
    if (!model_->statusLine().isEmpty()) status_->setText(model_->statusLine());
    const int layers = model_->rowCount();
    if (layers > 0)
        overall_->setFormat(tr("%p% \u2014 %1 of %n layer(s) done", nullptr, layers).arg(model_->doneLayers()));
}

void ImageProgressDialog::setRunning(bool running) {
    startButton_->setEnabled(!running && referenceProblem(reference()).isEmpty());
    cancelButton_->setEnabled(running);
    if (reference_) reference_->setReadOnly(running);
}

} // namespace berth::ui
