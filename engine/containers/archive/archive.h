#pragma once
// A container's files as tar streams: `docker cp` both ways and `docker export`.
//
//   HEAD/GET /containers/{id}/archive?path=   stat_in_root (X-Docker-Container-Path-Stat
//                                              header: path_stat_header), then write_tar
//   PUT /containers/{id}/archive?path=        extract_tar
//   GET /containers/{id}/export               write_export
//
// `root` is the container's root filesystem as the host sees it (the mounted
// overlay); `path` is a path inside the container. Every path is resolved inside
// `root`: a symlink in the container, even an absolute one or one made while we
// read, leads to the container's own files, never to the host's. Reading and
// writing happen in a child process chrooted into `root` (see in_root.h).
// `container` is the name the user gave, for Docker's not-found message.

#include "base/error.h"
#include "containers/archive/changes.h"

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

struct archive;

namespace berth::containers {

// Docker's ContainerPathStat.
struct PathStat {
    std::string name;        // the last element as asked: "hosts"; "/" for the root
    int64_t size = 0;        // lstat's size
    uint32_t mode = 0;       // lstat's st_mode (type and permission bits)
    int64_t mtime_sec = 0;
    int64_t mtime_nsec = 0;
    std::string link_target; // a symlink's destination resolved inside the container ("/etc/real"), else ""
};

// The "mode" Docker sends: Go's os.FileMode (permissions | ModeDir | ModeSymlink ...).
uint32_t go_file_mode(uint32_t st_mode);
// {"name","size","mode","mtime","linkTarget"}, mtime as RFC 3339 with nanoseconds (UTC).
nlohmann::json path_stat_json(const PathStat& stat);
// The X-Docker-Container-Path-Stat header's value: base64 of path_stat_json.
std::string path_stat_header(const PathStat& stat);

// lstat of `path`: its directory resolved (symlinks followed inside the root), its
// last element not followed unless the path ends in "/" (as moby's StatPath).
// NotFound: "Could not find the file <path> in container <container>".
Result<PathStat> stat_in_root(const std::string& root, const std::string& path, const std::string& container);

// Receives the stream piece by piece; returning false stops it (the client left).
using TarSink = std::function<bool(std::string_view)>;

// `docker cp CONTAINER:path -`: a tar whose top entry is named after the path's
// last element ("hosts"; a directory "etc" gives "etc/", "etc/passwd", ...; "etc/."
// gives "./", "./passwd"). Modes, owners, times (seconds), symlinks (as links),
// hardlinks and security.capability are kept. Same NotFound as stat_in_root.
Result<> write_tar(const std::string& root, const std::string& path, const std::string& container,
                   const TarSink& sink);

// `docker export`: every file of the root ("bin/", "bin/busybox", ...; no entry for
// "/" itself), staying on the root's own filesystem: what is mounted over it
// (proc, volumes) is not part of the container's filesystem, as dockerd's export of
// the bare layer does not see it either.
Result<> write_export(const std::string& root, const TarSink& sink);

// `docker commit`: an overlayfs upper dir as a layer tar. Its whiteouts (0/0
// character devices, trusted.overlay.opaque directories) become OCI ones
// (`.wh.<name>`, `<dir>/.wh..wh..opq`); `left_out` paths ("/etc/hosts", "/dev")
// and what is below them are not written.
Result<> write_layer_diff(const std::string& upper_dir, const std::vector<std::string>& left_out, const TarSink& sink);

// `docker commit` where the writable layer is the whole tree (vfs): the listed
// changes of `root` (tree_changes), each alone, a deletion as its `.wh.` file.
Result<> write_changes_layer(const std::string& root, const std::vector<Change>& changes, const TarSink& sink);

// The upload of `docker cp - CONTAINER:path` (PUT .../archive).
struct ExtractOptions {
    // noOverwriteDirNonDir: refuse to replace a directory by a non-directory or the reverse.
    bool no_overwrite_dir_non_dir = false;
    // copyUIDGID with a container user: every entry owned by them; unset keeps the tar's.
    std::optional<uid_t> uid;
    std::optional<gid_t> gid;
};

// Gives the upload piece by piece; an empty view is its end. A view stays valid
// until the next call.
using TarSource = std::function<Result<std::string_view>()>;

// extract_tar's rules for one entry, for a reader that checks a tar before it
// is extracted (the build context, indexed as it arrives): where a tar name
// lands relative to the destination ("a/b"; "." the destination itself), and
// why an entry is refused (`type` S_IFDIR, S_IFLNK...; `hardlink`, `symlink`
// its link targets, or null).
std::string tar_entry_name(std::string_view name);
std::optional<std::string> tar_entry_refusal(std::string_view name, mode_t type, const char* hardlink,
                                             const char* symlink, const std::string& dest);

// An upload decompressed (gzip, bzip2, xz, zstd, or plain as it is) by
// libarchive's filters, in berthd: never a decompressor program. What
// extract_tar hands its chrooted child, and what the build context spools.
class PlainStream {
public:
    explicit PlainStream(const TarSource& source);
    ~PlainStream();
    PlainStream(const PlainStream&) = delete;
    PlainStream& operator=(const PlainStream&) = delete;
    // The next piece, in `buffer`; empty at the end.
    Result<std::string_view> read(std::span<char> buffer);

private:
    static ssize_t pull(struct archive*, void* self, const void** piece);
    const TarSource& source_;
    struct archive* raw_;
    std::optional<Error> source_error_;
    bool started_ = false;
    bool ended_ = false;
};

// Extracts a tar (plain, gzip, bzip2, xz or zstd) into the directory `path`, which
// must exist (NotFound: "Could not find the file <path> in container <container>";
// a non-directory: Invalid "extraction point is not a directory"). Entries are
// placed relative to it, absolute names included; "..", links leading out of it
// are refused as Docker refuses them (Invalid), and nothing can land outside the
// root whatever the container's symlinks say.
Result<> extract_tar(const std::string& root, const std::string& path, const std::string& container,
                     const TarSource& source, const ExtractOptions& options = {});
Result<> extract_tar(const std::string& root, const std::string& path, const std::string& container,
                     std::string_view tar, const ExtractOptions& options = {});

} // namespace berth::containers
