#pragma once
// The Logs tab: one container's output (or several containers' interleaved by
// timestamp, the merged view) in a virtualized list over LogModel, with search
// (Ctrl+F, F3/Shift+F3), a regex filter, follow (pauses when the user scrolls
// up, resumes at the bottom), timestamps, wrap, since/until, copy and save.

#include "ui/details/log_source.h"

#include <QStringList>
#include <QWidget>

#include <memory>
#include <vector>

class QCheckBox;
class QLabel;
class QLineEdit;
class QListView;
class QTimer;

namespace berth::ui {

class LogLineDelegate;
class LogModel;
class LogSource;

class LogsTab : public QWidget {
    Q_OBJECT
public:
    LogsTab(EngineApi* api, const QString& containerId, QWidget* parent = nullptr);
    // The merged view: `names` label each container's lines (same order as `containerIds`).
    LogsTab(EngineApi* api, const QStringList& containerIds, const QStringList& names, QWidget* parent = nullptr);
    // Any sources (tests give fakes); the tab owns them.
    LogsTab(std::vector<std::unique_ptr<LogSource>> sources, const QStringList& names, QWidget* parent = nullptr);
    ~LogsTab() override;

    LogModel* model() const { return model_; }
    QListView* view() const { return view_; }
    bool isFollowing() const;
    void setFollowing(bool follow);
    // Selects the next/previous row matching the search box; false when none does.
    bool findNext();
    bool findPrevious();
    void setSearchText(const QString& text);
    void setFilterText(const QString& pattern);
    void setQuery(const LogQuery& query);
    void copySelection() const;
    bool saveTo(const QString& path) const;

private:
    void buildUi();
    void restart();
    void takeLines();
    bool find(bool forward);
    void applyFilter();
    void saveInteractively();
    void onScrolled(int value);
    void onRangeChanged();

    std::vector<std::unique_ptr<LogSource>> sources_;
    QStringList names_;
    LogQuery query_;
    LogModel* model_ = nullptr;
    LogLineDelegate* delegate_ = nullptr;
    QListView* view_ = nullptr;
    QLineEdit* search_ = nullptr;
    QLineEdit* filter_ = nullptr;
    QLineEdit* since_ = nullptr;
    QLineEdit* until_ = nullptr;
    QCheckBox* follow_ = nullptr;
    QCheckBox* timestamps_ = nullptr;
    QCheckBox* wrap_ = nullptr;
    QLabel* status_ = nullptr;
    QTimer* filterDelay_ = nullptr;
    bool scrollingProgrammatically_ = false;
};

} // namespace berth::ui
