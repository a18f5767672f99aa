#pragma once
// The Dockerfile text editor: KF6 SyntaxHighlighting's "Dockerfile" definition
// with the light or dark theme the palette asks for, line numbers, the current
// line highlighted, the findings of dockerfile_lint underlined (wave, by
// severity) with their message as the tooltip, quick fixes in the context
// menu, and completion of instructions, their flags and local image names after
// FROM. The page owns the analysis; the editor shows what it is given.

#include "ui/editor/dockerfile_lint.h"

#include <QPlainTextEdit>
#include <QStringList>
#include <vector>

class QCompleter;
class QStringListModel;

namespace KSyntaxHighlighting {
class SyntaxHighlighter;
}

namespace berth::ui {

class DockerfileEditor : public QPlainTextEdit {
    Q_OBJECT
public:
    explicit DockerfileEditor(QWidget* parent = nullptr);

    // Replaces the underlined findings (positions as dockerfile_lint gives them).
    void setFindings(std::vector<editor::Finding> findings);
    const std::vector<editor::Finding>& findings() const { return findings_; }
    // The findings whose range holds the document position `position`.
    std::vector<const editor::Finding*> findingsAt(int position) const;

    // Applies a quick fix as one undo step.
    void applyFix(const editor::QuickFix& fix);
    // Moves the cursor to (line, byte column), 1-based, and shows it.
    void goTo(int line, int column = 1);
    // Marks a line (a failed build step's) until clearMark() or the next edit.
    void markLine(int line);
    void clearMark();
    int markedLine() const { return markedLine_; }

    // The document position of (line, byte column), 1-based.
    int positionOf(int line, int column) const;
    // Image names completed after FROM.
    void setImageNames(const QStringList& names) { imageNames_ = names; }
    // What completion would offer at the cursor now (empty: nothing to complete).
    QStringList completionsAtCursor() const;
    QCompleter* completer() const { return completer_; }
    // The theme's name in use ("Breeze Light", "Breeze Dark", …).
    QString themeName() const;

    // Stage folding: the FROM lines (1-based) from the last analysis; a click
    // on a FROM line's gutter marker (or toggleFold) hides the lines up to the
    // next stage. Editing the text unfolds everything.
    void setStageLines(const std::vector<int>& lines);
    void toggleFold(int fromLine);
    bool isFolded(int fromLine) const;
    void unfoldAll();

    // For the line-number gutter.
    int gutterWidth() const;
    void paintGutter(QPaintEvent* event);
    void gutterClicked(int y);

protected:
    bool viewportEvent(QEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void applyTheme();
    void refreshSelections();
    void updateGutter(const QRect& rect, int dy);
    QString wordBeforeCursor() const;
    void showCompletion();
    void insertCompletion(const QString& completion);

    KSyntaxHighlighting::SyntaxHighlighter* highlighter_;
    QWidget* gutter_;
    QCompleter* completer_;
    QStringListModel* completionModel_;
    std::vector<editor::Finding> findings_;
    QStringList imageNames_;
    int markedLine_ = 0;
    std::vector<int> stageLines_;
    std::vector<int> folded_; // FROM lines whose stage is hidden
    bool applyingTheme_ = false;
};

} // namespace berth::ui
