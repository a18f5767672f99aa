#pragma once
// The Compose page's Editor tab: the selected project's compose file(s) in a
// ComposeEditor (a file chooser when there are several), Save (Ctrl+S), and a
// problems list. As you type, after a short pause, the whole loader runs off the
// UI thread on the unsaved text (loadComposeWithText) and its error is underlined
// and listed; on Save the whole loader runs again
// on the saved files (off the UI thread): its error is underlined and listed,
// and a project that loads is handed to the page (`reloaded`), which redraws
// the graph from it.

#include "ui/compose/compose_loader.h"
#include "ui/compose/compose_problems.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTimer;
class QTreeWidget;

namespace berth::ui {

class ComposeEditor;

class ComposeEditorTab : public QWidget {
    Q_OBJECT
public:
    explicit ComposeEditorTab(QWidget* parent = nullptr);

    // Shows `loaded`'s first config file (or nothing for a project without one).
    void setProject(const LoadedCompose& loaded);
    // No file to show: for a project found from its containers' labels (`labelOnly`), or for no project at all.
    void clearProject(bool labelOnly = false);
    QString currentFile() const { return file_; }
    // The project shown (its name when it was set); empty after clearProject().
    QString project() const { return project_; }
    bool isModified() const;
    // Writes the text to the file and reloads the project; false (and a problem listed) when it cannot be written.
    bool save();

    ComposeEditor* editor() const { return editor_; }
    QTreeWidget* problemsList() const { return problemsList_; }
    // The as-you-type check's pause; tests shorten it.
    void setCheckDelay(int milliseconds);

signals:
    // A save loaded without error.
    void reloaded(const LoadedCompose& loaded);
    // The problems shown changed (after a check or a reload); for tests.
    void problemsChanged();

private:
    void openFile(const QString& file);
    void checkNow();
    void showProblems(const QList<ComposeProblem>& problems);
    void updateState();

    LoadedCompose loaded_; // the project as last loaded: its source and config files
    QString project_;
    QString file_;
    QComboBox* files_;
    QPushButton* saveButton_;
    QLabel* status_;
    ComposeEditor* editor_;
    QTreeWidget* problemsList_;
    QTimer* checkTimer_;
    quint64 generation_ = 0; // answers of older checks are dropped
};

} // namespace berth::ui
