#include "images/layer_unpacker.h"

#include "base/unique_fd.h"

#include <archive.h>
#include <archive_entry.h>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <sys/socket.h>
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

// Runs in the child, chrooted into the target: extracts the tar read from `input`.
// Reports a failure as one line on `report` and a non-zero exit.
[[noreturn]] void extract_in_child(int input_fd, int report_fd, const std::string& target) {
    // Keep only our two ends as stdin and stdout: an inherited copy of the
    // parent's end would keep the input from ever ending.
    if (::dup2(input_fd, 0) < 0 || ::dup2(report_fd, 1) < 0) ::_exit(10);
    ::close_range(3, ~0U, 0);
    const int input = 0, report = 1;
    auto say = [report](const std::string& message) {
        (void)!::write(report, message.data(), message.size());
    };
    if (::chroot(target.c_str()) != 0 || ::chdir("/") != 0) {
        say("entering " + target + ": " + std::strerror(errno));
        ::_exit(2);
    }
    ::umask(0);
    ArchiveReader reader(archive_read_new());
    archive_read_support_format_tar(reader.get());
    archive_read_support_format_gnutar(reader.get());
    ArchiveWriter writer(archive_write_disk_new());
    archive_write_disk_set_options(writer.get(), kExtractFlags);
    if (archive_read_open_fd(reader.get(), input, 64 * 1024) != ARCHIVE_OK) {
        say(std::string("reading the layer: ") + archive_error_string(reader.get()));
        ::_exit(3);
    }
    archive_entry* entry = nullptr;
    int status;
    while ((status = archive_read_next_header(reader.get(), &entry)) == ARCHIVE_OK) {
        std::string name = archive_entry_pathname(entry) ? archive_entry_pathname(entry) : "";
        if (archive_write_header(writer.get(), entry) != ARCHIVE_OK) {
            say("layer entry \"" + name + "\": " + archive_error_string(writer.get()));
            ::_exit(4);
        }
        const void* block;
        size_t size;
        la_int64_t offset;
        int data_status;
        while ((data_status = archive_read_data_block(reader.get(), &block, &size, &offset)) == ARCHIVE_OK) {
            if (archive_write_data_block(writer.get(), block, size, offset) != ARCHIVE_OK) {
                say("writing \"" + name + "\": " + archive_error_string(writer.get()));
                ::_exit(5);
            }
        }
        if (data_status != ARCHIVE_EOF) {
            say("reading \"" + name + "\": " + archive_error_string(reader.get()));
            ::_exit(6);
        }
        if (archive_write_finish_entry(writer.get()) != ARCHIVE_OK) {
            say("finishing \"" + name + "\": " + archive_error_string(writer.get()));
            ::_exit(7);
        }
    }
    if (status != ARCHIVE_EOF) {
        say(std::string("reading the layer: ") + archive_error_string(reader.get()));
        ::_exit(8);
    }
    if (archive_write_close(writer.get()) != ARCHIVE_OK) {
        say(std::string("finishing the layer: ") + archive_error_string(writer.get()));
        ::_exit(9);
    }
    ::_exit(0);
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

// Decompresses `tarball` piece by piece into the blob and the child's socket.
Result<> feed(std::string_view tarball, store::ContentStore::Writer& blob, int child_input) {
    ArchiveReader raw(archive_read_new());
    archive_read_support_filter_all(raw.get());
    archive_read_support_format_raw(raw.get());
    if (archive_read_open_memory(raw.get(), tarball.data(), tarball.size()) != ARCHIVE_OK)
        return fail(ErrorCategory::Invalid, "reading the layer: {}", archive_error_string(raw.get()));
    archive_entry* entry = nullptr;
    if (archive_read_next_header(raw.get(), &entry) != ARCHIVE_OK)
        return fail(ErrorCategory::Invalid, "reading the layer: {}", archive_error_string(raw.get()));
    char buffer[64 * 1024];
    for (;;) {
        la_ssize_t n = archive_read_data(raw.get(), buffer, sizeof buffer);
        if (n < 0) return fail(ErrorCategory::Invalid, "decompressing the layer: {}", archive_error_string(raw.get()));
        if (n == 0) return {};
        std::string_view piece(buffer, static_cast<size_t>(n));
        if (auto written = blob.write(piece); !written) return written;
        // The child may stop reading early (a bad entry); its own report says why.
        if (auto sent = send_all(child_input, piece); !sent) return {};
    }
}

} // namespace

Result<UnpackedLayer> unpack_layer(std::string_view tarball, const store::ContentStore& content,
                                   const std::string& target) {
    auto blob = content.writer();
    if (!blob) return std::unexpected(blob.error());
    int data[2], report[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, data) != 0) return fail_errno("socketpair");
    UniqueFd data_parent(data[0]), data_child(data[1]);
    if (::pipe2(report, O_CLOEXEC) != 0) return fail_errno("pipe");
    UniqueFd report_parent(report[0]), report_child(report[1]);

    pid_t child = ::fork();
    if (child < 0) return fail_errno("forking the layer unpacker");
    if (child == 0) extract_in_child(data_child.get(), report_child.get(), target);
    data_child.reset();
    report_child.reset();

    auto fed = feed(tarball, *blob, data_parent.get());
    data_parent.reset(); // end of input for the child
    std::string child_report = read_all(report_parent.get());
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {}
    if (!fed) return std::unexpected(fed.error());
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        if (child_report.empty()) child_report = std::format("the unpacker ended with status {}", status);
        return fail(ErrorCategory::Invalid, "unpacking the layer: {}", child_report);
    }
    UnpackedLayer layer;
    layer.size = blob->size();
    auto digest = blob->commit();
    if (!digest) return std::unexpected(digest.error());
    layer.diff_id = *digest;
    return layer;
}

} // namespace berth::images
