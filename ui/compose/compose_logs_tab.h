#pragma once
// The Compose page's Logs tab: the whole project's logs merged by timestamp in
// the details window's LogsTab, each line prefixed with its service ("web",
// or "api-1", "api-2" for replicas) in that container's colour. A service
// chooser (also set by clicking a node of the graph) narrows it to one service.
// The streams are opened only while the tab is shown, and again when the
// project's containers or the chosen service change.

#include "ui/details/log_source.h"

#include <QWidget>

#include <functional>
#include <memory>

class QComboBox;
class QLabel;
class QVBoxLayout;

namespace berth::ui {

class LogsTab;

struct ProjectContainer {
    QString id;
    QString service;
    int number = 1;
    bool operator==(const ProjectContainer&) const = default;
};

class ComposeLogsTab : public QWidget {
    Q_OBJECT
public:
    using SourceFactory = std::function<std::unique_ptr<LogSource>(const QString& containerId)>;
    explicit ComposeLogsTab(QWidget* parent = nullptr);

    void setSourceFactory(SourceFactory factory);
    // The project's containers (any order); the view follows when shown.
    void setContainers(const QString& project, const QList<ProjectContainer>& containers);
    // One service only; empty: all of them.
    void setServiceFilter(const QString& service);
    QString serviceFilter() const { return filter_; }

    LogsTab* logs() const { return logs_; }
    // The names lines are prefixed with, one per container shown (the LogModel's SourceRole indexes them).
    const QStringList& sourceNames() const { return names_; }
    // Row `row` as the view shows it: "web | message".
    QString rowWithPrefix(int row) const;

protected:
    void showEvent(QShowEvent* event) override;

private:
    void rebuild();
    void rebuildIfShown();

    SourceFactory factory_;
    QString project_;
    QList<ProjectContainer> containers_;
    QString filter_;
    QStringList shownIds_; // what the current LogsTab reads, to skip needless rebuilds
    QStringList names_;
    QComboBox* services_;
    QLabel* empty_;
    QVBoxLayout* layout_;
    LogsTab* logs_ = nullptr;
};

} // namespace berth::ui
