#include "ui/details/logs_tab.h"

#include "ui/details/log_line_delegate.h"
#include "ui/details/log_model.h"
#include "ui/details/log_source.h"
#include "ui/widgets/clear_button.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QFile>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QScrollBar>
#include <QTimer>
#include <QVBoxLayout>

namespace berth::ui {
namespace {

std::vector<std::unique_ptr<LogSource>> engineSources(EngineApi* api, const QStringList& ids) {
    std::vector<std::unique_ptr<LogSource>> sources;
    for (const QString& id : ids) sources.push_back(std::make_unique<EngineLogSource>(api, id));
    return sources;
}

QPushButton* makeButton(const QString& text, const QString& accessibleName, QWidget* parent) {
    auto* button = new QPushButton(text, parent);
    button->setAccessibleName(accessibleName);
    return button;
}

} // namespace

LogsTab::LogsTab(EngineApi* api, const QString& containerId, QWidget* parent)
    : LogsTab(engineSources(api, {containerId}), {containerId}, parent) {}

LogsTab::LogsTab(EngineApi* api, const QStringList& containerIds, const QStringList& names, QWidget* parent)
    : LogsTab(engineSources(api, containerIds), names, parent) {}

LogsTab::LogsTab(std::vector<std::unique_ptr<LogSource>> sources, const QStringList& names, QWidget* parent)
    : QWidget(parent), sources_(std::move(sources)), names_(names) {
    setObjectName(QStringLiteral("logsTab"));
    model_ = new LogModel(this);
    model_->setMerged(sources_.size() > 1);
    buildUi();
    for (size_t i = 0; i < sources_.size(); ++i) {
        LogSource* source = sources_[i].get();
        source->setSourceIndex(static_cast<uint16_t>(i));
        connect(source, &LogSource::linesAvailable, this, &LogsTab::takeLines);
        connect(source, &LogSource::failed, this, [this](const QString& message) {
            status_->setText(tr("Cannot read the logs: %1").arg(message));
        });
    }
    restart();
}

LogsTab::~LogsTab() {
    for (auto& source : sources_) source->stop();
}

void LogsTab::buildUi() {
    search_ = new QLineEdit(this);
    search_->setObjectName(QStringLiteral("logsSearch"));
    search_->setPlaceholderText(tr("Search (Ctrl+F)"));
    search_->setAccessibleName(tr("Search the logs"));
    enableClearButton(search_);
    auto* previous = makeButton(tr("Previous"), tr("Previous match"), this);
    auto* next = makeButton(tr("Next"), tr("Next match"), this);
    previous->setToolTip(tr("Previous match (Shift+F3)"));
    next->setToolTip(tr("Next match (F3)"));
    filter_ = new QLineEdit(this);
    filter_->setObjectName(QStringLiteral("logsFilter"));
    filter_->setPlaceholderText(tr("Filter (regular expression)"));
    filter_->setAccessibleName(tr("Show only lines matching"));
    enableClearButton(filter_);

    follow_ = new QCheckBox(tr("Follow"), this);
    follow_->setObjectName(QStringLiteral("logsFollow"));
    follow_->setAccessibleName(tr("Follow"));
    follow_->setChecked(true);
    timestamps_ = new QCheckBox(tr("Timestamps"), this);
    timestamps_->setAccessibleName(tr("Timestamps"));
    wrap_ = new QCheckBox(tr("Wrap"), this);
    wrap_->setAccessibleName(tr("Wrap lines"));
    since_ = new QLineEdit(this);
    since_->setPlaceholderText(tr("Since (e.g. 10m)"));
    since_->setAccessibleName(tr("Since"));
    until_ = new QLineEdit(this);
    until_->setPlaceholderText(tr("Until"));
    until_->setAccessibleName(tr("Until"));
    auto* copy = makeButton(tr("Copy"), tr("Copy the selected lines"), this);
    auto* save = makeButton(tr("Save…"), tr("Save the logs to a file"), this);

    view_ = new QListView(this);
    view_->setObjectName(QStringLiteral("logsView"));
    view_->setAccessibleName(tr("Log lines"));
    view_->setModel(model_);
    delegate_ = new LogLineDelegate(view_);
    delegate_->setSourceNames(sources_.size() > 1 ? names_ : QStringList());
    view_->setItemDelegate(delegate_);
    view_->setUniformItemSizes(true); // what makes a million rows cheap
    view_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    view_->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    view_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("logsStatus"));

    auto* searchRow = new QHBoxLayout;
    searchRow->addWidget(search_, 2);
    searchRow->addWidget(previous);
    searchRow->addWidget(next);
    searchRow->addWidget(filter_, 2);
    auto* optionsRow = new QHBoxLayout;
    for (QWidget* widget : std::initializer_list<QWidget*>{follow_, timestamps_, wrap_, since_, until_})
        optionsRow->addWidget(widget);
    optionsRow->addStretch();
    optionsRow->addWidget(copy);
    optionsRow->addWidget(save);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(searchRow);
    layout->addLayout(optionsRow);
    layout->addWidget(view_, 1);
    layout->addWidget(status_);

    auto shortcut = [this](const QKeySequence& keys, const QString& name, auto slot) {
        auto* action = new QAction(name, this);
        action->setShortcut(keys);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(action, &QAction::triggered, this, slot);
        addAction(action);
    };
    shortcut(QKeySequence::Find, tr("Search"), [this] { search_->setFocus(); search_->selectAll(); });
    shortcut(QKeySequence(Qt::Key_F3), tr("Next match"), [this] { findNext(); });
    shortcut(QKeySequence(Qt::SHIFT | Qt::Key_F3), tr("Previous match"), [this] { findPrevious(); });
    shortcut(QKeySequence::Copy, tr("Copy"), [this] { copySelection(); });

    connect(search_, &QLineEdit::textChanged, this, [this](const QString& text) {
        delegate_->setHighlight(text);
        view_->viewport()->update();
    });
    connect(search_, &QLineEdit::returnPressed, this, [this] { findNext(); });
    connect(next, &QPushButton::clicked, this, [this] { findNext(); });
    connect(previous, &QPushButton::clicked, this, [this] { findPrevious(); });
    // Typing a pattern refilters a million lines: wait for a pause in the typing.
    filterDelay_ = new QTimer(this);
    filterDelay_->setSingleShot(true);
    filterDelay_->setInterval(250);
    connect(filterDelay_, &QTimer::timeout, this, &LogsTab::applyFilter);
    connect(filter_, &QLineEdit::textChanged, filterDelay_, qOverload<>(&QTimer::start));
    connect(follow_, &QCheckBox::toggled, this, [this](bool on) {
        if (on) view_->scrollToBottom();
    });
    connect(timestamps_, &QCheckBox::toggled, this, [this](bool on) {
        model_->setShowTimestamps(on);
        view_->doItemsLayout(); // rows as wide as the timestamp makes them
    });
    connect(wrap_, &QCheckBox::toggled, this, [this](bool on) {
        delegate_->setWrap(on);
        // Rows of different heights; Batched lays them out a slice at a time.
        view_->setUniformItemSizes(!on);
        view_->setLayoutMode(on ? QListView::Batched : QListView::SinglePass);
        view_->setHorizontalScrollBarPolicy(on ? Qt::ScrollBarAlwaysOff : Qt::ScrollBarAsNeeded);
        view_->doItemsLayout();
    });
    auto queryEdited = [this] {
        query_.since = since_->text().trimmed();
        query_.until = until_->text().trimmed();
        query_.follow = query_.until.isEmpty(); // a log that ends cannot be followed
        restart();
    };
    connect(since_, &QLineEdit::editingFinished, this, queryEdited);
    connect(until_, &QLineEdit::editingFinished, this, queryEdited);
    connect(copy, &QPushButton::clicked, this, &LogsTab::copySelection);
    connect(save, &QPushButton::clicked, this, &LogsTab::saveInteractively);
    connect(view_->verticalScrollBar(), &QScrollBar::valueChanged, this, &LogsTab::onScrolled);
    connect(view_->verticalScrollBar(), &QScrollBar::rangeChanged, this, &LogsTab::onRangeChanged);
}

void LogsTab::restart() {
    for (auto& source : sources_) source->stop();
    for (auto& source : sources_) source->takeLines(); // what the old query left
    model_->clear();
    for (auto& source : sources_) source->start(query_);
}

void LogsTab::setQuery(const LogQuery& query) {
    query_ = query;
    since_->setText(query.since);
    until_->setText(query.until);
    restart();
}

void LogsTab::takeLines() {
    for (auto& source : sources_) {
        LogBatch batch = source->takeLines();
        if (!batch.isEmpty()) model_->append(std::move(batch));
    }
    status_->setText(model_->isFiltered() ? tr("%1 of %2 lines").arg(model_->rowCount()).arg(model_->lineCount())
                                          : tr("%1 lines").arg(model_->lineCount()));
}

bool LogsTab::isFollowing() const { return follow_->isChecked(); }

void LogsTab::setFollowing(bool follow) { follow_->setChecked(follow); }

// The user scrolling: up pauses the follow, back to the bottom resumes it.
void LogsTab::onScrolled(int value) {
    if (scrollingProgrammatically_) return;
    const QScrollBar* bar = view_->verticalScrollBar();
    follow_->setChecked(value >= bar->maximum());
}

// New rows (or a new height): keep the last line in sight while following.
void LogsTab::onRangeChanged() {
    if (!follow_->isChecked()) return;
    scrollingProgrammatically_ = true;
    view_->verticalScrollBar()->setValue(view_->verticalScrollBar()->maximum());
    scrollingProgrammatically_ = false;
}

bool LogsTab::find(bool forward) {
    const QString needle = search_->text();
    if (needle.isEmpty()) return false;
    const int from = view_->currentIndex().isValid() ? view_->currentIndex().row() : (forward ? -1 : model_->rowCount());
    const int row = model_->find(needle, from, forward);
    if (row < 0) {
        status_->setText(tr("No line contains “%1”").arg(needle));
        return false;
    }
    follow_->setChecked(false);
    const QModelIndex index = model_->index(row);
    scrollingProgrammatically_ = true;
    view_->setCurrentIndex(index);
    view_->scrollTo(index, QAbstractItemView::PositionAtCenter);
    scrollingProgrammatically_ = false;
    return true;
}

bool LogsTab::findNext() { return find(true); }

bool LogsTab::findPrevious() { return find(false); }

void LogsTab::setSearchText(const QString& text) { search_->setText(text); }

void LogsTab::setFilterText(const QString& pattern) {
    filter_->setText(pattern);
    filterDelay_->stop();
    applyFilter();
}

void LogsTab::applyFilter() {
    QRegularExpression pattern(filter_->text(), QRegularExpression::CaseInsensitiveOption);
    if (!pattern.isValid()) {
        filter_->setToolTip(tr("Not a regular expression: %1").arg(pattern.errorString()));
        return;
    }
    filter_->setToolTip(QString());
    model_->setFilter(pattern);
    takeLines(); // refreshes the count
    if (follow_->isChecked()) view_->scrollToBottom();
}

void LogsTab::copySelection() const {
    QModelIndexList rows = view_->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    QStringList lines;
    for (const QModelIndex& index : rows) lines.append(model_->rowText(index.row()));
    if (!lines.isEmpty()) QApplication::clipboard()->setText(lines.join(QLatin1Char('\n')) + QLatin1Char('\n'));
}

bool LogsTab::saveTo(const QString& path) const {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) return false;
    if (!model_->save(file)) return false;
    return file.commit();
}

void LogsTab::saveInteractively() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Save the logs"), QStringLiteral("logs.txt"));
    if (path.isEmpty()) return;
    if (!saveTo(path)) status_->setText(tr("Cannot write %1").arg(path));
}

} // namespace berth::ui
