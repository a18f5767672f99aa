#include "ui/details/terminal_tab.h"

#include "ui/client/engine_api.h"
#include "ui/details/terminal_view.h"

#include <QAction>
#include <QKeySequence>
#include <QTabWidget>
#include <QToolBar>
#include <QVBoxLayout>

#include <utility>

namespace berth::ui {

TerminalTab::TerminalTab(EngineApi* api, const QString& containerId, QWidget* parent)
    : TerminalTab([api, containerId](TerminalSession::Kind kind) { return api->terminalSession(containerId, kind); },
                  parent) {}

TerminalTab::TerminalTab(SessionFactory factory, QWidget* parent)
    : QWidget(parent), factory_(std::move(factory)), tabs_(new QTabWidget(this)) {
    setObjectName(QStringLiteral("terminalTab"));
    setAccessibleName(tr("Terminal"));
    auto* toolbar = new QToolBar(this);
    toolbar->setObjectName(QStringLiteral("terminalToolbar"));
    toolbar->setAccessibleName(tr("Terminal actions"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);

    auto* shell = toolbar->addAction(tr("New Shell"), this, [this] { openShell(); });
    shell->setObjectName(QStringLiteral("newShellAction"));
    shell->setToolTip(tr("Open a shell in the container (bash, else sh)"));
    shell->setShortcut(QKeySequence(tr("Ctrl+Shift+T")));
    auto* attachAction = toolbar->addAction(tr("Attach"), this, [this] { attach(); });
    attachAction->setObjectName(QStringLiteral("attachAction"));
    attachAction->setToolTip(tr("Attach to the container's main process"));
    toolbar->addSeparator();
    copyAction_ = toolbar->addAction(tr("Copy"), this, [this] {
        if (auto* view = currentView()) view->copy();
    });
    copyAction_->setObjectName(QStringLiteral("copyAction"));
    copyAction_->setShortcut(QKeySequence(tr("Ctrl+Shift+C")));
    pasteAction_ = toolbar->addAction(tr("Paste"), this, [this] {
        if (auto* view = currentView()) view->paste();
    });
    pasteAction_->setObjectName(QStringLiteral("pasteAction"));
    pasteAction_->setShortcut(QKeySequence(tr("Ctrl+Shift+V")));

    tabs_->setObjectName(QStringLiteral("terminalTabs"));
    tabs_->setAccessibleName(tr("Terminals"));
    tabs_->setTabsClosable(true);
    tabs_->setDocumentMode(true);
    connect(tabs_, &QTabWidget::tabCloseRequested, this, &TerminalTab::closeTerminal);
    connect(tabs_, &QTabWidget::currentChanged, this, &TerminalTab::updateActions);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(toolbar);
    layout->addWidget(tabs_, 1);
    updateActions();
}

void TerminalTab::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (!std::exchange(shownOnce_, true) && tabs_->count() == 0) openShell();
}

TerminalView* TerminalTab::openShell() {
    return open(TerminalSession::Kind::Shell, tr("Shell %1").arg(++shellsOpened_));
}

TerminalView* TerminalTab::attach() { return open(TerminalSession::Kind::Attach, tr("Attached")); }

TerminalView* TerminalTab::open(TerminalSession::Kind kind, const QString& title) {
    shownOnce_ = true; // opened by hand: the automatic first shell is not wanted any more
    auto* view = new TerminalView(factory_(kind), tabs_);
    view->setAccessibleName(title);
    const int index = tabs_->addTab(view, title);
    tabs_->setCurrentIndex(index);
    connect(view, &TerminalView::stateChanged, this, [this, view, title] {
        const int at = tabs_->indexOf(view);
        if (at >= 0) tabs_->setTabText(at, view->isRunning() ? title : tr("%1 (ended)").arg(title));
        updateActions();
    });
    view->setFocus();
    updateActions();
    return view;
}

void TerminalTab::closeTerminal(int index) {
    QWidget* view = tabs_->widget(index);
    tabs_->removeTab(index);
    delete view;
    updateActions();
}

TerminalView* TerminalTab::currentView() const { return qobject_cast<TerminalView*>(tabs_->currentWidget()); }

int TerminalTab::terminalCount() const { return tabs_->count(); }

void TerminalTab::updateActions() {
    const bool any = currentView() != nullptr;
    copyAction_->setEnabled(any);
    pasteAction_->setEnabled(any && currentView()->isRunning());
}

} // namespace berth::ui
