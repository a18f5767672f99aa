#pragma once
// One container's details as tabs (Logs, Stats, Inspect, Top, Details, Terminal,
// Files), and the area that holds several containers' details at once. Other
// tabs join with addDetailsTab(). Every tab reads the engine through EngineApi:
// Terminal's sessions (a hijacked exec/attach) and Files' archive calls too, so
// `--host` and the errors' wording come from one place.

#include <QString>
#include <QTabWidget>

namespace berth::ui {

class EngineApi;

class ContainerDetails : public QTabWidget {
    Q_OBJECT
public:
    // The names showTab() takes for the built-in tabs.
    static constexpr const char* kLogs = "logs";
    static constexpr const char* kStats = "stats";
    static constexpr const char* kInspect = "inspect";
    static constexpr const char* kTop = "top";
    static constexpr const char* kDetails = "details";
    static constexpr const char* kTerminal = "terminal";
    static constexpr const char* kFiles = "files";

    ContainerDetails(EngineApi* api, const QString& containerId, QWidget* parent = nullptr);

    const QString& containerId() const { return containerId_; }
    // Adds `tab` (ownership passes) under `name` (for showTab) with a visible `label`.
    int addDetailsTab(QWidget* tab, const QString& name, const QString& label);
    // Makes the tab called `name` current; false when there is none.
    bool showTab(const QString& name);
    QWidget* tab(const QString& name) const;

private:
    QString containerId_;
};

// Several containers' details side by side as closable tabs, one per container.
class DetailsArea : public QTabWidget {
    Q_OBJECT
public:
    DetailsArea(EngineApi* api, QWidget* parent = nullptr);

    // Opens (or brings forward) the details of `containerId`, titled `title`,
    // on the tab `tabName`; returns them.
    ContainerDetails* open(const QString& containerId, const QString& title, const QString& tabName = QString());
    // A merged Logs view of several containers (a compose project), titled `title`.
    QWidget* openMergedLogs(const QStringList& containerIds, const QStringList& names, const QString& title);
    ContainerDetails* details(const QString& containerId) const;

private:
    EngineApi* api_;
};

} // namespace berth::ui
