#include "ui/client/container_files.h"

#include "ui/client/files_tar_source.h"

#include <QUrl>

#include <algorithm>

namespace berth::ui {

namespace {

std::string archiveTarget(const QString& containerId, const QString& path) {
    return "/containers/" + QUrl::toPercentEncoding(containerId).toStdString() +
           "/archive?path=" + QUrl::toPercentEncoding(path).toStdString();
}

} // namespace

std::vector<tar::Entry> directChildren(const std::vector<tar::Entry>& all) {
    std::vector<tar::Entry> children;
    for (const auto& entry : all) {
        const size_t slash = entry.path.find('/');
        if (slash == std::string::npos) continue; // the directory itself
        const std::string rest = entry.path.substr(slash + 1);
        if (rest.empty() || rest.find('/') != std::string::npos) continue;
        tar::Entry child = entry;
        child.path = rest;
        children.push_back(std::move(child));
    }
    std::ranges::sort(children, [](const tar::Entry& a, const tar::Entry& b) {
        const bool aDir = a.type == tar::Entry::Type::Directory, bDir = b.type == tar::Entry::Type::Directory;
        return aDir != bDir ? aDir : a.path < b.path;
    });
    return children;
}

Result<std::vector<tar::Entry>> listContainerDirectory(api::EngineClient& client, const QString& containerId,
                                                       const QString& path) {
    std::vector<tar::Entry> all;
    bool rootIsDirectory = true;
    // Only the headers are kept: file contents stream past unread.
    tar::StreamReader reader([&](const tar::Entry& entry) {
        if (all.empty() && entry.type != tar::Entry::Type::Directory) rootIsDirectory = false;
        all.push_back(entry);
        return true;
    });
    auto streamed = client.stream("GET", archiveTarget(containerId, path),
                                  [&](std::string_view bytes) { return reader.feed(bytes); });
    if (!streamed) return std::unexpected(streamed.error().wrap("listing {}", path.toStdString()));
    if (!reader.error().empty()) return fail(ErrorCategory::System, "listing {}: {}", path.toStdString(), reader.error());
    if (!rootIsDirectory) return fail(ErrorCategory::Invalid, "{} is not a directory", path.toStdString());
    return directChildren(all);
}

Result<int> downloadFromContainer(api::EngineClient& client, const QString& containerId, const QString& path,
                                  const QString& localDir, QStringList& refused) {
    tar::SafeExtractor extractor(localDir.toStdString());
    tar::StreamReader reader([&](const tar::Entry& entry) { return extractor.entry(entry); },
                             [&](const tar::Entry& entry, std::string_view bytes) { return extractor.data(entry, bytes); });
    auto streamed = client.stream("GET", archiveTarget(containerId, path),
                                  [&](std::string_view bytes) { return reader.feed(bytes); });
    auto written = extractor.finish();
    for (const auto& name : extractor.refused()) refused << QString::fromStdString(name);
    if (!streamed) return std::unexpected(streamed.error().wrap("downloading {}", path.toStdString()));
    if (!written) return std::unexpected(written.error().wrap("downloading {}", path.toStdString()));
    return written;
}

Result<> uploadToContainer(api::EngineClient& client, const QString& containerId, const QString& path,
                           const QStringList& localPaths) {
    std::vector<std::filesystem::path> sources;
    for (const auto& local : localPaths) sources.emplace_back(local.toStdString());
    // Tarred as it is sent: a big file never sits in memory.
    auto archive = tar::PackSource::of_paths(sources);
    api::BodySource body{[&archive](std::span<char> buffer) { return archive.read(buffer); }};
    auto response = client.request("PUT", archiveTarget(containerId, path), body);
    if (!response) return std::unexpected(response.error().wrap("uploading to {}", path.toStdString()));
    if (response->status < 200 || response->status > 299)
        return std::unexpected(api::error_from_response(*response).wrap("uploading to {}", path.toStdString()));
    return {};
}

} // namespace berth::ui
