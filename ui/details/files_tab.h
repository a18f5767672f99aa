#pragma once
// The Files tab of a container's details: browse its filesystem one folder at a
// time, download files and folders to a local folder, upload by dropping files
// on the list (or with Upload…). Everything goes through the EngineApi's
// archive calls (off the UI thread), so it works on stopped containers and
// never blocks the UI.

#include "ui/client/api_result.h"
#include "ui/client/files_tar.h"

#include <QFuture>
#include <QWidget>

#include <vector>

class QAction;
class QLabel;
class QLineEdit;
class QTreeWidget;

namespace berth::ui {

class EngineApi;

class FilesTab : public QWidget {
    Q_OBJECT
public:
    enum Column { NameColumn, SizeColumn, ModifiedColumn, PermissionsColumn, LinkColumn, ColumnCount };

    // Container `containerId`'s files through `api`, which outlives the tab.
    FilesTab(EngineApi* api, const QString& containerId, QWidget* parent = nullptr);

    QString currentPath() const { return path_; }
    QStringList entryNames() const;
    bool isBusy() const { return busy_ > 0; }

public slots:
    void openPath(const QString& path);
    void refresh();
    void goUp();
    // Downloads the named entries of the current folder into `localDir`.
    void downloadTo(const QStringList& names, const QString& localDir);
    void upload(const QStringList& localPaths);

signals:
    void listed();
    void downloaded(int entriesWritten);
    void uploaded();
    void failed(const QString& message);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void buildUi();
    void showEntries(const std::vector<tar::Entry>& entries);
    void activate(int row);
    void chooseDownload();
    void chooseUpload();
    void setStatus(const QString& text, bool error = false);
    void setBusy(bool busy);
    QString childPath(const QString& name) const;
    // Busy until `call` ends; then `done` with its result on the UI thread, if the
    // tab is still there; a failure shows the engine's message and emits failed().
    template <typename T, typename Done>
    void whenDone(QFuture<ApiResult<T>> call, Done done);

    EngineApi* api_;
    QString containerId_;
    QString path_ = QStringLiteral("/");
    QLineEdit* pathEdit_ = nullptr;
    QTreeWidget* list_ = nullptr;
    QLabel* status_ = nullptr;
    QAction* upAction_ = nullptr;
    QAction* downloadAction_ = nullptr;
    int busy_ = 0;
    bool shownOnce_ = false;
};

} // namespace berth::ui
