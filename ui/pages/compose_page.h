#pragma once
// The Compose page (issue 13 §4): the projects — found from container labels
// (also those docker compose started) and compose files the user opened (recent
// ones kept in QSettings compose/recentFiles) — and the selected one's graph
// (ComposeGraphView), live from the containers model. Up / Down (optionally
// removing volumes) / Restart run `berth compose` as a process of the app's own
// executable, its lines shown as they come, its failure verbatim in the notice.
// A project known only from labels has no file: Start/Stop/Restart/Down go
// through the Engine API on its containers (and Down removes its labelled networks).
// Beside the Graph tab: Editor (ComposeEditorTab: the file, its problems, Save
// reloads the graph) and Logs (ComposeLogsTab: the project's logs merged; a click
// on a node narrows them to its service). Up first shows its preview
// (UpPreviewDialog, converge's plan), then each service's step while it runs
// (a list beside the output, and on the nodes). Pull and Build run those verbs.

#include "ui/compose/compose_loader.h"
#include "ui/compose/up_progress.h"
#include "ui/pages/page.h"

#include <QMap>
#include <QSet>

class QCheckBox;
class QPlainTextEdit;
class QStackedWidget;
class QTabWidget;
class QTimer;
class QTreeWidget;
class QAction;

namespace berth::ui {

class ActionRunner;
class ComposeEditorTab;
class ComposeGraphView;
class ComposeLogsTab;
class EngineState;
class NoticeBar;

class ComposePage : public Page {
    Q_OBJECT
public:
    ComposePage(const PageContext& context, const QIcon& icon, QWidget* parent = nullptr);

    QString pageId() const override { return QStringLiteral("compose"); }
    QString title() const override { return tr("Compose"); }
    QIcon icon() const override { return icon_; }
    // The Editor tab's file while it holds unsaved text.
    QStringList unsavedChanges() const override;
    bool saveChanges() override;

    // Loads a compose file (or a folder's default files) off the UI thread and lists its project.
    // `quiet`: a file named by a project's labels (no notice, not a recent file).
    void openSource(const ComposeSource& source, bool quiet = false);
    // The project names listed, in order.
    QStringList projectNames() const;
    // A listed project's state column ("running 2/3, …", "not created").
    QString projectState(const QString& project) const;
    void selectProject(const QString& project);
    QString selectedProject() const;
    ComposeGraphView* graphView() const { return graph_; }
    ComposeEditorTab* editorTab() const { return editor_; }
    QTabWidget* tabs() const { return tabs_; }
    ComposeLogsTab* logsTab() const { return logs_; }
    // The per-service steps of the last Up (service → its step text); for tests.
    QTreeWidget* upProgressList() const { return upProgressList_; }
    NoticeBar* notice() const { return notice_; }
    // The program Up/Down/Restart run (the app itself by default; tests change it).
    void setComposeProgram(const QString& program) { program_ = program; }
    // `berth compose` verbs on the selected project ("up", "-d" …); the API for label-only projects.
    void runOnSelected(const QString& verb);
    // Up's question: what it will do per service (converge's plan), then Up or Cancel.
    void requestUp();

signals:
    void detailsRequested(const QStringList& containerIds, const QString& tab);
    // A loaded file was listed (or its error shown); for tests.
    void sourceLoaded(const QString& project, const QString& error);

private:
    void refresh();
    void refreshGraph();
    void openFileDialog();
    QWidget* makeGraphHint(QAction* openFile, QAction* openFolder);
    void openFolderDialog();
    void rememberRecent(const QString& path);
    void runCommand(const QString& project, const QStringList& files, const QStringList& verb);
    void runThroughApi(const QString& project, const QString& verb);
    void updateActions();
    void showSelectedInEditor();
    void beginUpProgress(const QString& project);
    void followUpProgress(const QString& line);
    void endUpProgress(bool ok);
    void onSaved(const LoadedCompose& loaded);

    EngineState* state_;
    QIcon icon_;
    QString program_;
    QMap<QString, LoadedCompose> opened_; // by project name
    QSet<QString> labelFilesTried_;       // projects whose labelled config files were loaded (or failed)
    QTreeWidget* projects_;
    ComposeGraphView* graph_;
    QStackedWidget* graphStack_; // the hint below until a project is selected, then the graph
    QWidget* graphHint_;
    ComposeEditorTab* editor_;
    ComposeLogsTab* logs_;
    QTabWidget* tabs_;
    NoticeBar* notice_;
    ActionRunner* runner_;
    QPlainTextEdit* progress_;
    QTreeWidget* upProgressList_;
    QString upProject_;               // the project an Up runs on now; empty when none
    QMap<QString, UpStage> upStages_; // its services' steps so far
    QCheckBox* removeVolumes_;
    QTimer* refreshTimer_;
    QList<QAction*> projectActions_;
    QList<QAction*> fileActions_; // Up, Pull, Build: they need the project's file
};

} // namespace berth::ui
