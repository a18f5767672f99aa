#pragma once
// The compose file's text editor: KF6 SyntaxHighlighting's "YAML" definition in
// the theme that suits the palette (light or dark, followed when it changes),
// line numbers in a gutter, and the loader's problems underlined at their line
// and column (a wavy red line from the column to the end of the line) with the
// message as the tooltip there.

#include "ui/compose/compose_problems.h"

#include <QPlainTextEdit>
#include <QTextBlock>

namespace KSyntaxHighlighting {
class SyntaxHighlighter;
}

namespace berth::ui {

class ComposeEditor : public QPlainTextEdit {
    Q_OBJECT
public:
    explicit ComposeEditor(QWidget* parent = nullptr);

    // Problems of this file (those naming another file are the caller's to show elsewhere).
    void setProblems(const QList<ComposeProblem>& problems);
    const QList<ComposeProblem>& problems() const { return problems_; }
    // 0-based block numbers that carry an underline now; for tests.
    QList<int> underlinedLines() const;
    // Moves the cursor to a 1-based line and column and shows it.
    void goTo(int line, int column);
    // The name of the highlighting definition in use ("YAML"); empty when KF6 has none.
    QString syntaxName() const;

    // Where a line is drawn, in viewport coordinates (tests point at it).
    QRectF blockGeometry(const QTextBlock& block) const {
        return blockBoundingGeometry(block).translated(contentOffset());
    }

    int gutterWidth() const;
    void paintGutter(QPaintEvent* event);

protected:
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;
    bool viewportEvent(QEvent* event) override;

private:
    void applyTheme();
    void updateGutter(const QRect& rect, int dy);
    const ComposeProblem* problemAt(const QPoint& position) const;

    QWidget* gutter_;
    KSyntaxHighlighting::SyntaxHighlighter* highlighter_;
    QList<ComposeProblem> problems_;
};

} // namespace berth::ui
