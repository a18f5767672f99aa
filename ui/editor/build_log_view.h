#pragma once
// The live build log: a row per step of the classic builder's stream
// ("Step 2/5 : RUN make"), its state (running, done, cached, failed), its time
// and whether the cache was hit; the step's own output (RUN's lines, " ---> …")
// as its child rows. The failing step is highlighted and stays selected.

#include <QElapsedTimer>
#include <QTreeWidget>

namespace berth::ui {

class BuildLogView : public QTreeWidget {
    Q_OBJECT
public:
    enum Column { StepColumn, InstructionColumn, StateColumn, TimeColumn, CacheColumn, ColumnCount };
    enum class StepState { Running, Done, Cached, Failed };

    struct Step {
        int number = 0;
        int total = 0;
        QString instruction; // "RUN make", as the stream names it
        StepState state = StepState::Running;
        bool cacheHit = false;
        qint64 milliseconds = 0;
    };

    explicit BuildLogView(QWidget* parent = nullptr);

    void clearLog();
    // A "stream" piece of the build; lines may be split across pieces.
    void appendOutput(const QString& text);
    // The build ended; a failure marks the running step and adds the message.
    void finishBuild(bool ok, const QString& error);

    const std::vector<Step>& steps() const { return steps_; }
    // The failed step's index in steps(), or -1.
    int failedStep() const { return failedStep_; }
    QString stateText(StepState state) const;

private:
    void appendLine(const QString& line);
    void closeStep(StepState state);
    void updateRow(int index);
    QTreeWidgetItem* addDetail(const QString& text);

    std::vector<Step> steps_;
    std::vector<QTreeWidgetItem*> stepItems_; // the row of each step
    QString pending_;
    QElapsedTimer stepTimer_;
    int failedStep_ = -1;
};

} // namespace berth::ui
