#include "containers/archive/changes.h"
#include "containers/archive/overlay_marks.h"

#include "base/unique_fd.h"

#include <algorithm>
#include <cerrno>
#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <map>
#include <optional>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

namespace berth::containers {
namespace {

using detail::is_overlay_opaque;
using detail::is_overlay_whiteout;

// Docker's sameFsTime: equal, or equal seconds where one side lost its nanoseconds.
bool same_time(const struct timespec& a, const struct timespec& b) {
    return a.tv_sec == b.tv_sec && (a.tv_nsec == b.tv_nsec || a.tv_nsec == 0 || b.tv_nsec == 0);
}

class ChangeWalker {
public:
    explicit ChangeWalker(const std::vector<std::string>& lowers) {
        for (const auto& lower : lowers) {
            int fd = ::open(lower.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
            if (fd >= 0) lowers_.emplace_back(fd); // a missing lower hides nothing
        }
    }

    Result<> walk(int dir_fd, const std::string& dir_path, bool under_opaque) {
        DIR* stream = ::fdopendir(::dup(dir_fd));
        if (!stream) return fail_errno("reading {}", dir_path.empty() ? "/" : dir_path);
        std::vector<std::string> names;
        while (dirent* entry = ::readdir(stream)) {
            std::string name = entry->d_name;
            if (name != "." && name != "..") names.push_back(std::move(name));
        }
        ::closedir(stream);
        for (const auto& name : names) {
            std::string path = dir_path + "/" + name;
            struct stat info{};
            if (::fstatat(dir_fd, name.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0) {
                if (errno == ENOENT) continue; // gone while we looked
                return fail_errno("inspecting {}", path);
            }
            if (is_overlay_whiteout(info)) {
                record(path, ChangeKind::Deleted);
                continue;
            }
            UniqueFd child;
            bool opaque = false;
            if (S_ISDIR(info.st_mode)) {
                child.reset(::openat(dir_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
                if (!child) return fail_errno("opening {}", path);
                opaque = is_overlay_opaque(child.get());
            }
            auto below = under_opaque ? std::nullopt : lower_stat(path);
            if (opaque && below) {
                // Docker (overlayDeletedFile): the lower directory was removed and
                // this one made in its place; what it holds now is all new.
                record(path, ChangeKind::Deleted);
            } else if (!below) {
                record(path, ChangeKind::Added);
            } else if (!(S_ISDIR(info.st_mode) && S_ISDIR(below->st_mode) && info.st_mode == below->st_mode &&
                         info.st_size == below->st_size && same_time(info.st_mtim, below->st_mtim))) {
                record(path, ChangeKind::Modified);
            } // else: a directory copied up unchanged, listed only if something below it changed
            if (child) {
                if (auto walked = walk(child.get(), path, under_opaque || opaque); !walked) return walked;
            }
        }
        return {};
    }

    std::vector<Change> result() const {
        std::vector<Change> out;
        out.reserve(changes_.size());
        for (const auto& [path, kind] : changes_) out.push_back({path, kind});
        return out; // std::map keeps them sorted by path
    }

private:
    void record(const std::string& path, ChangeKind kind) {
        changes_[path] = kind;
        for (auto slash = path.rfind('/'); slash != 0 && slash != std::string::npos; slash = path.rfind('/', slash - 1)) {
            changes_.try_emplace(path.substr(0, slash), ChangeKind::Modified);
        }
    }

    // The entry at `path` in the topmost lower that has it, never following a
    // symlink (a lower's absolute link must not point us at the host's files).
    std::optional<struct stat> lower_stat(const std::string& path) const {
        for (const auto& lower : lowers_) {
            open_how how{};
            how.flags = O_PATH | O_NOFOLLOW | O_CLOEXEC;
            how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS | RESOLVE_NO_XDEV;
            std::string relative = path.substr(1);
            int fd = static_cast<int>(::syscall(SYS_openat2, lower.get(), relative.c_str(), &how, sizeof how));
            if (fd < 0) continue;
            UniqueFd owned(fd);
            struct stat info{};
            if (::fstatat(fd, "", &info, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) != 0) continue;
            // A whiteout in a lower layer means the entry is gone from there down.
            if (is_overlay_whiteout(info)) return std::nullopt;
            return info;
        }
        return std::nullopt;
    }

    std::vector<UniqueFd> lowers_;
    std::map<std::string, ChangeKind> changes_;
};

} // namespace

Result<std::vector<Change>> container_changes(const std::string& upper_dir, const std::vector<std::string>& lowers) {
    UniqueFd upper(::open(upper_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!upper) return fail_errno("opening the writable layer {}", upper_dir);
    ChangeWalker walker(lowers);
    if (auto walked = walker.walk(upper.get(), "", false); !walked)
        return std::unexpected(walked.error().wrap("listing the changes in {}", upper_dir));
    return walker.result();
}

Result<std::vector<Change>> container_changes(const std::string& upper_dir, const std::string& lower_root) {
    return container_changes(upper_dir, std::vector<std::string>{lower_root});
}

nlohmann::json changes_json(const std::vector<Change>& changes) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& change : changes)
        out.push_back({{"Path", change.path}, {"Kind", static_cast<int>(change.kind)}});
    return out;
}

} // namespace berth::containers
