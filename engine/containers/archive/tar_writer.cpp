// write_tar (`docker cp` out) and write_export (`docker export`): a chrooted
// child walks the files with fds relative to their directory, never following a
// symlink, and writes the tar to a pipe that the parent hands to the sink.
#include "containers/archive/archive.h"

#include "images/archive_error.h"
#include "base/files.h"
#include "containers/archive/changes.h"
#include "containers/archive/in_root.h"
#include "images/whiteouts.h"

#include <algorithm>
#include <archive.h>
#include <archive_entry.h>
#include <cerrno>
#include <cstring>
#include <format>
#include <csignal>
#include <dirent.h>
#include <fcntl.h>
#include <map>
#include <memory>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <vector>

namespace berth::containers {
namespace {

struct ArchiveWriteCloser {
    void operator()(archive* a) const { archive_write_free(a); }
};
struct EntryFree {
    void operator()(archive_entry* e) const { archive_entry_free(e); }
};

// Runs in the child. Mirrors moby's tarAppender: numeric owners (no name lookup:
// that would load the container's NSS modules into a root process), mtime in
// whole seconds, no atime/ctime, sockets left out, a second name of an inode
// written as a hard link to the first.
class TarWalker {
public:
    TarWalker(archive* out, bool one_filesystem, dev_t root_dev)
        : out_(out), one_filesystem_(one_filesystem), root_dev_(root_dev) {}

    // Walks an overlayfs upper dir as a layer: its whiteouts written the OCI way
    // (`.wh.<name>`, `.wh..wh..opq`), `left_out` (tar names) not at all.
    void as_layer_diff(std::vector<std::string> left_out) {
        layer_diff_ = true;
        left_out_ = std::move(left_out);
    }

    // Entries alone: a directory without what it holds (a list of changes names each).
    void without_children() { descend_ = false; }

    // Adds `name` in `dir_fd` (whose lstat is `info`) as `tar_name`, and what it holds.
    bool add(int dir_fd, const std::string& name, const std::string& tar_name, const struct stat& info, bool top) {
        if (S_ISSOCK(info.st_mode)) return true; // Go's tar cannot hold them; Docker skips them
        if (layer_diff_) {
            if (!changes_anything(dir_fd, name, tar_name, info)) return true;
            if (images::is_overlay_whiteout(info)) return add_whiteout(tar_name);
        }
        std::unique_ptr<archive_entry, EntryFree> entry(archive_entry_new());
        bool is_dir = S_ISDIR(info.st_mode);
        archive_entry_set_pathname(entry.get(), is_dir && !tar_name.ends_with('/') ? (tar_name + "/").c_str()
                                                                                    : tar_name.c_str());
        archive_entry_set_filetype(entry.get(), info.st_mode & S_IFMT);
        archive_entry_set_perm(entry.get(), info.st_mode & 07777);
        archive_entry_set_uid(entry.get(), info.st_uid);
        archive_entry_set_gid(entry.get(), info.st_gid);
        archive_entry_set_mtime(entry.get(), info.st_mtim.tv_sec, 0);
        if (S_ISCHR(info.st_mode) || S_ISBLK(info.st_mode)) archive_entry_set_rdev(entry.get(), info.st_rdev);

        UniqueFd fd;
        if (S_ISREG(info.st_mode)) {
            auto key = std::pair(info.st_dev, info.st_ino);
            if (info.st_nlink > 1) {
                if (auto seen = links_.find(key); seen != links_.end()) {
                    archive_entry_set_hardlink(entry.get(), seen->second.c_str());
                    archive_entry_set_size(entry.get(), 0);
                    return write_header(entry.get(), tar_name) && finish(tar_name);
                }
            }
            fd.reset(::openat(dir_fd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
            if (!fd) return true; // gone or unreadable: left out, as Docker logs and goes on
            struct stat opened{};
            if (::fstat(fd.get(), &opened) != 0 || !S_ISREG(opened.st_mode)) return true; // swapped meanwhile
            if (info.st_nlink > 1) links_.emplace(key, tar_name);
            archive_entry_set_size(entry.get(), info.st_size);
            add_capabilities(entry.get(), fd.get());
        } else if (S_ISLNK(info.st_mode)) {
            std::string target(4096, '\0');
            ssize_t n = ::readlinkat(dir_fd, name.c_str(), target.data(), target.size());
            if (n < 0) return true;
            target.resize(static_cast<size_t>(n));
            archive_entry_set_symlink(entry.get(), target.c_str());
        } else if (is_dir) {
            fd.reset(::openat(dir_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
            if (!fd) return true;
        }
        if (!write_header(entry.get(), tar_name)) return false;
        if (S_ISREG(info.st_mode) && !copy_data(fd.get(), tar_name, static_cast<uint64_t>(info.st_size))) return false;
        if (!finish(tar_name)) return false;
        if (is_dir && layer_diff_ && images::is_overlay_opaque(fd.get()) &&
            !add_marker((tar_name.ends_with('/') ? tar_name : tar_name + "/") + ".wh..wh..opq"))
            return false;
        // Another filesystem mounted here (proc, a volume): not the container's.
        if (is_dir && descend_ && (top || !one_filesystem_ || info.st_dev == root_dev_))
            return add_children(fd.get(), tar_name.ends_with('/') ? tar_name : tar_name + "/");
        return true;
    }

    // Adds what the directory `fd` holds, each named `prefix` + its name.
    bool add_children(int fd, const std::string& prefix) {
        for (const auto& name : directory_entries(fd)) { // sorted: Go's filepath.Walk order
            struct stat info{};
            if (::fstatat(fd, name.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0) continue;
            if (!add(fd, name, prefix + name, info, false)) return false;
        }
        return true;
    }

    // The OCI whiteout of `tar_name`: `.wh.<name>` beside it.
    bool add_whiteout(const std::string& tar_name) {
        auto slash = tar_name.rfind('/');
        size_t base = slash == std::string::npos ? 0 : slash + 1;
        return add_marker(tar_name.substr(0, base) + std::string(images::kOciWhiteoutPrefix) + tar_name.substr(base));
    }

private:
    // An empty file standing for a deletion, as the OCI image spec writes whiteouts.
    bool add_marker(const std::string& tar_name) {
        std::unique_ptr<archive_entry, EntryFree> entry(archive_entry_new());
        archive_entry_set_pathname(entry.get(), tar_name.c_str());
        archive_entry_set_filetype(entry.get(), AE_IFREG);
        archive_entry_set_perm(entry.get(), 0600);
        archive_entry_set_size(entry.get(), 0);
        return write_header(entry.get(), tar_name) && finish(tar_name);
    }

    // Whether an entry of the upper dir belongs in the layer: not one of
    // berthd's own (left_out_), nor a directory that is there only because it
    // holds them (the copied-up /etc above the /etc/hosts stub), as `docker
    // diff` leaves those out. An empty or opaque directory is a change itself.
    bool changes_anything(int dir_fd, const std::string& name, const std::string& tar_name,
                          const struct stat& info) const {
        if (std::ranges::contains(left_out_, tar_name)) return false;
        if (!S_ISDIR(info.st_mode)) return true;
        UniqueFd fd(::openat(dir_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (!fd || images::is_overlay_opaque(fd.get())) return true;
        auto children = directory_entries(fd.get()); // unreadable counts as empty, a change itself
        return children.empty() || std::ranges::any_of(children, [&](const std::string& child) {
                   struct stat child_info{};
                   return ::fstatat(fd.get(), child.c_str(), &child_info, AT_SYMLINK_NOFOLLOW) == 0 &&
                          changes_anything(fd.get(), child, tar_name + "/" + child, child_info);
               });
    }

    // Docker keeps this one xattr (file capabilities, e.g. ping's cap_net_raw).
    static void add_capabilities(archive_entry* entry, int fd) {
        char value[256];
        ssize_t n = ::fgetxattr(fd, "security.capability", value, sizeof value);
        if (n > 0) archive_entry_xattr_add_entry(entry, "security.capability", value, static_cast<size_t>(n));
    }

    bool write_header(archive_entry* entry, const std::string& tar_name) {
        // A warning: a name that is not UTF-8, written as the bytes it is (hdrcharset=BINARY), as Go's tar does.
        if (archive_write_header(out_, entry) >= ARCHIVE_WARN) return true;
        detail::child_say("writing \"" + tar_name + "\": " + images::archive_error(out_));
        return false;
    }

    // A read error, or a file that ends before the size its header gave, fails
    // the whole tar: libarchive would pad the entry with zeros, a corrupt file
    // the user keeps. Go's tar fails the same way ("missed writing N bytes"), so
    // docker export and docker cp end with an error too.
    bool copy_data(int fd, const std::string& tar_name, uint64_t size) {
        char buffer[64 * 1024];
        uint64_t copied = 0;
        ssize_t n;
        while (copied < size && (n = ::read(fd, buffer, std::min<uint64_t>(sizeof buffer, size - copied))) != 0) {
            if (n < 0) {
                if (errno == EINTR) continue;
                detail::child_say(std::format("reading \"{}\": {}", tar_name, go_strerror(errno)));
                return false;
            }
            if (archive_write_data(out_, buffer, static_cast<size_t>(n)) < 0) {
                detail::child_say("writing \"" + tar_name + "\": " + images::archive_error(out_));
                return false;
            }
            copied += static_cast<uint64_t>(n);
        }
        if (copied < size) {
            detail::child_say(std::format("reading \"{}\": it has {} bytes, {} were expected (it shrank while "
                                          "it was archived)", tar_name, copied, size));
            return false;
        }
        return true;
    }

    bool finish(const std::string& tar_name) {
        if (archive_write_finish_entry(out_) >= ARCHIVE_WARN) return true;
        detail::child_say("finishing \"" + tar_name + "\": " + images::archive_error(out_));
        return false;
    }

    archive* out_;
    bool one_filesystem_;
    dev_t root_dev_;
    bool layer_diff_ = false;
    bool descend_ = true;
    std::vector<std::string> left_out_;
    std::map<std::pair<dev_t, ino_t>, std::string> links_;
};

// What the child archives: `path` (write_tar), the listed changes, or the whole root.
struct TarRequest {
    std::optional<detail::ContainerPath> path;
    std::optional<std::vector<std::string>> layer_diff_left_out; // set: the root is an upper dir
    std::optional<std::vector<Change>> changes;                  // set: only these, the root a whole tree
};

// moby's ExportChanges: each change alone, in path order (parents first): a
// deletion as its whiteout, anything else as its own entry.
bool archive_changes(TarWalker& walker, const std::vector<Change>& changes) {
    walker.without_children();
    for (const auto& change : changes) {
        std::string tar_name = change.path.substr(1);
        if (change.kind == ChangeKind::Deleted) {
            if (!walker.add_whiteout(tar_name)) return false;
            continue;
        }
        auto slash = change.path.rfind('/');
        std::string dir = slash == 0 ? "/" : change.path.substr(0, slash), name = change.path.substr(slash + 1);
        UniqueFd dir_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)); // inside the chroot
        struct stat info{};
        if (!dir_fd || ::fstatat(dir_fd.get(), name.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0) continue; // gone since
        if (!walker.add(dir_fd.get(), name, tar_name, info, false)) return false;
    }
    return true;
}

int archive_in_child(const TarRequest& request) {
    std::unique_ptr<archive, ArchiveWriteCloser> out(archive_write_new());
    // PAX when a name or size needs it, plain ustar otherwise, as Go's tar writer does.
    archive_write_set_format_pax_restricted(out.get());
    archive_write_set_bytes_in_last_block(out.get(), 1); // no padding to 10 KiB blocks
    if (archive_write_open_fd(out.get(), 1) != ARCHIVE_OK) {
        detail::child_say(std::string("starting the tar: ") + images::archive_error(out.get()));
        return 3;
    }
    struct stat root_info{};
    if (::stat("/", &root_info) != 0) return 3;
    bool ok;
    if (request.changes) {
        TarWalker walker(out.get(), true, root_info.st_dev);
        ok = archive_changes(walker, *request.changes);
    } else if (!request.path) {
        UniqueFd root(::open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (!root) return 3;
        TarWalker walker(out.get(), true, root_info.st_dev);
        if (request.layer_diff_left_out) walker.as_layer_diff(*request.layer_diff_left_out);
        ok = walker.add_children(root.get(), "");
    } else {
        const auto& where = *request.path;
        // The directory part follows symlinks (inside this root: the chroot sees to that).
        UniqueFd dir(::open(where.dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (!dir) return errno == ENOENT || errno == ENOTDIR ? detail::kChildNotFound : 3;
        bool itself = where.base.empty() || where.base == ".";
        std::string name = itself ? "." : where.base;
        struct stat info{};
        if (::fstatat(dir.get(), name.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0) return detail::kChildNotFound;
        // moby's TarResourceRebaseOpts: the top entry takes the asked name; "/" gives "" (so "/bin/...").
        std::string top = where.name == "/" ? "" : where.name;
        TarWalker walker(out.get(), false, root_info.st_dev);
        ok = walker.add(dir.get(), name, top, info, true);
    }
    if (!ok) return 4;
    if (archive_write_close(out.get()) != ARCHIVE_OK) {
        detail::child_say(std::string("ending the tar: ") + images::archive_error(out.get()));
        return 5;
    }
    return 0;
}

using detail::json_path;
using detail::path_json;

// The request as the helper gets it (spawn_in_root), and back.
nlohmann::json request_json(const TarRequest& request) {
    nlohmann::json out = nlohmann::json::object();
    if (const auto& path = request.path)
        out["path"] = {path_json(path->abs), path_json(path->dir), path_json(path->base), path_json(path->name)};
    if (request.layer_diff_left_out) {
        out["left_out"] = nlohmann::json::array();
        for (const auto& name : *request.layer_diff_left_out) out["left_out"].push_back(path_json(name));
    }
    if (request.changes) {
        out["changes"] = nlohmann::json::array();
        for (const auto& change : *request.changes)
            out["changes"].push_back({path_json(change.path), static_cast<int>(change.kind)});
    }
    return out;
}

TarRequest request_from_json(const nlohmann::json& in) {
    TarRequest request;
    if (auto path = in.find("path"); path != in.end() && path->is_array() && path->size() == 4)
        request.path = detail::ContainerPath{json_path((*path)[0]), json_path((*path)[1]), json_path((*path)[2]),
                                             json_path((*path)[3])};
    if (auto left_out = in.find("left_out"); left_out != in.end()) {
        request.layer_diff_left_out.emplace();
        for (const auto& name : *left_out) request.layer_diff_left_out->push_back(json_path(name));
    }
    if (auto changes = in.find("changes"); changes != in.end()) {
        request.changes.emplace();
        for (const auto& change : *changes)
            request.changes->push_back({json_path(change[0]), static_cast<ChangeKind>(change[1].get<int>())});
    }
    return request;
}

Result<> stream_tar(const std::string& root, const TarRequest& request, const Error& not_found,
                    std::string_view doing, const TarSink& sink) {
    int data[2], report[2];
    if (::pipe2(data, O_CLOEXEC) != 0) return fail_errno("pipe");
    UniqueFd data_parent(data[0]), data_child(data[1]);
    if (::pipe2(report, O_CLOEXEC) != 0) return fail_errno("pipe");
    UniqueFd report_parent(report[0]), report_child(report[1]);
    auto child = detail::spawn_in_root(root, -1, data_child.get(), report_child.get(), detail::RootJob::WriteTar,
                                       request_json(request));
    if (!child) return std::unexpected(child.error());
    data_child.reset();
    report_child.reset();

    char buffer[64 * 1024];
    bool reader_left = false;
    for (;;) {
        ssize_t n = ::read(data_parent.get(), buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        if (!sink(std::string_view(buffer, static_cast<size_t>(n)))) {
            reader_left = true;
            ::kill(*child, SIGKILL);
            break;
        }
    }
    data_parent.reset();
    auto finished = detail::finish_child(*child, report_parent.get(), not_found, doing);
    if (reader_left) return fail(ErrorCategory::System, "{}: the reader of the tar stream went away", doing);
    return finished;
}

} // namespace

int detail::run_write_tar_job(const nlohmann::json& request) { return archive_in_child(request_from_json(request)); }

Result<> write_tar(const std::string& root, const std::string& path, const std::string& container,
                   const TarSink& sink) {
    // Resolved once here for the caller's NotFound, and again by the child, which
    // is the one that reads: the container may change its files in between.
    auto stat = stat_in_root(root, path, container);
    if (!stat) return std::unexpected(stat.error());
    TarRequest request{detail::parse_container_path(path), std::nullopt, std::nullopt};
    return stream_tar(root, request, detail::file_not_found(path, container), std::format("archiving {}", path),
                      sink);
}

Result<> write_export(const std::string& root, const TarSink& sink) {
    // An unreadable root would make the child's walk an empty (and "whole") tar:
    // refused here, before the first byte, as Docker's JSON error.
    UniqueFd top(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!top) return fail_errno("opening the container's root filesystem {}", root);
    DIR* listing = ::fdopendir(::dup(top.get()));
    if (!listing) return fail_errno("reading the container's root filesystem {}", root);
    errno = 0;
    bool listed = ::readdir(listing) != nullptr || errno == 0;
    int read_errno = errno;
    ::closedir(listing);
    if (!listed) {
        errno = read_errno;
        return fail_errno("reading the container's root filesystem {}", root);
    }
    return stream_tar(root, TarRequest{std::nullopt, std::nullopt, std::nullopt},
                      Error(ErrorCategory::NotFound, "the container's root is gone"),
                      "exporting the container's files", sink);
}

Result<> write_layer_diff(const std::string& upper_dir, const std::vector<std::string>& left_out, const TarSink& sink) {
    std::vector<std::string> names;
    for (const auto& path : left_out) names.push_back(path.substr(path.find_first_not_of('/')));
    return stream_tar(upper_dir, TarRequest{std::nullopt, names, std::nullopt},
                      Error(ErrorCategory::NotFound, "the container's writable layer is gone"),
                      "archiving the container's changes", sink);
}

Result<> write_changes_layer(const std::string& root, const std::vector<Change>& changes, const TarSink& sink) {
    return stream_tar(root, TarRequest{std::nullopt, std::nullopt, changes},
                      Error(ErrorCategory::NotFound, "the container's tree is gone"),
                      "archiving the container's changes", sink);
}

} // namespace berth::containers
