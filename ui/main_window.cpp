#include "ui/main_window.h"

#include "ui/pages/engine_page.h"
#include "ui/pages/placeholder_page.h"
#include "ui/widgets/connection_banner.h"

#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QListWidget>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QVBoxLayout>

namespace berth::ui {

namespace {

// The desktop's icon when it has a theme, else one Qt's style always has, so the
// sidebar never shows empty squares (the build root has no icon theme at all).
QIcon sidebarIcon(const QWidget* widget, const char* themeName, QStyle::StandardPixmap fallback) {
    return QIcon::fromTheme(QLatin1String(themeName), widget->style()->standardIcon(fallback));
}

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

} // namespace

MainWindow::MainWindow(const QString& engineHost, QWidget* parent)
    : QMainWindow(parent)
    , connection_(new EngineConnection(engineHost, this))
    , banner_(new ConnectionBanner(this))
    , sidebar_(new QListWidget(this))
    , pages_(new QStackedWidget(this))
    , enginePage_(new EnginePage(engineHost, this))
    , statusLabel_(new QLabel(this)) {
    setWindowTitle(tr("Berth"));
    setWindowIcon(appIcon());

    sidebar_->setObjectName(QStringLiteral("sidebar"));
    sidebar_->setIconSize(QSize(24, 24));
    sidebar_->setSpacing(2);
    sidebar_->setFrameShape(QFrame::NoFrame);
    pages_->setObjectName(QStringLiteral("pages"));

    addPlaceholderPage(
        Page::Containers, sidebarIcon(this, "package-x-generic", QStyle::SP_DirIcon), tr("Containers"),
        tr("Creating, running and inspecting containers is not built yet in this version of Berth."));
    addPlaceholderPage(
        Page::Images, sidebarIcon(this, "media-optical", QStyle::SP_DriveCDIcon), tr("Images"),
        tr("Pulling, building and browsing images is not built yet in this version of Berth."));
    addPlaceholderPage(Page::Volumes, sidebarIcon(this, "drive-harddisk", QStyle::SP_DriveHDIcon),
                       tr("Volumes"), tr("Managing volumes is not built yet in this version of Berth."));
    addPlaceholderPage(Page::Networks, sidebarIcon(this, "network-wired", QStyle::SP_DriveNetIcon),
                       tr("Networks"), tr("Managing networks is not built yet in this version of Berth."));
    addPlaceholderPage(Page::Compose, sidebarIcon(this, "text-x-script", QStyle::SP_FileDialogContentsView),
                       tr("Compose"),
                       tr("Running and editing compose projects is not built yet in this version of Berth."));
    addPage(Page::Engine, sidebarIcon(this, "computer", QStyle::SP_ComputerIcon), tr("Engine"), enginePage_);
    connect(sidebar_, &QListWidget::currentRowChanged, pages_, &QStackedWidget::setCurrentIndex);

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

    connect(banner_, &ConnectionBanner::retryRequested, connection_, &EngineConnection::refreshNow);
    connect(connection_, &EngineConnection::stateChanged, this, &MainWindow::onStateChanged);
    connect(connection_, &EngineConnection::versionReceived, enginePage_, &EnginePage::showVersion);
    connect(connection_, &EngineConnection::versionReceived, this, &MainWindow::onVersionReceived);
    connect(connection_, &EngineConnection::infoReceived, enginePage_, &EnginePage::showInfo);
    onStateChanged(connection_->state(), connection_->errorMessage());
    connection_->start();

    // While the other areas are placeholders, open where there is something to see.
    showPage(Page::Engine);
}

MainWindow::~MainWindow() = default;

void MainWindow::onVersionReceived(const QJsonObject& version) {
    const QString product =
        version.value(QLatin1String("Platform")).toObject().value(QLatin1String("Name")).toString();
    const QString number = version.value(QLatin1String("Version")).toString();
    if (product.isEmpty() || number.isEmpty()) return; // "Connected to <host>" says enough
    statusLabel_->setText(tr("Connected to %1 %2 at %3").arg(product, number, connection_->host()));
}

void MainWindow::addPage(Page page, const QIcon& icon, const QString& name, QWidget* widget) {
    // Rows and stack indexes follow the Page enum, so a row is its page's index.
    Q_ASSERT(sidebar_->count() == static_cast<int>(page));
    auto* item = new QListWidgetItem(icon, name, sidebar_);
    item->setSizeHint(QSize(0, 36));
    pages_->addWidget(widget);
}

void MainWindow::addPlaceholderPage(Page page, const QIcon& icon, const QString& name,
                                    const QString& explanation) {
    addPage(page, icon, name, new PlaceholderPage(icon, name, explanation, this));
}

void MainWindow::showPage(Page page) {
    sidebar_->setCurrentRow(static_cast<int>(page));
}

MainWindow::Page MainWindow::currentPage() const {
    return static_cast<Page>(pages_->currentIndex());
}

void MainWindow::onStateChanged(EngineConnection::State state, const QString& errorMessage) {
    banner_->showState(state, connection_->host(), errorMessage);
    switch (state) {
    case EngineConnection::State::Connecting:
        statusLabel_->setText(tr("Connecting to %1\u2026").arg(connection_->host()));
        break;
    case EngineConnection::State::Connected:
        statusLabel_->setText(tr("Connected to %1").arg(connection_->host()));
        break;
    case EngineConnection::State::Unreachable:
    case EngineConnection::State::AccessDenied:
        statusLabel_->setText(tr("Not connected"));
        enginePage_->showDisconnected();
        break;
    }
}

} // namespace berth::ui
