// extract_tar (`docker cp` in): berthd decompresses the upload and a child
// chrooted into the container's root extracts the plain tar, as the layer
// unpacker does (engine/images/layer_unpacker.cpp), with moby's rules for cp:
// names are relative to the destination directory, `..` and links leading out
// of it are refused, and noOverwriteDirNonDir is honoured.
#include "containers/archive/archive.h"

#include "images/archive_error.h"
#include "containers/archive/in_root.h"

#include <archive.h>
#include <archive_entry.h>
#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <memory>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace berth::containers {
namespace {

// An entry the archive itself makes impossible (a file under a name an earlier
// entry made a FIFO or a file, a name too long, a loop of its own symlinks) is
// the client's error, 400; a full or failing disk stays the server's.
// (Found by tests/acceptance/fault_tar_fuzz_test.sh: "fifo" then "fifo/x" was a 500.)
bool made_impossible_by_archive(int error) {
    switch (error) {
    case ENOTDIR: case EISDIR: case EEXIST: case ELOOP: case ENAMETOOLONG: case EINVAL: case ENOENT:
        return true;
    default:
        return false;
    }
}

struct ArchiveReadCloser {
    void operator()(archive* a) const { archive_read_free(a); }
};
struct ArchiveWriteCloser {
    void operator()(archive* a) const { archive_write_free(a); }
};
using ArchiveReader = std::unique_ptr<archive, ArchiveReadCloser>;

constexpr int kExtractFlags = ARCHIVE_EXTRACT_OWNER | ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_TIME |
                              ARCHIVE_EXTRACT_XATTR | ARCHIVE_EXTRACT_SECURE_NODOTDOT | ARCHIVE_EXTRACT_UNLINK;

bool leads_out(const std::string& relative) { return relative == ".." || relative.starts_with("../"); }

std::string parent_of(const std::string& relative) {
    auto slash = relative.rfind('/');
    return slash == std::string::npos ? "." : relative.substr(0, slash);
}

// In the child (chrooted; cwd the destination): checks and extracts one entry.
// Returns 0, or the exit status after saying why.
int extract_entry(archive* reader, archive* writer, archive_entry* entry, const std::string& dest,
                  const ExtractOptions& options) {
    const char* raw_name = archive_entry_pathname(entry);
    if (!raw_name) {
        detail::child_say("an entry without a name");
        return detail::kChildRefused;
    }
    bool entry_is_dir = archive_entry_filetype(entry) == AE_IFDIR;
    if (auto refusal = tar_entry_refusal(raw_name, archive_entry_filetype(entry), archive_entry_hardlink(entry),
                                         archive_entry_symlink(entry), dest)) {
        detail::child_say(*refusal);
        return detail::kChildRefused;
    }
    std::string name = tar_entry_name(raw_name);
    std::string shown = detail::clean_path(dest + "/" + name);
    if (name == ".") return 0; // the destination itself, which exists: left as it is (moby)
    archive_entry_set_pathname(entry, name.c_str());
    if (const char* link = archive_entry_hardlink(entry)) archive_entry_set_hardlink(entry, tar_entry_name(link).c_str());
    if (options.uid) archive_entry_set_uid(entry, *options.uid);
    if (options.gid) archive_entry_set_gid(entry, *options.gid);

    struct stat existing{};
    if (::lstat(name.c_str(), &existing) == 0) {
        bool existing_is_dir = S_ISDIR(existing.st_mode);
        if (options.no_overwrite_dir_non_dir && existing_is_dir && !entry_is_dir) {
            detail::child_say(std::format("cannot overwrite directory \"{}\" with non-directory \"{}\"", shown, dest));
            return detail::kChildRefused;
        }
        if (options.no_overwrite_dir_non_dir && !existing_is_dir && entry_is_dir) {
            detail::child_say(std::format("cannot overwrite non-directory \"{}\" with directory \"{}\"", shown, dest));
            return detail::kChildRefused;
        }
        if (existing_is_dir && !entry_is_dir) { // moby removes it, contents and all
            std::error_code ec;
            std::filesystem::remove_all(name, ec);
        }
    }

    if (archive_write_header(writer, entry) != ARCHIVE_OK) {
        int error = archive_errno(writer);
        // A device node the filesystem will not make (overlayfs refuses char 0:0,
        // its whiteout) is the archive's doing, not the engine's: say why.
        bool device = archive_entry_filetype(entry) == AE_IFCHR || archive_entry_filetype(entry) == AE_IFBLK;
        if (device && error == EPERM) {
            detail::child_say(std::format("\"{}\": {}: {}", shown, images::archive_error(writer), go_strerror(error)));
            return detail::kChildRefused;
        }
        detail::child_say(std::format("\"{}\": {}", shown, images::archive_error(writer)));
        return made_impossible_by_archive(error) ? detail::kChildRefused : 4;
    }
    const void* block;
    size_t size;
    la_int64_t offset;
    int status;
    while ((status = archive_read_data_block(reader, &block, &size, &offset)) == ARCHIVE_OK) {
        if (archive_write_data_block(writer, block, size, offset) != ARCHIVE_OK) {
            detail::child_say(std::format("writing \"{}\": {}", shown, images::archive_error(writer)));
            // A file cut short (the disk full, say) is not left looking whole.
            ::unlink(name.c_str());
            return 5;
        }
    }
    if (status != ARCHIVE_EOF) {
        detail::child_say(std::format("reading \"{}\": {}", raw_name, images::archive_error(reader)));
        return detail::kChildRefused;
    }
    if (archive_write_finish_entry(writer) < ARCHIVE_WARN) {
        detail::child_say(std::format("finishing \"{}\": {}", shown, images::archive_error(writer)));
        return 7;
    }
    return 0;
}

int extract_in_child(const std::string& dest, const ExtractOptions& options) {
    // Resolved here, inside the root, following every symlink (the last one too:
    // moby lets you extract "to a symlink that points to a directory").
    if (::chdir(dest.c_str()) != 0) {
        if (errno == ENOENT) return detail::kChildNotFound;
        if (errno == ENOTDIR) {
            detail::child_say("extraction point is not a directory");
            return detail::kChildRefused;
        }
        detail::child_say(std::format("entering {}: {}", dest, go_strerror(errno)));
        return 3;
    }
    ArchiveReader reader(archive_read_new());
    archive_read_support_format_tar(reader.get());
    archive_read_support_format_gnutar(reader.get());
    std::unique_ptr<archive, ArchiveWriteCloser> writer(archive_write_disk_new());
    archive_write_disk_set_options(writer.get(), kExtractFlags);
    if (archive_read_open_fd(reader.get(), 0, 64 * 1024) != ARCHIVE_OK) {
        detail::child_say(std::string("reading the archive: ") + images::archive_error(reader.get()));
        return detail::kChildRefused;
    }
    archive_entry* entry = nullptr;
    int status;
    while ((status = archive_read_next_header(reader.get(), &entry)) == ARCHIVE_OK) {
        if (int failed = extract_entry(reader.get(), writer.get(), entry, dest, options); failed != 0) return failed;
    }
    if (status != ARCHIVE_EOF) {
        detail::child_say(std::string("reading the archive: ") + images::archive_error(reader.get()));
        return detail::kChildRefused;
    }
    if (archive_write_close(writer.get()) != ARCHIVE_OK) { // directories' times and modes, set last
        detail::child_say(std::string("finishing: ") + images::archive_error(writer.get()));
        return 9;
    }
    return 0;
}

Result<> send_all(int fd, std::string_view data) {
    while (!data.empty()) {
        ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) continue;
            return fail_errno("handing the archive to the extractor");
        }
        data.remove_prefix(static_cast<size_t>(n));
    }
    return {};
}

// Decompresses the upload into the child.
Result<> feed(const TarSource& source, int child_input) {
    PlainStream plain(source);
    std::array<char, 64 * 1024> buffer;
    for (;;) {
        auto piece = plain.read(buffer);
        if (!piece) return std::unexpected(piece.error());
        if (piece->empty()) return {};
        // The child may stop reading early (a refused entry); its report says why.
        if (!send_all(child_input, *piece)) return {};
    }
}

} // namespace

PlainStream::PlainStream(const TarSource& source) : source_(source), raw_(archive_read_new()) {
    archive_read_support_filter_all(raw_);
    archive_read_support_format_raw(raw_);
}

PlainStream::~PlainStream() { archive_read_free(raw_); }

la_ssize_t PlainStream::pull(archive*, void* self, const void** piece) {
    auto* stream = static_cast<PlainStream*>(self);
    auto next = stream->source_();
    if (!next) {
        stream->source_error_ = next.error();
        return -1;
    }
    *piece = next->data();
    return static_cast<la_ssize_t>(next->size());
}

Result<std::string_view> PlainStream::read(std::span<char> buffer) {
    auto failed = [this](std::string_view doing) -> Result<std::string_view> {
        if (source_error_) return std::unexpected(source_error_->wrap("{}", doing));
        return fail(ErrorCategory::Invalid, "{}: {}", doing, images::archive_error(raw_));
    };
    if (!started_) {
        started_ = true;
        if (archive_read_open(raw_, this, nullptr, &PlainStream::pull, nullptr) != ARCHIVE_OK)
            return failed("reading the archive");
        archive_entry* entry = nullptr;
        int status = archive_read_next_header(raw_, &entry);
        if (status == ARCHIVE_EOF) ended_ = true; // an empty upload
        else if (status != ARCHIVE_OK) return failed("reading the archive");
    }
    if (ended_) return std::string_view();
    la_ssize_t got = archive_read_data(raw_, buffer.data(), buffer.size());
    if (got < 0) return failed("decompressing the archive");
    if (got == 0) ended_ = true;
    return std::string_view(buffer.data(), static_cast<size_t>(got));
}

int detail::run_extract_job(const nlohmann::json& request) {
    ExtractOptions options;
    options.no_overwrite_dir_non_dir = request.value("no_overwrite_dir_non_dir", false);
    if (request.contains("uid")) options.uid = request["uid"].get<uid_t>();
    if (request.contains("gid")) options.gid = request["gid"].get<gid_t>();
    return extract_in_child(json_path(request.value("dest", nlohmann::json())), options);
}

// As moby's Unpack: an absolute name is cleaned as such (its ".." stop at "/"), then taken as relative.
std::string tar_entry_name(std::string_view name) {
    std::string clean = detail::clean_path(name);
    if (clean.starts_with('/')) clean = clean == "/" ? "." : clean.substr(1);
    return clean;
}

std::optional<std::string> tar_entry_refusal(std::string_view raw_name, mode_t type, const char* hardlink,
                                             const char* symlink, const std::string& dest) {
    std::string name = tar_entry_name(raw_name);
    if (leads_out(name)) return std::format("\"{}\" is outside of \"{}\"", raw_name, dest);
    if (name == "." && type != S_IFDIR)
        return std::format("cannot overwrite directory \"{}\" with non-directory \"{}\"", dest, raw_name);
    if (hardlink) {
        std::string target = tar_entry_name(hardlink);
        if (leads_out(target) || target == ".") return std::format("invalid hardlink \"{}\" -> \"{}\"", name, hardlink);
    }
    // moby joins even an absolute target to the link's directory for this check.
    if (type == S_IFLNK && (!symlink || leads_out(detail::clean_path(parent_of(name) + "/" + symlink))))
        return std::format("invalid symlink \"{}\" -> \"{}\"", detail::clean_path(dest + "/" + name), symlink ? symlink : "");
    return std::nullopt;
}

Result<> extract_tar(const std::string& root, const std::string& path, const std::string& container,
                     const TarSource& source, const ExtractOptions& options) {
    auto not_found = detail::file_not_found(path, container);
    std::string dest = detail::clean_path("/" + path);
    {
        // Checked before reading the upload, for Docker's errors; the child resolves again.
        UniqueFd root_fd(::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
        if (!root_fd) return fail_errno("opening the container's root {}", root);
        auto target = detail::open_in_root(root_fd.get(), dest, O_PATH);
        if (!target) {
            if (target.error().errnum() == ENOENT || target.error().errnum() == ENOTDIR)
                return std::unexpected(not_found);
            return std::unexpected(target.error());
        }
        struct stat info{};
        if (::fstat(target->get(), &info) != 0) return fail_errno("inspecting {} in the container", path);
        if (!S_ISDIR(info.st_mode)) return fail(ErrorCategory::Invalid, "extraction point is not a directory");
    }

    int data[2], report[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, data) != 0) return fail_errno("socketpair");
    UniqueFd data_parent(data[0]), data_child(data[1]);
    if (::pipe2(report, O_CLOEXEC) != 0) return fail_errno("pipe");
    UniqueFd report_parent(report[0]), report_child(report[1]);
    nlohmann::json request = {{"dest", detail::path_json(dest)},
                              {"no_overwrite_dir_non_dir", options.no_overwrite_dir_non_dir}};
    if (options.uid) request["uid"] = *options.uid;
    if (options.gid) request["gid"] = *options.gid;
    auto child = detail::spawn_in_root(root, data_child.get(), -1, report_child.get(), detail::RootJob::Extract, request);
    if (!child) return std::unexpected(child.error());
    data_child.reset();
    report_child.reset();

    auto fed = feed(source, data_parent.get());
    data_parent.reset(); // end of input for the child
    auto finished = detail::finish_child(*child, report_parent.get(), not_found, std::format("extracting into {}", path));
    if (!fed) return fed; // the upload itself was bad: that explains the child's failure too
    return finished;
}

Result<> extract_tar(const std::string& root, const std::string& path, const std::string& container,
                     std::string_view tar, const ExtractOptions& options) {
    bool given = false;
    TarSource source = [&]() -> Result<std::string_view> {
        if (given) return std::string_view();
        given = true;
        return tar;
    };
    return extract_tar(root, path, container, source, options);
}

} // namespace berth::containers
