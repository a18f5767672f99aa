#include "logs/rotating_file.h"

#include <cerrno>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace berth::logs {

namespace {

Result<UniqueFd> open_for_append(const std::string& path, int extra_flags, unsigned mode) {
    UniqueFd fd(::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | extra_flags, mode));
    if (!fd) return fail_errno("opening log file {}", path);
    return fd;
}

} // namespace

Result<RotatingFile> RotatingFile::open(std::string path, int64_t max_size, int max_files, unsigned mode) {
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    if (ec) return std::unexpected(Error::from_errno(ec.value(), "creating the directory of " + path));
    auto fd = open_for_append(path, 0, mode);
    if (!fd) return std::unexpected(fd.error());
    struct stat st {};
    if (::fstat(fd->get(), &st) != 0) return fail_errno("reading the size of {}", path);
    return RotatingFile(std::move(path), std::move(*fd), st.st_size, max_size, max_files < 1 ? 1 : max_files,
                        mode);
}

Result<> RotatingFile::append(std::string_view record) {
    if (!fd_) return fail(ErrorCategory::System, "cannot write to {}: the log file was closed", path_);
    if (max_size_ != unlimited && size_ >= max_size_) {
        if (auto rotated = rotate(); !rotated) return rotated;
    }
    size_t written = 0;
    while (written < record.size()) {
        ssize_t n = ::write(fd_.get(), record.data() + written, record.size() - written);
        if (n < 0) {
            if (errno == EINTR) continue;
            int write_errno = errno;
            // Part of a record (the disk full mid-line) would break the file for
            // every reader: it is cut off, so the file ends on a whole record.
            if (written > 0) (void)::ftruncate(fd_.get(), size_);
            errno = write_errno;
            return fail_errno("writing to log file {}", path_);
        }
        written += static_cast<size_t>(n);
    }
    size_ += static_cast<int64_t>(written);
    return {};
}

Result<> RotatingFile::rotate() {
    fd_.reset();
    if (max_files_ < 2) {
        if (::unlink(path_.c_str()) != 0 && errno != ENOENT) return fail_errno("removing full log file {}", path_);
    } else {
        std::string oldest = path_ + "." + std::to_string(max_files_ - 1);
        if (::unlink(oldest.c_str()) != 0 && errno != ENOENT) return fail_errno("removing oldest log file {}", oldest);
        for (int i = max_files_ - 1; i > 1; --i) {
            std::string from = path_ + "." + std::to_string(i - 1);
            std::string to = path_ + "." + std::to_string(i);
            if (::rename(from.c_str(), to.c_str()) != 0 && errno != ENOENT)
                return fail_errno("rotating log file {} to {}", from, to);
        }
        std::string first = path_ + ".1";
        if (::rename(path_.c_str(), first.c_str()) != 0 && errno != ENOENT)
            return fail_errno("rotating log file {} to {}", path_, first);
    }
    // O_TRUNC in case the rename failed half-way: a fresh file either way.
    auto fd = open_for_append(path_, O_TRUNC, mode_);
    if (!fd) return std::unexpected(fd.error());
    fd_ = std::move(*fd);
    size_ = 0;
    return {};
}

} // namespace berth::logs
