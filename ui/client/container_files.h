#pragma once
// A container's filesystem through the archive endpoints only (GET and PUT
// /containers/{id}/archive), which work on stopped containers too — an `ls`
// through exec would not. These calls block: RemoteEngineApi runs them off the
// UI thread (EngineApi::listFiles, downloadFiles, uploadFiles), each with a
// client of its own.

#include "base/error.h"
#include "ui/client/files_tar.h"

#include "api/client/client.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace berth::ui {

// The entries directly inside directory `path` of container `containerId`,
// sorted: directories first, then by name. Only the tar's headers are kept.
Result<std::vector<tar::Entry>> listContainerDirectory(api::EngineClient& client, const QString& containerId,
                                                       const QString& path);
// Extracts `path` (a file or a whole folder) under `localDir`; the count of
// entries written, and in `refused` those that would have escaped it.
Result<int> downloadFromContainer(api::EngineClient& client, const QString& containerId, const QString& path,
                                  const QString& localDir, QStringList& refused);
// Copies the local files and folders into directory `path`, tarred as they are sent.
Result<> uploadToContainer(api::EngineClient& client, const QString& containerId, const QString& path,
                           const QStringList& localPaths);

// The children of `directory` among a tar listing of it: the archive's first
// component is the directory's own name, its direct children follow.
std::vector<tar::Entry> directChildren(const std::vector<tar::Entry>& all);

} // namespace berth::ui
