#include "ui/details/files_tab.h"

#include "ui/client/engine_api.h"

#include <QAction>
#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMimeData>
#include <QStyle>
#include <QToolBar>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <type_traits>
#include <utility>

namespace berth::ui {

namespace {

QString permissions(const tar::Entry& entry) {
    QString text;
    text += entry.type == tar::Entry::Type::Directory ? QLatin1Char('d') : entry.type == tar::Entry::Type::Symlink ? QLatin1Char('l') : QLatin1Char('-');
    const char* letters = "rwx";
    for (int bit = 8; bit >= 0; --bit) text += (entry.mode >> bit) & 1 ? QLatin1Char(letters[(8 - bit) % 3]) : QLatin1Char('-');
    return text;
}

constexpr int kTypeRole = Qt::UserRole + 1;
constexpr int kLinkRole = Qt::UserRole + 2;

} // namespace

FilesTab::FilesTab(EngineApi* api, const QString& containerId, QWidget* parent)
    : QWidget(parent), api_(api), containerId_(containerId) {
    setObjectName(QStringLiteral("filesTab"));
    setAccessibleName(tr("Files"));
    buildUi();
}

void FilesTab::buildUi() {
    auto* toolbar = new QToolBar(this);
    toolbar->setObjectName(QStringLiteral("filesToolbar"));
    toolbar->setAccessibleName(tr("File actions"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    upAction_ = toolbar->addAction(style()->standardIcon(QStyle::SP_FileDialogToParent), tr("Up"), this, &FilesTab::goUp);
    upAction_->setObjectName(QStringLiteral("upAction"));
    upAction_->setToolTip(tr("Go to the parent folder"));
    upAction_->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Up));
    auto* refreshAction = toolbar->addAction(style()->standardIcon(QStyle::SP_BrowserReload), tr("Refresh"), this, &FilesTab::refresh);
    refreshAction->setObjectName(QStringLiteral("refreshAction"));
    refreshAction->setShortcut(QKeySequence::Refresh);
    downloadAction_ = toolbar->addAction(style()->standardIcon(QStyle::SP_DialogSaveButton), tr("Download…"), this, &FilesTab::chooseDownload);
    downloadAction_->setObjectName(QStringLiteral("downloadAction"));
    downloadAction_->setToolTip(tr("Copy the selected files or folders to this computer"));
    auto* uploadAction = toolbar->addAction(style()->standardIcon(QStyle::SP_ArrowUp), tr("Upload…"), this, &FilesTab::chooseUpload);
    uploadAction->setObjectName(QStringLiteral("uploadAction"));
    uploadAction->setToolTip(tr("Copy files from this computer into this folder (or drop them on the list)"));

    auto* pathLabel = new QLabel(tr("&Path:"), this);
    pathEdit_ = new QLineEdit(path_, this);
    pathEdit_->setObjectName(QStringLiteral("pathEdit"));
    pathEdit_->setAccessibleName(tr("Path"));
    pathLabel->setBuddy(pathEdit_);
    connect(pathEdit_, &QLineEdit::returnPressed, this, [this] { openPath(pathEdit_->text()); });
    auto* pathRow = new QHBoxLayout;
    pathRow->setContentsMargins(6, 0, 6, 0);
    pathRow->addWidget(pathLabel);
    pathRow->addWidget(pathEdit_, 1);

    list_ = new QTreeWidget(this);
    list_->setObjectName(QStringLiteral("filesList"));
    list_->setAccessibleName(tr("Files in the folder"));
    list_->setRootIsDecorated(false);
    list_->setUniformRowHeights(true);
    list_->setSortingEnabled(false);
    list_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    list_->setHeaderLabels({tr("Name"), tr("Size"), tr("Modified"), tr("Permissions"), tr("Link target")});
    list_->header()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
    list_->header()->setStretchLastSection(false);
    list_->setAcceptDrops(true);
    list_->viewport()->setAcceptDrops(true);
    list_->viewport()->installEventFilter(this);
    connect(list_, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) { activate(list_->indexOfTopLevelItem(item)); });
    connect(list_, &QTreeWidget::itemSelectionChanged, this, [this] { downloadAction_->setEnabled(!list_->selectedItems().isEmpty()); });

    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("filesStatus"));
    status_->setAccessibleName(tr("Status"));
    status_->setWordWrap(true);
    status_->setContentsMargins(6, 2, 6, 0);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 6);
    layout->addWidget(toolbar);
    layout->addLayout(pathRow);
    layout->addWidget(list_, 1);
    layout->addWidget(status_);
    downloadAction_->setEnabled(false);
}

void FilesTab::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (!std::exchange(shownOnce_, true) && list_->topLevelItemCount() == 0 && busy_ == 0) refresh();
}

template <typename T, typename Done>
void FilesTab::whenDone(QFuture<ApiResult<T>> call, Done done) {
    setBusy(true);
    // With the tab as context: a tab closed meanwhile drops the answer.
    call.then(this, [this, done = std::move(done)](ApiResult<T> result) {
        setBusy(false);
        if (!result) {
            setStatus(result.error().message, true);
            emit failed(result.error().message);
            return;
        }
        if constexpr (std::is_void_v<T>) done();
        else done(std::move(*result));
    });
}

void FilesTab::openPath(const QString& path) {
    QString clean = QDir::cleanPath(path.isEmpty() ? QStringLiteral("/") : path);
    if (!clean.startsWith(QLatin1Char('/'))) clean.prepend(QLatin1Char('/'));
    shownOnce_ = true;
    setStatus(tr("Reading %1…").arg(clean));
    whenDone(api_->listFiles(containerId_, clean), [this, clean](std::vector<tar::Entry> entries) {
        path_ = clean;
        pathEdit_->setText(path_);
        upAction_->setEnabled(path_ != QLatin1String("/"));
        showEntries(entries);
        setStatus(tr("%n item(s)", nullptr, static_cast<int>(entries.size())));
        emit listed();
    });
}

void FilesTab::refresh() { openPath(path_); }

void FilesTab::goUp() {
    if (path_ == QLatin1String("/")) return;
    openPath(QDir::cleanPath(path_ + QStringLiteral("/..")));
}

void FilesTab::showEntries(const std::vector<tar::Entry>& entries) {
    list_->clear();
    const QLocale locale;
    for (const auto& entry : entries) {
        auto* item = new QTreeWidgetItem(list_);
        const bool directory = entry.type == tar::Entry::Type::Directory;
        item->setText(NameColumn, QString::fromStdString(entry.path));
        item->setIcon(NameColumn, style()->standardIcon(directory ? QStyle::SP_DirIcon
                                                        : entry.type == tar::Entry::Type::Symlink ? QStyle::SP_FileLinkIcon
                                                                                                  : QStyle::SP_FileIcon));
        item->setText(SizeColumn, directory ? QString() : locale.formattedDataSize(static_cast<qint64>(entry.size)));
        item->setTextAlignment(SizeColumn, Qt::AlignRight | Qt::AlignVCenter);
        item->setText(ModifiedColumn, locale.toString(QDateTime::fromSecsSinceEpoch(entry.mtime), QLocale::ShortFormat));
        item->setText(PermissionsColumn, permissions(entry));
        item->setText(LinkColumn, QString::fromStdString(entry.link_target));
        item->setData(NameColumn, kTypeRole, static_cast<int>(entry.type));
        item->setData(NameColumn, kLinkRole, QString::fromStdString(entry.link_target));
    }
    for (int column = SizeColumn; column < ColumnCount; ++column) list_->resizeColumnToContents(column);
    if (list_->topLevelItemCount() > 0) list_->setCurrentItem(list_->topLevelItem(0), 0, QItemSelectionModel::NoUpdate);
}

QString FilesTab::childPath(const QString& name) const {
    return path_ == QLatin1String("/") ? QLatin1Char('/') + name : path_ + QLatin1Char('/') + name;
}

void FilesTab::activate(int row) {
    auto* item = list_->topLevelItem(row);
    if (!item) return;
    const auto type = static_cast<tar::Entry::Type>(item->data(NameColumn, kTypeRole).toInt());
    if (type == tar::Entry::Type::Directory) {
        openPath(childPath(item->text(NameColumn)));
    } else if (type == tar::Entry::Type::Symlink) {
        // Follow the link as the container would see it; a link to a file says so.
        const QString target = item->data(NameColumn, kLinkRole).toString();
        openPath(target.startsWith(QLatin1Char('/')) ? target : QDir::cleanPath(path_ + QLatin1Char('/') + target));
    }
}

QStringList FilesTab::entryNames() const {
    QStringList names;
    for (int row = 0; row < list_->topLevelItemCount(); ++row) names << list_->topLevelItem(row)->text(NameColumn);
    return names;
}

void FilesTab::chooseDownload() {
    QStringList names;
    for (auto* item : list_->selectedItems()) names << item->text(NameColumn);
    if (names.isEmpty()) return;
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Download to"), QDir::homePath());
    if (!dir.isEmpty()) downloadTo(names, dir);
}

void FilesTab::downloadTo(const QStringList& names, const QString& localDir) {
    QStringList paths;
    for (const auto& name : names) paths << childPath(name);
    setStatus(tr("Downloading to %1…").arg(localDir));
    whenDone(api_->downloadFiles(containerId_, paths, localDir), [this, localDir](FilesDownload download) {
        QString text = tr("Downloaded %n item(s) to %1.", nullptr, download.written).arg(localDir);
        if (!download.refused.isEmpty())
            text += QLatin1Char(' ') + tr("Skipped, as they would land outside it: %1").arg(download.refused.join(QStringLiteral(", ")));
        setStatus(text, !download.refused.isEmpty());
        emit downloaded(download.written);
    });
}

void FilesTab::chooseUpload() {
    const QStringList chosen = QFileDialog::getOpenFileNames(this, tr("Upload to %1").arg(path_), QDir::homePath());
    if (!chosen.isEmpty()) upload(chosen);
}

void FilesTab::upload(const QStringList& localPaths) {
    const QString target = path_;
    setStatus(tr("Uploading to %1…").arg(target));
    whenDone(api_->uploadFiles(containerId_, target, localPaths), [this, target] {
        emit uploaded();
        if (path_ == target) refresh();
    });
}

bool FilesTab::eventFilter(QObject* watched, QEvent* event) {
    if (watched == list_->viewport()) {
        switch (event->type()) {
        case QEvent::DragEnter:
        case QEvent::DragMove: {
            auto* drag = static_cast<QDropEvent*>(event);
            if (drag->mimeData()->hasUrls()) {
                drag->setDropAction(Qt::CopyAction);
                drag->accept();
            }
            return true;
        }
        case QEvent::Drop: {
            auto* drop = static_cast<QDropEvent*>(event);
            QStringList paths;
            for (const QUrl& url : drop->mimeData()->urls())
                if (url.isLocalFile()) paths << url.toLocalFile();
            if (!paths.isEmpty()) {
                drop->setDropAction(Qt::CopyAction);
                drop->accept();
                upload(paths);
            }
            return true;
        }
        default: break;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void FilesTab::setStatus(const QString& text, bool error) {
    status_->setText(text);
    QPalette palette = status_->palette();
    palette.setColor(QPalette::WindowText, error ? QColor(0xc0, 0x39, 0x2b) : this->palette().color(QPalette::WindowText));
    status_->setPalette(palette);
}

void FilesTab::setBusy(bool busy) {
    busy_ += busy ? 1 : -1;
    setCursor(busy_ > 0 ? Qt::BusyCursor : Qt::ArrowCursor);
}

} // namespace berth::ui
