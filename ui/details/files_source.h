#pragma once
// Where the Files tab reads and writes a container's filesystem. Calls block:
// the tab runs them on worker threads, never on the UI thread. The Engine API
// one goes through the archive endpoints only (HEAD/GET/PUT
// /containers/{id}/archive), which work on stopped containers too — an `ls`
// through exec would not.

#include "base/error.h"
#include "ui/details/files_tar.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace berth::ui {

class ContainerFiles {
public:
    virtual ~ContainerFiles() = default;
    // The entries directly inside directory `path`, sorted: directories first, then by name.
    virtual Result<std::vector<tar::Entry>> list(const QString& path) = 0;
    // Extracts `path` (a file or a whole folder) under `localDir`; the count of
    // entries written, and in `refused` those that would have escaped it.
    virtual Result<int> download(const QString& path, const QString& localDir, QStringList& refused) = 0;
    // Copies the local files and folders into directory `path`.
    virtual Result<> upload(const QString& path, const QStringList& localPaths) = 0;
};

class EngineContainerFiles : public ContainerFiles {
public:
    EngineContainerFiles(QString host, QString containerId);
    Result<std::vector<tar::Entry>> list(const QString& path) override;
    Result<int> download(const QString& path, const QString& localDir, QStringList& refused) override;
    Result<> upload(const QString& path, const QStringList& localPaths) override;

private:
    std::string archiveTarget(const QString& path) const;
    std::string host_;
    std::string containerId_;
};

// The children of `directory` among a tar listing of it: the archive's first
// component is the directory's own name, its direct children follow.
std::vector<tar::Entry> directChildren(const std::vector<tar::Entry>& all);

} // namespace berth::ui
