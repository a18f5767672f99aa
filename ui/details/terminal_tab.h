#pragma once
// The Terminal tab of a container's details: any number of terminals, each a
// shell (`docker exec -it`, bash if the image has it, else sh) or an attach to
// the container's own TTY, with copy and paste. The first shell opens when the
// tab is first shown.

#include "ui/client/terminal_session.h"

#include <QWidget>

#include <functional>
#include <memory>

class QAction;
class QTabWidget;

namespace berth::ui {

class EngineApi;
class TerminalView;

class TerminalTab : public QWidget {
    Q_OBJECT
public:
    // Makes the session behind each new terminal: the seam tests fake.
    using SessionFactory = std::function<std::unique_ptr<TerminalSession>(TerminalSession::Kind)>;

    // Sessions from `api` (which outlives the tab) in container `containerId`.
    TerminalTab(EngineApi* api, const QString& containerId, QWidget* parent = nullptr);
    explicit TerminalTab(SessionFactory factory, QWidget* parent = nullptr);

    TerminalView* openShell();
    TerminalView* attach();
    TerminalView* currentView() const;
    int terminalCount() const;

protected:
    void showEvent(QShowEvent* event) override;

private:
    TerminalView* open(TerminalSession::Kind kind, const QString& title);
    void closeTerminal(int index);
    void updateActions();

    SessionFactory factory_;
    QTabWidget* tabs_;
    QAction* copyAction_;
    QAction* pasteAction_;
    int shellsOpened_ = 0;
    bool shownOnce_ = false;
};

} // namespace berth::ui
