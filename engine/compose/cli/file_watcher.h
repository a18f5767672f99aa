#pragma once
// What `compose watch` reads the filesystem with: inotify over directory trees
// (every directory below a root, and those made later), reporting the paths
// created, written, deleted or moved. A root that is a file is watched through
// its directory, and only its own changes are reported.

#include "base/error.h"
#include "base/unique_fd.h"

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace berth::compose::cli {

// `path` below `root` (or `root` itself), compared by path elements: its
// relative form, else nothing.
std::optional<std::filesystem::path> relative_below(const std::filesystem::path& path,
                                                    const std::filesystem::path& root);

class FileWatcher {
public:
    static Result<FileWatcher> open(const std::vector<std::filesystem::path>& roots);

    // The paths that changed, once nothing has changed for `quiet` (changes
    // within it are gathered into one batch, as docker compose's debounce);
    // empty when `limit` passes with nothing. Sorted, each once.
    Result<std::set<std::filesystem::path>> wait(std::chrono::milliseconds quiet, std::chrono::milliseconds limit);

private:
    FileWatcher() = default;
    Result<> add_tree(const std::filesystem::path& directory, bool recursive = true);
    // Reads what is queued; `changed` gets the paths below a root.
    Result<> drain(std::set<std::filesystem::path>& changed);
    bool wanted(const std::filesystem::path& path) const;

    UniqueFd fd_;
    std::map<int, std::filesystem::path> directories_; // watch descriptor → directory
    std::vector<std::filesystem::path> roots_;
};

} // namespace berth::compose::cli
