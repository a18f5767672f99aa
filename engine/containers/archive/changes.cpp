#include "containers/archive/changes.h"
#include "images/whiteouts.h"

#include "base/files.h"
#include "base/unique_fd.h"
#include "images/layer_stack.h"

#include <algorithm>
#include <cerrno>
#include <dirent.h>
#include <fcntl.h>
#include <map>
#include <optional>
#include <set>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

namespace berth::containers {
namespace {

using images::is_overlay_opaque;
using images::is_overlay_whiteout;

// Docker's sameFsTime: equal, or equal seconds where one side lost its nanoseconds.
bool same_time(const struct timespec& a, const struct timespec& b) {
    return a.tv_sec == b.tv_sec && (a.tv_nsec == b.tv_nsec || a.tv_nsec == 0 || b.tv_nsec == 0);
}

// Changes by path, with every directory above a change listed as Modified.
class ChangeList {
public:
    void record(const std::string& path, ChangeKind kind) {
        changes_[path] = kind;
        for (auto slash = path.rfind('/'); slash != 0 && slash != std::string::npos; slash = path.rfind('/', slash - 1)) {
            changes_.try_emplace(path.substr(0, slash), ChangeKind::Modified);
        }
    }

    std::vector<Change> result() const {
        std::vector<Change> out;
        out.reserve(changes_.size());
        for (const auto& [path, kind] : changes_) out.push_back({path, kind});
        return out; // std::map keeps them sorted by path
    }

private:
    std::map<std::string, ChangeKind> changes_;
};

// Reads an overlay upper dir: its entries are the changes.
class ChangeWalker {
public:
    explicit ChangeWalker(const std::vector<std::string>& lowers) : lowers_(lowers) {}

    Result<> walk(int dir_fd, const std::string& dir_path, bool under_opaque) {
        for (const auto& name : directory_entries(dir_fd)) {
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
            auto below = under_opaque ? std::nullopt : lowers_.lookup(path);
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

    std::vector<Change> result() const { return changes_.result(); }

private:
    void record(const std::string& path, ChangeKind kind) { changes_.record(path, kind); }

    images::LayerStack lowers_;
    ChangeList changes_;
};

// moby's naive diff (ChangesDirs), for a writable layer that is a whole copy of
// the tree (vfs): what is in the tree and not in the image's layers was Added,
// the reverse Deleted (and nothing listed below it), and an entry in both
// Modified when its type, mode, owner or device differ, or, for a non-directory,
// its size or mtime.
class TreeComparer {
public:
    TreeComparer(const std::vector<std::string>& lowers, dev_t root_dev) : lowers_(lowers), root_dev_(root_dev) {}

    Result<> walk(int dir_fd, const std::string& dir_path, bool in_image) {
        auto names = directory_entries(dir_fd);
        auto before = in_image ? lowers_.list(dir_path.empty() ? "/" : dir_path) : std::set<std::string>{};
        for (const auto& name : names) {
            std::string path = dir_path + "/" + name;
            struct stat info{};
            if (::fstatat(dir_fd, name.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0) {
                if (errno == ENOENT) continue; // gone while we looked
                return fail_errno("inspecting {}", path);
            }
            auto old = before.contains(name) ? lowers_.lookup(path) : std::nullopt;
            if (!old) record(path, ChangeKind::Added, info);
            else if (differs(info, *old)) record(path, ChangeKind::Modified, info);
            if (S_ISDIR(info.st_mode) && info.st_dev == root_dev_) {
                UniqueFd child(::openat(dir_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
                if (!child) return fail_errno("opening {}", path);
                if (auto walked = walk(child.get(), path, old && S_ISDIR(old->st_mode)); !walked) return walked;
            }
        }
        for (const auto& name : before)
            if (!std::ranges::binary_search(names, name)) changes_.record(dir_path + "/" + name, ChangeKind::Deleted);
        return {};
    }

    std::vector<Change> result() const { return changes_.result(); }
    uint64_t changed_bytes() const { return changed_bytes_; }

private:
    static bool differs(const struct stat& now, const struct stat& before) {
        if (now.st_mode != before.st_mode || now.st_uid != before.st_uid || now.st_gid != before.st_gid ||
            now.st_rdev != before.st_rdev)
            return true;
        // Docker: a directory's size and mtime say nothing of a change.
        return !S_ISDIR(now.st_mode) && (now.st_size != before.st_size || !same_time(now.st_mtim, before.st_mtim));
    }

    void record(const std::string& path, ChangeKind kind, const struct stat& info) {
        changes_.record(path, kind);
        if (S_ISREG(info.st_mode)) changed_bytes_ += static_cast<uint64_t>(info.st_size);
    }

    images::LayerStack lowers_;
    dev_t root_dev_;
    ChangeList changes_;
    uint64_t changed_bytes_ = 0;
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

Result<std::vector<Change>> tree_changes(const std::string& root, const std::vector<std::string>& lowers,
                                         uint64_t* changed_bytes) {
    UniqueFd tree(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!tree) return fail_errno("opening the container's tree {}", root);
    struct stat info{};
    if (::fstat(tree.get(), &info) != 0) return fail_errno("inspecting {}", root);
    TreeComparer comparer(lowers, info.st_dev);
    if (auto walked = comparer.walk(tree.get(), "", true); !walked)
        return std::unexpected(walked.error().wrap("comparing {} with its image", root));
    if (changed_bytes) *changed_bytes = comparer.changed_bytes();
    return comparer.result();
}

nlohmann::json changes_json(const std::vector<Change>& changes) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& change : changes)
        out.push_back({{"Path", change.path}, {"Kind", static_cast<int>(change.kind)}});
    return out;
}

} // namespace berth::containers
