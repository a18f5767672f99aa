#include "ui/main_window.h"

#include "ui/client/remote_engine_api.h"
#include "ui/details/details_window.h"
#include "ui/dialogs/about_dialog.h"
#include "ui/main_menu.h"
#include "ui/models/containers_model.h"
#include "ui/models/engine_state.h"
#include "ui/pages/compose_page.h"
#include "ui/pages/dockerfile_page.h"
#include "ui/pages/containers_page.h"
#include "ui/pages/page_registry.h"
#include "ui/widgets/connection_banner.h"
#include "ui/widgets/current_follows_selection.h"
#include "ui/widgets/open_dialog.h"
#include "ui/widgets/tray_icon.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>
#include <QHBoxLayout>
#include <QSettings>
#include <QIcon>
#include <QLabel>
#include <QListWidget>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QTimer>
#include <QVBoxLayout>

namespace berth::ui {

namespace {

// The sidebar on the view background with a line along its edge, set apart from
// the pages as in most desktop applications (Dolphin's places, Settings).
QWidget* makeSidebarPanel(QListWidget* sidebar, QWidget* parent) {
    auto* panel = new QWidget(parent);
    panel->setAutoFillBackground(true);
    panel->setBackgroundRole(QPalette::Base);
    panel->setFixedWidth(200);
    auto* edge = new QFrame(panel);
    edge->setFrameShape(QFrame::VLine);
    edge->setFrameShadow(QFrame::Plain);
    edge->setForegroundRole(QPalette::Mid);
    edge->setFixedWidth(1);
    auto* layout = new QHBoxLayout(panel);
    layout->setContentsMargins(6, 8, 0, 0);
    layout->setSpacing(6);
    layout->addWidget(sidebar, 1);
    layout->addWidget(edge);
    return panel;
}

QIcon appIcon() {
    QIcon icon(QStringLiteral(":/icons/berth.svg"));
    // Without Qt's SVG plugin the SVG draws nothing; the rendered PNG always does.
    icon.addFile(QStringLiteral(":/icons/berth-256.png"));
    return icon;
}

// The files as the question lists them: each by its name, since a full path
// wraps mid-path in a message box; two of one name get their folder's name
// ("Dockerfile (web)"). The full paths are the box's details.
QStringList shortFileNames(const QStringList& paths) {
    QStringList names;
    for (const QString& path : paths) names << QFileInfo(path).fileName();
    QStringList shown;
    for (qsizetype i = 0; i < paths.size(); ++i) {
        const QString folder = QFileInfo(paths[i]).dir().dirName();
        shown << (names.count(names[i]) > 1 && !folder.isEmpty() ? QStringLiteral("%1 (%2)").arg(names[i], folder)
                                                                   : names[i]);
    }
    return shown;
}

} // namespace

MainWindow::MainWindow(const QString& engineHost, QWidget* parent)
    : QMainWindow(parent)
    , connection_(new EngineConnection(engineHost, this))
    , state_(new EngineState(new RemoteEngineApi(engineHost), this))
    , banner_(new ConnectionBanner(this))
    , sidebar_(new QListWidget(this))
    , pages_(new QStackedWidget(this))
    , statusLabel_(new QLabel(this))
    , infoRefresh_(new QTimer(this)) {
    setWindowTitle(tr("Berth"));
    setWindowIcon(appIcon());

    sidebar_->setObjectName(QStringLiteral("sidebar"));
    sidebar_->setAccessibleName(tr("Areas"));
    sidebar_->setIconSize(QSize(24, 24));
    sidebar_->setSpacing(2);
    sidebar_->setFrameShape(QFrame::NoFrame);
    pages_->setObjectName(QStringLiteral("pages"));

    for (Page* page : createPages({connection_, state_}, this)) addPage(page);
    connect(sidebar_, &QListWidget::currentRowChanged, pages_, &QStackedWidget::setCurrentIndex);
    // A page chosen through AT-SPI's Selection (a screen reader) becomes current, so it shows.
    makeCurrentFollowSelection(sidebar_);
    if (auto* containers = qobject_cast<ContainersPage*>(page(QStringLiteral("containers"))))
        connect(containers, &ContainersPage::detailsRequested, this, &MainWindow::openContainerDetails);
    if (auto* compose = qobject_cast<ComposePage*>(page(QStringLiteral("compose"))))
        connect(compose, &ComposePage::detailsRequested, this, &MainWindow::openContainerDetails);
    if (auto* dockerfiles = qobject_cast<DockerfilePage*>(page(QStringLiteral("dockerfiles"))))
        connect(dockerfiles, &DockerfilePage::pageRequested, this, &MainWindow::showPage);

    auto* body = new QHBoxLayout;
    body->setSpacing(0);
    body->addWidget(makeSidebarPanel(sidebar_, this));
    body->addWidget(pages_, 1);

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(banner_);
    layout->addLayout(body, 1);
    setCentralWidget(central);
    statusBar()->addWidget(statusLabel_, 1);
    resize(1100, 700);
    // Where the user left the window last time (QSettings: ~/.config/berth/berth.conf).
    restoreGeometry(QSettings().value(QStringLiteral("window/geometry")).toByteArray());

    infoRefresh_->setSingleShot(true);
    infoRefresh_->setInterval(1000);
    connect(infoRefresh_, &QTimer::timeout, connection_, &EngineConnection::refreshNow);
    connect(state_, &EngineState::eventReceived, this, [this](const api::types::Event& event) {
        if (event.type == "container" || event.type == "image") infoRefresh_->start();
    });
    connect(state_, &EngineState::eventsLost, this, &MainWindow::onEventsLost);
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        tray_ = new TrayIcon(appIcon(), state_->containers(), this);
        connect(tray_, &TrayIcon::quitRequested, this, &MainWindow::quit);
        tray_->show();
    }
    auto* quitAction = new QAction(QIcon::fromTheme(QStringLiteral("application-exit")), tr("&Quit"), this);
    quitAction->setObjectName(QStringLiteral("quitAction"));
    quitAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q)); // QKeySequence::Quit is empty on some platforms
    quitAction->setShortcutContext(Qt::ApplicationShortcut);
    quitAction->setMenuRole(QAction::QuitRole);
    connect(quitAction, &QAction::triggered, this, &MainWindow::quit);
    addAction(quitAction);
    auto* aboutAction = new QAction(QIcon::fromTheme(QStringLiteral("help-about")), tr("&About Berth"), this);
    aboutAction->setObjectName(QStringLiteral("aboutAction"));
    aboutAction->setMenuRole(QAction::AboutRole);
    connect(aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
    menu_ = new MainMenu(this, pageList_, quitAction, aboutAction);
    connect(menu_, &MainMenu::pageChosen, sidebar_, [this](int row) { sidebar_->setCurrentRow(row); });
    connect(sidebar_, &QListWidget::currentRowChanged, menu_, &MainMenu::setCurrentPage);
    connect(state_->containers(), &ContainersModel::containerDied, this, [this](const QString& name, const QString& code) {
        notify(tr("Container stopped"), tr("Container %1 exited with code %2").arg(name, code));
    });
    connect(state_->containers(), &ContainersModel::containerUnhealthy, this, [this](const QString& name) {
        notify(tr("Container unhealthy"), tr("Container %1 is unhealthy").arg(name));
    });

    connect(banner_, &ConnectionBanner::retryRequested, connection_, &EngineConnection::refreshNow);
    connect(connection_, &EngineConnection::stateChanged, this, &MainWindow::onStateChanged);
    connect(connection_, &EngineConnection::versionReceived, this, &MainWindow::onVersionReceived);
    connect(connection_, &EngineConnection::infoReceived, this, &MainWindow::onInfoReceived);
    onStateChanged(connection_->state(), connection_->errorMessage());
    connection_->start();

    showPage(QStringLiteral("containers"));
}

MainWindow::~MainWindow() = default;

AboutDialog* MainWindow::showAbout() {
    if (auto* open = raiseOpenDialog<AboutDialog>(this)) return open;
    auto* dialog = new AboutDialog(connection_, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    return dialog;
}

void MainWindow::notify(const QString& title, const QString& text) {
    statusBar()->showMessage(text, 10'000);
    if (tray_ && tray_->isVisible()) tray_->showMessage(title, text);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    QSettings().setValue(QStringLiteral("window/geometry"), saveGeometry());
    // The user chose to keep Berth in the tray: closing only hides the window
    // (unsaved edits stay where they are).
    if (!quitting_ && tray_ && tray_->isVisible() && TrayIcon::closeToTray()) {
        hide();
        event->ignore();
        return;
    }
    QStringList changes;
    for (const Page* page : pageList_) changes << page->unsavedChanges();
    if (!unsavedAnswered_ && !changes.isEmpty()) {
        event->ignore();
        askAboutUnsavedChanges(changes);
        return;
    }
    unsavedAnswered_ = false;
    QMainWindow::closeEvent(event);
    if (quitting_) QApplication::quit();
}

void MainWindow::quit() {
    quitting_ = true;
    close();
}

void MainWindow::askAboutUnsavedChanges(const QStringList& changes) {
    if (unsavedQuestion_) { // Ctrl+Q twice: the one question
        unsavedQuestion_->raise();
        return;
    }
    if (!isVisible()) showNormal(); // quit from the tray: the question needs its window
    auto* box = new QMessageBox(QMessageBox::Question, tr("Unsaved Changes"),
                                tr("Save your changes before closing Berth?"),
                                QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("unsavedOnClose"));
    box->setAccessibleName(tr("Unsaved Changes"));
    box->setInformativeText(
        tr("These files have unsaved changes:\n%1").arg(shortFileNames(changes).join(QLatin1Char('\n'))));
    box->setDetailedText(changes.join(QLatin1Char('\n')));
    box->setDefaultButton(QMessageBox::Save);
    box->setWindowModality(Qt::WindowModal);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box] { onUnsavedAnswer(box->standardButton(box->clickedButton())); });
    unsavedQuestion_ = box;
    box->open();
}

void MainWindow::onUnsavedAnswer(int button) {
    if (button == QMessageBox::Save) {
        for (Page* page : pageList_) {
            if (page->unsavedChanges().isEmpty() || page->saveChanges()) continue;
            // It could not be written: stay open on the page that says why.
            quitting_ = false;
            showPage(page->pageId());
            return;
        }
    } else if (button != QMessageBox::Discard) { // Cancel, Escape
        quitting_ = false;
        return;
    }
    unsavedAnswered_ = true;
    // After the question has gone: closing from inside its finished() would
    // delete it under its own signal.
    QTimer::singleShot(0, this, [this] {
        if (!close()) unsavedAnswered_ = false;
    });
}

void MainWindow::onVersionReceived(const QJsonObject& version) {
    const QString product =
        version.value(QLatin1String("Platform")).toObject().value(QLatin1String("Name")).toString();
    const QString number = version.value(QLatin1String("Version")).toString();
    if (product.isEmpty() || number.isEmpty()) return; // "Connected to <host>" says enough
    statusLabel_->setText(tr("Connected to %1 %2 at %3").arg(product, number, connection_->host()));
}

void MainWindow::onEventsLost() {
    // The stream breaks when the engine goes: ask /info now, so the banner says so
    // at once, rather than waiting for something else to notice.
    eventsLost_ = true;
    connection_->refreshNow();
}

void MainWindow::onInfoReceived() {
    // The engine answered after the stream broke: it is still there, open a new stream.
    if (!eventsLost_ || connection_->state() != EngineConnection::State::Connected) return;
    eventsLost_ = false;
    state_->engineConnected();
}

void MainWindow::addPage(Page* page) {
    pageList_.push_back(page);
    auto* item = new QListWidgetItem(page->icon(), page->title(), sidebar_);
    item->setSizeHint(QSize(0, 36));
    item->setData(Qt::UserRole, page->pageId());
    pages_->addWidget(page);
}

Page* MainWindow::page(const QString& pageId) const {
    for (Page* page : pageList_)
        if (page->pageId() == pageId) return page;
    return nullptr;
}

void MainWindow::showPage(const QString& pageId, const QString& itemId) {
    for (size_t row = 0; row < pageList_.size(); ++row) {
        if (pageList_[row]->pageId() != pageId) continue;
        sidebar_->setCurrentRow(static_cast<int>(row));
        if (!itemId.isEmpty()) pageList_[row]->reveal(itemId);
    }
}

QString MainWindow::currentPageId() const {
    int index = pages_->currentIndex();
    return index >= 0 ? pageList_[static_cast<size_t>(index)]->pageId() : QString();
}

void MainWindow::openContainerDetails(const QStringList& containerIds, const QString& tab) {
    if (containerIds.isEmpty()) return;
    QStringList titles;
    for (const QString& id : containerIds) {
        const int row = state_->containers()->rowOf(id);
        const auto* summary = row >= 0 ? state_->containers()->summary(row) : nullptr;
        QString name = summary && !summary->names.empty() ? QString::fromStdString(summary->names.front()) : id.left(12);
        if (name.startsWith(QLatin1Char('/'))) name.remove(0, 1);
        titles << name;
    }
    if (!details_) details_ = new DetailsWindow(state_->api(), this);
    details_->showContainers(containerIds, titles, tab);
}

void MainWindow::onStateChanged(EngineConnection::State state, const QString& errorMessage) {
    banner_->showState(state, connection_->host(), errorMessage);
    switch (state) {
    case EngineConnection::State::Connecting:
        statusLabel_->setText(tr("Connecting to %1\u2026").arg(connection_->host()));
        break;
    case EngineConnection::State::Connected:
        statusLabel_->setText(tr("Connected to %1").arg(connection_->host()));
        eventsLost_ = false;
        state_->engineConnected();
        break;
    case EngineConnection::State::Unreachable:
    case EngineConnection::State::AccessDenied:
        statusLabel_->setText(tr("Not connected"));
        state_->engineLost();
        break;
    }
}

} // namespace berth::ui
