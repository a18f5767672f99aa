#include "images/layer_unpacker.h"

#include "images/archive_error.h"
#include "base/digest.h"
#include "base/self_exec.h"
#include "base/unique_fd.h"
#include "images/whiteouts.h"

#include <archive.h>
#include <archive_entry.h>
#include <clocale>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <algorithm>
#include <memory>
#include <optional>
#include <vector>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <sys/wait.h>
#include <unistd.h>

namespace berth::images {
namespace {

struct ArchiveReadCloser {
    void operator()(archive* a) const { archive_read_free(a); }
};
struct ArchiveWriteCloser {
    void operator()(archive* a) const { archive_write_free(a); }
};
using ArchiveReader = std::unique_ptr<archive, ArchiveReadCloser>;
using ArchiveWriter = std::unique_ptr<archive, ArchiveWriteCloser>;

// Ownership, modes, times and xattrs as the tar says; `..` entries refused (as
// Docker refuses them) even though the chroot would already contain them.
constexpr int kExtractFlags = ARCHIVE_EXTRACT_OWNER | ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_TIME |
                              ARCHIVE_EXTRACT_XATTR | ARCHIVE_EXTRACT_SECURE_NODOTDOT |
                              ARCHIVE_EXTRACT_UNLINK;

enum class Whiteout { None, Applied, Failed };

// Makes the parent directories of `path` (relative, inside the chroot) as the
// extraction would: a whiteout may come before anything else in its directory.
bool make_parents(const std::string& path) {
    for (size_t slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1)) {
        std::string dir = path.substr(0, slash);
        if (!dir.empty() && ::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) return false;
    }
    return true;
}

// An OCI whiteout entry as overlayfs spells it (in the child, chrooted); with
// the OCI spelling kept, only checked (it is then extracted as the file it is).
Whiteout apply_whiteout(std::string name, WhiteoutFormat format) {
    while (name.starts_with("./")) name.erase(0, 2);
    while (name.starts_with('/')) name.erase(0, 1);
    while (name.ends_with('/')) name.pop_back();
    auto slash = name.rfind('/');
    std::string dir = slash == std::string::npos ? "" : name.substr(0, slash + 1);
    std::string base = slash == std::string::npos ? name : name.substr(slash + 1);
    if (!base.starts_with(".wh.")) return Whiteout::None;
    if (("/" + name + "/").find("/../") != std::string::npos) {
        errno = EINVAL;
        return Whiteout::Failed;
    }
    if (base != kOciOpaqueMarker && !oci_whiteout_target(base)) {
        errno = EINVAL;
        return Whiteout::Failed;
    }
    if (format == WhiteoutFormat::Oci) return Whiteout::None;
    if (!make_parents(name)) return Whiteout::Failed;
    if (base == kOciOpaqueMarker) {
        std::string target = dir.empty() ? "." : dir;
        return ::lsetxattr(target.c_str(), "trusted.overlay.opaque", "y", 1, 0) == 0 ? Whiteout::Applied
                                                                                     : Whiteout::Failed;
    }
    std::string hidden = dir + base.substr(kOciWhiteoutPrefix.size());
    ::unlink(hidden.c_str()); // the layer may also have had it; the whiteout wins
    return ::mknod(hidden.c_str(), S_IFCHR | 0, ::makedev(0, 0)) == 0 ? Whiteout::Applied : Whiteout::Failed;
}

// The unpacker is a process of its own image (base/self_exec.h says why; three
// pulls' unpackers forking at once hung under AddressSanitizer): the
// constructor below, part of every binary that links the unpacker (berthd, the
// tests), takes over before main() when it sees this flag.
constexpr const char* kUnpackerFlag = "--berth-internal-unpack-layer";

// Runs in the unpacker process, chrooted into the target: extracts the tar read
// from `input`. Reports a failure as one line on `report` and a non-zero exit.
[[noreturn]] void extract_in_child(int input_fd, int report_fd, const std::string& target, WhiteoutFormat format) {
    // spawn_self left only our two ends open: an inherited copy of the parent's
    // end would keep the input from ever ending.
    const int input = input_fd, report = report_fd;
    auto say = [report](const std::string& message) {
        (void)!::write(report, message.data(), message.size());
    };
    if (::chroot(target.c_str()) != 0 || ::chdir("/") != 0) {
        say("entering " + target + ": " + go_strerror(errno));
        ::_exit(2);
    }
    ::umask(0);
    ArchiveReader reader(archive_read_new());
    archive_read_support_format_tar(reader.get());
    archive_read_support_format_gnutar(reader.get());
    ArchiveWriter writer(archive_write_disk_new());
    archive_write_disk_set_options(writer.get(), kExtractFlags);
    if (archive_read_open_fd(reader.get(), input, 64 * 1024) != ARCHIVE_OK) {
        say(std::string("reading the layer: ") + archive_error(reader.get()));
        ::_exit(3);
    }
    archive_entry* entry = nullptr;
    int status;
    while ((status = archive_read_next_header(reader.get(), &entry)) == ARCHIVE_OK) {
        std::string name = archive_entry_pathname(entry) ? archive_entry_pathname(entry) : "";
        if (auto whiteout = apply_whiteout(name, format); whiteout != Whiteout::None) {
            if (whiteout == Whiteout::Failed) {
                say("layer entry \"" + name + "\": " + go_strerror(errno));
                ::_exit(4);
            }
            continue;
        }
        if (archive_write_header(writer.get(), entry) != ARCHIVE_OK) {
            say("layer entry \"" + name + "\": " + archive_error(writer.get()));
            ::_exit(4);
        }
        const void* block;
        size_t size;
        la_int64_t offset;
        int data_status;
        while ((data_status = archive_read_data_block(reader.get(), &block, &size, &offset)) == ARCHIVE_OK) {
            if (archive_write_data_block(writer.get(), block, size, offset) != ARCHIVE_OK) {
                say("writing \"" + name + "\": " + archive_error(writer.get()));
                ::_exit(5);
            }
        }
        if (data_status != ARCHIVE_EOF) {
            say("reading \"" + name + "\": " + archive_error(reader.get()));
            ::_exit(6);
        }
        if (archive_write_finish_entry(writer.get()) != ARCHIVE_OK) {
            say("finishing \"" + name + "\": " + archive_error(writer.get()));
            ::_exit(7);
        }
    }
    if (status != ARCHIVE_EOF) {
        say(std::string("reading the layer: ") + archive_error(reader.get()));
        ::_exit(8);
    }
    if (archive_write_close(writer.get()) != ARCHIVE_OK) {
        say(std::string("finishing the layer: ") + archive_error(writer.get()));
        ::_exit(9);
    }
    ::_exit(0);
}

__attribute__((constructor)) void run_unpacker_when_asked(int argc, char** argv, char**) {
    if (argc != 4 || std::strcmp(argv[1], kUnpackerFlag) != 0) return;
    // File names are bytes: libarchive turns a PAX header's UTF-8 name into the
    // locale's charset, which in the C locale fails for every non-ASCII name
    // (Debian's ca-certificates have some). In C.UTF-8 they pass as they are.
    ::setlocale(LC_CTYPE, "C.UTF-8");
    extract_in_child(0, 1, argv[2], std::strcmp(argv[3], "oci") == 0 ? WhiteoutFormat::Oci : WhiteoutFormat::Overlay);
}

Result<> send_all(int fd, std::string_view data) {
    while (!data.empty()) {
        ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) continue;
            return fail_errno("handing the layer to the unpacker");
        }
        data.remove_prefix(static_cast<size_t>(n));
    }
    return {};
}

std::string read_all(int fd) {
    std::string out;
    char buffer[4096];
    ssize_t n;
    while ((n = ::read(fd, buffer, sizeof buffer)) > 0) out.append(buffer, static_cast<size_t>(n));
    return out;
}

// libarchive pulls the layer's bytes through this, from the caller's reader.
struct PullState {
    explicit PullState(const LayerReader& reader) : source(reader) {}
    const LayerReader& source;
    std::vector<char> buffer = std::vector<char>(256 * 1024);
    std::optional<Error> error; // the reader's own failure, reported as it is
};

la_ssize_t pull_block(archive* a, void* opaque, const void** block) {
    auto& state = *static_cast<PullState*>(opaque);
    auto n = state.source(state.buffer.data(), state.buffer.size());
    if (!n) {
        state.error = n.error();
        archive_set_error(a, EIO, "%s", n.error().message().c_str());
        return -1;
    }
    *block = state.buffer.data();
    return static_cast<la_ssize_t>(*n);
}

// Decompresses the source piece by piece into the hash (and blob) and the child's socket.
Result<> feed(const LayerReader& source, Sha256& plain_hash, uint64_t& plain_size,
              store::ContentStore::Writer* blob, int child_input) {
    PullState state(source);
    ArchiveReader raw(archive_read_new());
    archive_read_support_filter_all(raw.get());
    archive_read_support_format_raw(raw.get());
    auto failure = [&](std::string_view doing) -> Result<> {
        if (state.error) return std::unexpected(*state.error);
        return fail(ErrorCategory::Invalid, "{} the layer: {}", doing, archive_error(raw.get()));
    };
    if (archive_read_open(raw.get(), &state, nullptr, pull_block, nullptr) != ARCHIVE_OK) return failure("reading");
    archive_entry* entry = nullptr;
    if (archive_read_next_header(raw.get(), &entry) != ARCHIVE_OK) return failure("reading");
    std::vector<char> buffer(64 * 1024);
    bool child_reading = true;
    for (;;) {
        la_ssize_t n = archive_read_data(raw.get(), buffer.data(), buffer.size());
        if (n < 0) return failure("decompressing");
        if (n == 0) return {};
        std::string_view piece(buffer.data(), static_cast<size_t>(n));
        plain_hash.update(piece);
        plain_size += piece.size();
        if (blob)
            if (auto written = blob->write(piece); !written) return written;
        // The child may stop reading early (a bad entry); its own report says why,
        // but the source is read to its end all the same (its digest is checked).
        if (child_reading && !send_all(child_input, piece)) child_reading = false;
    }
}

} // namespace

Result<UnpackedLayer> unpack_layer(const LayerReader& source, const store::ContentStore& content,
                                   const std::string& target, bool keep_tar, WhiteoutFormat whiteouts) {
    std::optional<store::ContentStore::Writer> blob;
    if (keep_tar) {
        auto writer = content.writer();
        if (!writer) return std::unexpected(writer.error());
        blob.emplace(std::move(*writer));
    }
    int data[2], report[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, data) != 0) return fail_errno("socketpair");
    UniqueFd data_parent(data[0]), data_child(data[1]);
    if (::pipe2(report, O_CLOEXEC) != 0) return fail_errno("pipe");
    UniqueFd report_parent(report[0]), report_child(report[1]);

    const int child_fds[] = {data_child.get(), report_child.get()};
    auto child = spawn_self("layer unpacker", {kUnpackerFlag, target, whiteouts == WhiteoutFormat::Oci ? "oci" : "overlay"},
                            child_fds, 1);
    if (!child) return std::unexpected(child.error());
    data_child.reset();
    report_child.reset();

    Sha256 plain_hash;
    UnpackedLayer layer;
    auto fed = feed(source, plain_hash, layer.size, blob ? &*blob : nullptr, data_parent.get());
    data_parent.reset(); // end of input for the child
    std::string child_report = read_all(report_parent.get());
    int status = 0;
    while (::waitpid(*child, &status, 0) < 0 && errno == EINTR) {}
    if (!fed) return std::unexpected(fed.error());
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        if (child_report.empty()) child_report = std::format("the unpacker ended with status {}", status);
        return fail(ErrorCategory::Invalid, "unpacking the layer: {}", child_report);
    }
    layer.diff_id = plain_hash.digest();
    if (blob) {
        auto digest = blob->commit(layer.diff_id);
        if (!digest) return std::unexpected(digest.error());
    }
    return layer;
}

LayerReader read_from_memory(std::string_view data) {
    return [data](char* buffer, size_t size) mutable -> Result<size_t> {
        size_t n = std::min(size, data.size());
        std::memcpy(buffer, data.data(), n);
        data.remove_prefix(n);
        return n;
    };
}

Result<LayerReader> read_from_file(const std::string& path) {
    auto fd = std::make_shared<UniqueFd>(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!*fd) return fail_errno("opening {}", path);
    return LayerReader([fd, path](char* buffer, size_t size) -> Result<size_t> {
        for (;;) {
            ssize_t n = ::read(fd->get(), buffer, size);
            if (n >= 0) return static_cast<size_t>(n);
            if (errno != EINTR) return fail_errno("reading {}", path);
        }
    });
}

} // namespace berth::images
