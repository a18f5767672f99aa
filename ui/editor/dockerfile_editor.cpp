#include "ui/editor/dockerfile_editor.h"

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/SyntaxHighlighter>
#include <KSyntaxHighlighting/Theme>

#include <QAbstractItemView>
#include <QCompleter>
#include <QContextMenuEvent>
#include <QFontDatabase>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QMenu>
#include <QPainter>
#include <QScrollBar>
#include <QStringListModel>
#include <QTextBlock>
#include <QToolTip>
#include <algorithm>

namespace berth::ui {

namespace {

KSyntaxHighlighting::Repository& repository() {
    // Loading the definitions costs a few milliseconds: once for every editor.
    static KSyntaxHighlighting::Repository shared;
    return shared;
}

const QStringList& instructionNames() {
    static const QStringList names = {
        QStringLiteral("FROM"),    QStringLiteral("RUN"),        QStringLiteral("CMD"),
        QStringLiteral("LABEL"),   QStringLiteral("EXPOSE"),     QStringLiteral("ENV"),
        QStringLiteral("ADD"),     QStringLiteral("COPY"),       QStringLiteral("ENTRYPOINT"),
        QStringLiteral("VOLUME"),  QStringLiteral("USER"),       QStringLiteral("WORKDIR"),
        QStringLiteral("ARG"),     QStringLiteral("ONBUILD"),    QStringLiteral("STOPSIGNAL"),
        QStringLiteral("HEALTHCHECK"), QStringLiteral("SHELL"), QStringLiteral("MAINTAINER")};
    return names;
}

// The flags each instruction takes (BuildKit's instructions package).
QStringList flagsOf(const QString& instruction) {
    if (instruction == QLatin1String("FROM")) return {QStringLiteral("--platform=")};
    if (instruction == QLatin1String("RUN"))
        return {QStringLiteral("--mount="), QStringLiteral("--network="), QStringLiteral("--security=")};
    if (instruction == QLatin1String("COPY"))
        return {QStringLiteral("--from="), QStringLiteral("--chown="), QStringLiteral("--chmod="),
                QStringLiteral("--link"), QStringLiteral("--exclude="), QStringLiteral("--parents")};
    if (instruction == QLatin1String("ADD"))
        return {QStringLiteral("--chown="), QStringLiteral("--chmod="), QStringLiteral("--link"),
                QStringLiteral("--checksum="), QStringLiteral("--keep-git-dir="), QStringLiteral("--exclude=")};
    if (instruction == QLatin1String("HEALTHCHECK"))
        return {QStringLiteral("--interval="), QStringLiteral("--timeout="), QStringLiteral("--start-period="),
                QStringLiteral("--start-interval="), QStringLiteral("--retries=")};
    return {};
}

QStringList startingWith(const QStringList& candidates, const QString& prefix) {
    QStringList out;
    for (const QString& candidate : candidates)
        if (candidate.startsWith(prefix, Qt::CaseInsensitive) && candidate.compare(prefix, Qt::CaseInsensitive) != 0)
            out << candidate;
    return out;
}

QColor severityColor(editor::Severity severity) {
    switch (severity) {
    case editor::Severity::Error: return QColor(0xe0, 0x1b, 0x24);
    case editor::Severity::Warning: return QColor(0xe5, 0xa5, 0x0a);
    case editor::Severity::Info: return QColor(0x35, 0x84, 0xe4);
    }
    return Qt::red;
}

class Gutter : public QWidget {
public:
    explicit Gutter(DockerfileEditor* editor) : QWidget(editor), editor_(editor) {}
    QSize sizeHint() const override { return {editor_->gutterWidth(), 0}; }

protected:
    void paintEvent(QPaintEvent* event) override { editor_->paintGutter(event); }
    void mousePressEvent(QMouseEvent* event) override { editor_->gutterClicked(qRound(event->position().y())); }

private:
    DockerfileEditor* editor_;
};

} // namespace

DockerfileEditor::DockerfileEditor(QWidget* parent)
    : QPlainTextEdit(parent)
    , highlighter_(new KSyntaxHighlighting::SyntaxHighlighter(document()))
    , gutter_(new Gutter(this))
    , completer_(new QCompleter(this))
    , completionModel_(new QStringListModel(this)) {
    setObjectName(QStringLiteral("dockerfileEditor"));
    setAccessibleName(tr("Dockerfile text"));
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setLineWrapMode(QPlainTextEdit::NoWrap);
    highlighter_->setDefinition(repository().definitionForName(QStringLiteral("Dockerfile")));
    applyTheme();

    completer_->setModel(completionModel_);
    completer_->setWidget(this);
    completer_->setCompletionMode(QCompleter::UnfilteredPopupCompletion);
    completer_->popup()->setAccessibleName(tr("Completions"));
    connect(completer_, qOverload<const QString&>(&QCompleter::activated), this, &DockerfileEditor::insertCompletion);

    connect(this, &QPlainTextEdit::blockCountChanged, this, [this] { setViewportMargins(gutterWidth(), 0, 0, 0); });
    connect(this, &QPlainTextEdit::updateRequest, this, &DockerfileEditor::updateGutter);
    connect(this, &QPlainTextEdit::cursorPositionChanged, this, &DockerfileEditor::refreshSelections);
    connect(document(), &QTextDocument::contentsChange, this, [this](int, int removed, int added) {
        if ((removed || added) && markedLine_) clearMark();
        if ((removed || added) && !folded_.empty()) unfoldAll();
    });
    setViewportMargins(gutterWidth(), 0, 0, 0);
    refreshSelections();
}

QString DockerfileEditor::themeName() const {
    return highlighter_->theme().name();
}

void DockerfileEditor::applyTheme() {
    applyingTheme_ = true;
    const bool dark = palette().color(QPalette::Base).lightness() < 128;
    highlighter_->setTheme(repository().defaultTheme(dark ? KSyntaxHighlighting::Repository::DarkTheme
                                                           : KSyntaxHighlighting::Repository::LightTheme));
    highlighter_->rehighlight();
    applyingTheme_ = false;
}

void DockerfileEditor::changeEvent(QEvent* event) {
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && !applyingTheme_) {
        applyTheme();
        refreshSelections();
    }
}

int DockerfileEditor::gutterWidth() const {
    int digits = QString::number(std::max(1, blockCount())).size();
    return 24 + fontMetrics().horizontalAdvance(QLatin1Char('9')) * std::max(digits, 2);
}

void DockerfileEditor::updateGutter(const QRect& rect, int dy) {
    if (dy) gutter_->scroll(0, dy);
    else gutter_->update(0, rect.y(), gutter_->width(), rect.height());
}

void DockerfileEditor::resizeEvent(QResizeEvent* event) {
    QPlainTextEdit::resizeEvent(event);
    QRect area = contentsRect();
    gutter_->setGeometry(QRect(area.left(), area.top(), gutterWidth(), area.height()));
}

void DockerfileEditor::paintGutter(QPaintEvent* event) {
    QPainter painter(gutter_);
    painter.fillRect(event->rect(), palette().color(QPalette::AlternateBase));
    const int current = textCursor().blockNumber();
    QTextBlock block = firstVisibleBlock();
    int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
    int bottom = top + qRound(blockBoundingRect(block).height());
    while (block.isValid() && top <= event->rect().bottom()) {
        if (block.isVisible() && bottom >= event->rect().top()) {
            const int line = block.blockNumber() + 1;
            auto finding = std::find_if(findings_.begin(), findings_.end(),
                                        [line](const editor::Finding& f) { return f.line == line; });
            if (finding != findings_.end()) {
                painter.setPen(Qt::NoPen);
                painter.setBrush(severityColor(finding->severity));
                painter.drawEllipse(QPoint(5, top + fontMetrics().height() / 2), 3, 3);
            }
            if (std::find(stageLines_.begin(), stageLines_.end(), line) != stageLines_.end()) {
                painter.setPen(palette().color(QPalette::Text));
                painter.drawText(10, top, 12, fontMetrics().height(), Qt::AlignCenter,
                                 isFolded(line) ? QStringLiteral("▸") : QStringLiteral("▾"));
            }
            QColor color = palette().color(QPalette::PlaceholderText);
            if (block.blockNumber() == current) color = palette().color(QPalette::Text);
            painter.setPen(color);
            painter.drawText(0, top, gutter_->width() - 4, fontMetrics().height(), Qt::AlignRight,
                             QString::number(line));
        }
        block = block.next();
        top = bottom;
        bottom = top + qRound(blockBoundingRect(block).height());
    }
}

void DockerfileEditor::setStageLines(const std::vector<int>& lines) {
    stageLines_ = lines;
    gutter_->update();
}

bool DockerfileEditor::isFolded(int fromLine) const {
    return std::find(folded_.begin(), folded_.end(), fromLine) != folded_.end();
}

void DockerfileEditor::toggleFold(int fromLine) {
    auto stage = std::find(stageLines_.begin(), stageLines_.end(), fromLine);
    if (stage == stageLines_.end()) return;
    const int last = std::next(stage) == stageLines_.end() ? blockCount() : *std::next(stage) - 1;
    const bool fold = !isFolded(fromLine);
    if (fold) folded_.push_back(fromLine);
    else folded_.erase(std::find(folded_.begin(), folded_.end(), fromLine));
    QTextBlock first = document()->findBlockByNumber(fromLine); // the line after FROM
    for (QTextBlock block = first; block.isValid() && block.blockNumber() < last; block = block.next())
        block.setVisible(!fold);
    if (fold && textCursor().blockNumber() >= fromLine && textCursor().blockNumber() < last) goTo(fromLine);
    document()->markContentsDirty(first.position(), document()->characterCount() - first.position());
    viewport()->update();
    gutter_->update();
}

void DockerfileEditor::unfoldAll() {
    folded_.clear();
    for (QTextBlock block = document()->begin(); block.isValid(); block = block.next())
        if (!block.isVisible()) block.setVisible(true);
    document()->markContentsDirty(0, document()->characterCount());
    viewport()->update();
}

void DockerfileEditor::gutterClicked(int y) {
    QTextBlock block = firstVisibleBlock();
    int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
    while (block.isValid()) {
        const int bottom = top + qRound(blockBoundingRect(block).height());
        if (block.isVisible() && y >= top && y < bottom) {
            toggleFold(block.blockNumber() + 1);
            return;
        }
        block = block.next();
        top = bottom;
    }
}

int DockerfileEditor::positionOf(int line, int column) const {
    if (line > document()->blockCount()) return document()->characterCount() - 1;
    QTextBlock block = document()->findBlockByNumber(std::max(line, 1) - 1);
    const QByteArray utf8 = block.text().toUtf8();
    const int characters = static_cast<int>(QString::fromUtf8(utf8.left(std::max(column, 1) - 1)).size());
    return block.position() + std::min(characters, block.length() - 1);
}

void DockerfileEditor::setFindings(std::vector<editor::Finding> findings) {
    findings_ = std::move(findings);
    refreshSelections();
    gutter_->update();
}

std::vector<const editor::Finding*> DockerfileEditor::findingsAt(int position) const {
    std::vector<const editor::Finding*> out;
    for (const auto& finding : findings_) {
        int from = positionOf(finding.line, finding.column);
        int to = std::max(positionOf(finding.end_line, finding.end_column), from + 1);
        if (position >= from && position <= to) out.push_back(&finding);
    }
    return out;
}

void DockerfileEditor::refreshSelections() {
    QList<QTextEdit::ExtraSelection> selections;
    QTextEdit::ExtraSelection current;
    QColor lineColor = palette().color(QPalette::Highlight);
    lineColor.setAlpha(28);
    current.format.setBackground(lineColor);
    current.format.setProperty(QTextFormat::FullWidthSelection, true);
    current.cursor = textCursor();
    current.cursor.clearSelection();
    selections << current;
    if (markedLine_ > 0) {
        QTextEdit::ExtraSelection mark;
        QColor failed = severityColor(editor::Severity::Error);
        failed.setAlpha(60);
        mark.format.setBackground(failed);
        mark.format.setProperty(QTextFormat::FullWidthSelection, true);
        mark.cursor = QTextCursor(document()->findBlockByNumber(markedLine_ - 1));
        selections << mark;
    }
    for (const auto& finding : findings_) {
        QTextEdit::ExtraSelection underline;
        underline.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        underline.format.setUnderlineColor(severityColor(finding.severity));
        underline.format.setToolTip(QString::fromStdString(finding.message));
        underline.cursor = QTextCursor(document());
        int from = positionOf(finding.line, finding.column);
        int to = positionOf(finding.end_line, finding.end_column);
        underline.cursor.setPosition(from);
        underline.cursor.setPosition(std::max(to, from), QTextCursor::KeepAnchor);
        selections << underline;
    }
    setExtraSelections(selections);
}

bool DockerfileEditor::viewportEvent(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const auto found = findingsAt(cursorForPosition(help->pos()).position());
        if (found.empty()) {
            QToolTip::hideText();
        } else {
            QStringList lines;
            for (const auto* finding : found)
                lines << QStringLiteral("%1 (%2)").arg(QString::fromStdString(finding->message),
                                                       QString::fromStdString(finding->rule));
            QToolTip::showText(help->globalPos(), lines.join(QLatin1Char('\n')), viewport());
        }
        return true;
    }
    return QPlainTextEdit::viewportEvent(event);
}

void DockerfileEditor::applyFix(const editor::QuickFix& fix) {
    std::vector<editor::TextEdit> edits = fix.edits;
    std::sort(edits.begin(), edits.end(), [](const editor::TextEdit& a, const editor::TextEdit& b) {
        return std::pair(a.line, a.column) > std::pair(b.line, b.column);
    });
    QTextCursor cursor(document());
    cursor.beginEditBlock();
    for (const auto& edit : edits) {
        int from = positionOf(edit.line, edit.column);
        int to = std::max(from, positionOf(edit.end_line, edit.end_column));
        // Deleting through the last line's end: take the newline before it too.
        if (edit.text.empty() && edit.end_line > document()->blockCount() && from > 0 && edit.column == 1) --from;
        cursor.setPosition(from);
        cursor.setPosition(to, QTextCursor::KeepAnchor);
        cursor.insertText(QString::fromStdString(edit.text));
    }
    cursor.endEditBlock();
}

void DockerfileEditor::goTo(int line, int column) {
    QTextCursor cursor = textCursor();
    cursor.setPosition(positionOf(line, column));
    setTextCursor(cursor);
    centerCursor();
    setFocus();
}

void DockerfileEditor::markLine(int line) {
    markedLine_ = line;
    refreshSelections();
}

void DockerfileEditor::clearMark() {
    markedLine_ = 0;
    refreshSelections();
}

void DockerfileEditor::contextMenuEvent(QContextMenuEvent* event) {
    QMenu* menu = createStandardContextMenu(event->pos());
    const int line = cursorForPosition(event->pos()).blockNumber() + 1;
    QList<QAction*> fixes;
    for (const auto& finding : findings_) {
        if (finding.line != line || !finding.fix) continue;
        auto* action = new QAction(tr("Fix: %1").arg(QString::fromStdString(finding.fix->title)), menu);
        editor::QuickFix fix = *finding.fix;
        connect(action, &QAction::triggered, this, [this, fix] { applyFix(fix); });
        fixes << action;
    }
    if (!fixes.isEmpty()) {
        QAction* first = menu->actions().value(0);
        menu->insertActions(first, fixes);
        menu->insertSeparator(first);
    }
    menu->exec(event->globalPos());
    delete menu;
}

QString DockerfileEditor::wordBeforeCursor() const {
    QTextCursor cursor = textCursor();
    const QString before = cursor.block().text().left(cursor.positionInBlock());
    int start = static_cast<int>(before.size());
    while (start > 0 && !before.at(start - 1).isSpace()) --start;
    return before.mid(start);
}

QStringList DockerfileEditor::completionsAtCursor() const {
    QTextCursor cursor = textCursor();
    const QString before = cursor.block().text().left(cursor.positionInBlock());
    const QString word = wordBeforeCursor();
    const QString leading = before.left(before.size() - word.size());
    const QTextBlock previous = cursor.block().previous();
    const bool continuation = previous.isValid() && previous.text().trimmed().endsWith(QLatin1Char('\\'));
    if (leading.trimmed().isEmpty()) {
        if (continuation || word.isEmpty() || !word.at(0).isLetter()) return {};
        return startingWith(instructionNames(), word);
    }
    const QStringList words = leading.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    const QString keyword = words.value(0).toUpper();
    if (word.startsWith(QLatin1String("--"))) return startingWith(flagsOf(keyword), word);
    if (keyword == QLatin1String("FROM") && !word.isEmpty()) {
        const bool firstArgument = std::none_of(words.begin() + 1, words.end(),
                                                [](const QString& w) { return !w.startsWith(QLatin1String("--")); });
        if (firstArgument) return startingWith(imageNames_, word);
    }
    return {};
}

void DockerfileEditor::showCompletion() {
    const QStringList candidates = completionsAtCursor();
    if (candidates.isEmpty()) {
        completer_->popup()->hide();
        return;
    }
    completionModel_->setStringList(candidates);
    completer_->setCompletionPrefix(QString());
    QRect rect = cursorRect();
    rect.setWidth(completer_->popup()->sizeHintForColumn(0) + completer_->popup()->verticalScrollBar()->sizeHint().width());
    completer_->complete(rect);
    completer_->popup()->setCurrentIndex(completer_->completionModel()->index(0, 0));
}

void DockerfileEditor::insertCompletion(const QString& completion) {
    QTextCursor cursor = textCursor();
    const int length = static_cast<int>(wordBeforeCursor().size());
    cursor.movePosition(QTextCursor::Left, QTextCursor::KeepAnchor, length);
    const bool instruction = instructionNames().contains(completion);
    cursor.insertText(completion + (instruction ? QStringLiteral(" ") : QString()));
    setTextCursor(cursor);
}

void DockerfileEditor::keyPressEvent(QKeyEvent* event) {
    if (completer_->popup()->isVisible()) {
        switch (event->key()) {
        case Qt::Key_Enter:
        case Qt::Key_Return:
        case Qt::Key_Tab:
        case Qt::Key_Escape:
        case Qt::Key_Backtab: event->ignore(); return; // the completer takes them
        default: break;
        }
    }
    const bool explicitRequest = event->key() == Qt::Key_Space && (event->modifiers() & Qt::ControlModifier);
    if (!explicitRequest) QPlainTextEdit::keyPressEvent(event);
    const QString typed = event->text();
    const bool typing = !typed.isEmpty() && typed.at(0).isPrint() && !typed.at(0).isSpace();
    if (explicitRequest || (typing && !(event->modifiers() & Qt::ControlModifier))) showCompletion();
    else if (completer_->popup()->isVisible() && event->key() != Qt::Key_Backspace) completer_->popup()->hide();
}

} // namespace berth::ui
