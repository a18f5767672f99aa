#include "ui/compose/compose_editor.h"

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/SyntaxHighlighter>
#include <KSyntaxHighlighting/Theme>

#include <QFontDatabase>
#include <QHelpEvent>
#include <QPainter>
#include <QSet>
#include <QTextBlock>
#include <QToolTip>

namespace berth::ui {

namespace {
// One repository for the app: it reads every definition file once.
KSyntaxHighlighting::Repository& repository() {
    static KSyntaxHighlighting::Repository instance;
    return instance;
}

class Gutter : public QWidget {
public:
    explicit Gutter(ComposeEditor* editor) : QWidget(editor), editor_(editor) {}
    QSize sizeHint() const override { return {editor_->gutterWidth(), 0}; }

protected:
    void paintEvent(QPaintEvent* event) override { editor_->paintGutter(event); }

private:
    ComposeEditor* editor_;
};
} // namespace

ComposeEditor::ComposeEditor(QWidget* parent)
    : QPlainTextEdit(parent)
    , gutter_(new Gutter(this))
    , highlighter_(new KSyntaxHighlighting::SyntaxHighlighter(document())) {
    setObjectName(QStringLiteral("composeEditor"));
    setAccessibleName(tr("Compose file"));
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setTabChangesFocus(false);
    highlighter_->setDefinition(repository().definitionForName(QStringLiteral("YAML")));
    applyTheme();
    connect(this, &QPlainTextEdit::blockCountChanged, this, [this] { setViewportMargins(gutterWidth(), 0, 0, 0); });
    connect(this, &QPlainTextEdit::updateRequest, this, &ComposeEditor::updateGutter);
    setViewportMargins(gutterWidth(), 0, 0, 0);
}

QString ComposeEditor::syntaxName() const { return highlighter_->definition().name(); }

void ComposeEditor::applyTheme() {
    const KSyntaxHighlighting::Theme theme = repository().themeForPalette(palette());
    highlighter_->setTheme(theme);
    highlighter_->rehighlight();
}

void ComposeEditor::changeEvent(QEvent* event) {
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) applyTheme();
}

int ComposeEditor::gutterWidth() const {
    const int digits = QString::number(std::max(1, blockCount())).size();
    return 12 + fontMetrics().horizontalAdvance(QLatin1Char('9')) * std::max(2, digits);
}

void ComposeEditor::updateGutter(const QRect& rect, int dy) {
    if (dy != 0)
        gutter_->scroll(0, dy);
    else
        gutter_->update(0, rect.y(), gutter_->width(), rect.height());
}

void ComposeEditor::resizeEvent(QResizeEvent* event) {
    QPlainTextEdit::resizeEvent(event);
    const QRect area = contentsRect();
    gutter_->setGeometry(area.left(), area.top(), gutterWidth(), area.height());
}

void ComposeEditor::paintGutter(QPaintEvent* event) {
    QPainter painter(gutter_);
    painter.fillRect(event->rect(), palette().color(QPalette::AlternateBase));
    QSet<int> bad;
    for (const ComposeProblem& p : problems_)
        if (p.line > 0) bad.insert(p.line - 1);
    QTextBlock block = firstVisibleBlock();
    int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
    while (block.isValid() && top <= event->rect().bottom()) {
        const int height = qRound(blockBoundingRect(block).height());
        if (block.isVisible() && top + height >= event->rect().top()) {
            const bool isBad = bad.contains(block.blockNumber());
            painter.setPen(isBad ? QColor(0xd6, 0x45, 0x45) : palette().color(QPalette::PlaceholderText));
            painter.drawText(0, top, gutter_->width() - 6, height, Qt::AlignRight | Qt::AlignVCenter,
                             QString::number(block.blockNumber() + 1));
        }
        block = block.next();
        top += height;
    }
}

void ComposeEditor::setProblems(const QList<ComposeProblem>& problems) {
    problems_ = problems;
    QList<QTextEdit::ExtraSelection> selections;
    for (const ComposeProblem& problem : problems_) {
        if (problem.line <= 0) continue;
        const QTextBlock block = document()->findBlockByNumber(problem.line - 1);
        if (!block.isValid()) continue;
        QTextEdit::ExtraSelection selection;
        selection.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        selection.format.setUnderlineColor(QColor(0xd6, 0x45, 0x45));
        selection.format.setToolTip(problem.message);
        QTextCursor cursor(block);
        const int column = std::clamp(problem.column - 1, 0, std::max(0, block.length() - 1));
        // From the column to the end of the line; a problem at the end underlines the whole line.
        cursor.setPosition(block.position() + (column >= block.length() - 1 ? 0 : column));
        cursor.setPosition(block.position() + std::max(0, block.length() - 1), QTextCursor::KeepAnchor);
        if (!cursor.hasSelection()) { // an empty line: mark the line's break so something shows
            cursor.setPosition(block.position());
            cursor.movePosition(QTextCursor::NextCharacter, QTextCursor::KeepAnchor);
        }
        selection.cursor = cursor;
        selections << selection;
    }
    setExtraSelections(selections);
    gutter_->update();
}

QList<int> ComposeEditor::underlinedLines() const {
    QList<int> lines;
    for (const QTextEdit::ExtraSelection& selection : extraSelections())
        lines << document()->findBlock(selection.cursor.selectionStart()).blockNumber();
    return lines;
}

void ComposeEditor::goTo(int line, int column) {
    const QTextBlock block = document()->findBlockByNumber(std::max(0, line - 1));
    if (!block.isValid()) return;
    QTextCursor cursor(block);
    cursor.setPosition(block.position() + std::clamp(column - 1, 0, std::max(0, block.length() - 1)));
    setTextCursor(cursor);
    centerCursor();
    setFocus();
}

const ComposeProblem* ComposeEditor::problemAt(const QPoint& position) const {
    const int line = cursorForPosition(position).blockNumber() + 1;
    for (const ComposeProblem& problem : problems_)
        if (problem.line == line) return &problem;
    return nullptr;
}

bool ComposeEditor::viewportEvent(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        if (const ComposeProblem* problem = problemAt(help->pos()))
            QToolTip::showText(help->globalPos(), problem->message, this);
        else
            QToolTip::hideText();
        return true;
    }
    return QPlainTextEdit::viewportEvent(event);
}

} // namespace berth::ui
