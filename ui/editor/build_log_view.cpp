#include "ui/editor/build_log_view.h"

#include <QHeaderView>
#include <QRegularExpression>

namespace berth::ui {

BuildLogView::BuildLogView(QWidget* parent) : QTreeWidget(parent) {
    setObjectName(QStringLiteral("buildLog"));
    setAccessibleName(tr("Build steps"));
    setColumnCount(ColumnCount);
    setHeaderLabels({tr("Step", "build log column"), tr("Instruction", "build log column"),
                     tr("State", "build log column"), tr("Time", "build log column"),
                     tr("Cache", "build log column")});
    setRootIsDecorated(true);
    setUniformRowHeights(true);
    header()->setStretchLastSection(false);
    header()->setSectionResizeMode(InstructionColumn, QHeaderView::Stretch);
    for (int column : {StepColumn, StateColumn, TimeColumn, CacheColumn})
        header()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
}

void BuildLogView::clearLog() {
    clear();
    steps_.clear();
    stepItems_.clear();
    pending_.clear();
    failedStep_ = -1;
}

QString BuildLogView::stateText(StepState state) const {
    switch (state) {
    case StepState::Running: return tr("Running", "build step state");
    case StepState::Done: return tr("Done", "build step state");
    case StepState::Cached: return tr("Cached", "build step state");
    case StepState::Failed: return tr("Failed", "build step state");
    }
    return {};
}

void BuildLogView::appendOutput(const QString& text) {
    pending_ += text;
    qsizetype newline;
    while ((newline = pending_.indexOf(QLatin1Char('\n'))) >= 0) {
        appendLine(pending_.left(newline));
        pending_.remove(0, newline + 1);
    }
}

QTreeWidgetItem* BuildLogView::addDetail(const QString& text) {
    QTreeWidgetItem* parent = stepItems_.empty() ? nullptr : stepItems_.back();
    auto* item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(this);
    item->setText(InstructionColumn, text);
    item->setToolTip(InstructionColumn, text);
    return item;
}

void BuildLogView::appendLine(const QString& raw) {
    QString line = raw;
    line.remove(QLatin1Char('\r'));
    static const QRegularExpression stepLine(QStringLiteral("^Step (\\d+)/(\\d+) : (.*)$"));
    const auto match = stepLine.match(line);
    if (match.hasMatch()) {
        if (!steps_.empty() && steps_.back().state == StepState::Running) closeStep(StepState::Done);
        Step step;
        step.number = match.captured(1).toInt();
        step.total = match.captured(2).toInt();
        step.instruction = match.captured(3);
        steps_.push_back(step);
        auto* item = new QTreeWidgetItem(this);
        stepItems_.push_back(item);
        item->setText(StepColumn, QStringLiteral("%1/%2").arg(step.number).arg(step.total));
        item->setText(InstructionColumn, step.instruction);
        item->setToolTip(InstructionColumn, step.instruction);
        stepTimer_.start();
        updateRow(static_cast<int>(steps_.size()) - 1);
        scrollToItem(item);
        return;
    }
    if (line.trimmed().isEmpty()) return;
    if (!steps_.empty() && line.trimmed() == QLatin1String("---> Using cache")) {
        steps_.back().cacheHit = true;
        updateRow(static_cast<int>(steps_.size()) - 1);
    }
    // " ---> 3f2a…": the step's image, so the step is over.
    static const QRegularExpression stepImage(QStringLiteral("^ ---> [0-9a-f]{12,}$"));
    addDetail(line);
    if (!steps_.empty() && steps_.back().state == StepState::Running && stepImage.match(line).hasMatch())
        closeStep(steps_.back().cacheHit ? StepState::Cached : StepState::Done);
}

void BuildLogView::closeStep(StepState state) {
    if (steps_.empty()) return;
    Step& step = steps_.back();
    step.state = state;
    step.milliseconds = stepTimer_.isValid() ? stepTimer_.elapsed() : 0;
    updateRow(static_cast<int>(steps_.size()) - 1);
}

void BuildLogView::updateRow(int index) {
    if (index < 0 || index >= static_cast<int>(stepItems_.size())) return;
    QTreeWidgetItem* item = stepItems_[static_cast<size_t>(index)];
    const Step& step = steps_[static_cast<size_t>(index)];
    item->setText(StateColumn, stateText(step.state));
    item->setText(TimeColumn, step.state == StepState::Running
                                  ? QString()
                                  : tr("%1 s", "build step time").arg(double(step.milliseconds) / 1000.0, 0, 'f', 1));
    item->setText(CacheColumn, step.cacheHit ? tr("Using cache") : QString());
    const bool failed = step.state == StepState::Failed;
    QFont font = item->font(StepColumn);
    font.setBold(failed);
    for (int column = 0; column < ColumnCount; ++column) {
        item->setFont(column, font);
        item->setForeground(column, failed ? QBrush(QColor(0xe0, 0x1b, 0x24)) : QBrush());
    }
}

void BuildLogView::finishBuild(bool ok, const QString& error) {
    if (!pending_.isEmpty()) {
        appendLine(pending_);
        pending_.clear();
    }
    if (!steps_.empty() && steps_.back().state == StepState::Running)
        closeStep(ok ? (steps_.back().cacheHit ? StepState::Cached : StepState::Done) : StepState::Failed);
    if (!ok) {
        if (!steps_.empty() && steps_.back().state == StepState::Failed) {
            failedStep_ = static_cast<int>(steps_.size()) - 1;
            QTreeWidgetItem* item = stepItems_[static_cast<size_t>(failedStep_)];
            item->setExpanded(true);
            setCurrentItem(item);
            scrollToItem(item);
        }
        QTreeWidgetItem* message = addDetail(error);
        message->setForeground(InstructionColumn, QBrush(QColor(0xe0, 0x1b, 0x24)));
    }
}

} // namespace berth::ui
