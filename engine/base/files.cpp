#include "base/files.h"

#include "base/unique_fd.h"

#include <algorithm>
#include <dirent.h>
#include <fcntl.h>
#include <filesystem>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

namespace berth {

Result<std::string> read_file(const std::string& path) {
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) return fail_errno("opening {}", path);
    std::string content;
    char buffer[8192];
    for (;;) {
        ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
        if (n < 0) {
            if (errno == EINTR) continue;
            return fail_errno("reading {}", path);
        }
        if (n == 0) break;
        content.append(buffer, static_cast<size_t>(n));
    }
    return content;
}

Result<> write_file_atomically(const std::string& path, std::string_view content, unsigned mode,
                               Durability durability) {
    // Per thread: two threads replacing the same file must not share a temporary.
    std::string temporary = path + ".tmp." + std::to_string(::gettid());
    UniqueFd fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode));
    if (!fd) return fail_errno("creating {}", temporary);
    size_t written = 0;
    while (written < content.size()) {
        ssize_t n = ::write(fd.get(), content.data() + written, content.size() - written);
        if (n < 0) {
            if (errno == EINTR) continue;
            int saved = errno;
            ::unlink(temporary.c_str());
            return std::unexpected(Error::from_errno(saved, "writing " + temporary));
        }
        written += static_cast<size_t>(n);
    }
    bool durable = durability == Durability::Durable;
    if ((durable && ::fsync(fd.get()) != 0) || ::rename(temporary.c_str(), path.c_str()) != 0) {
        int saved = errno;
        ::unlink(temporary.c_str());
        return std::unexpected(Error::from_errno(saved, "replacing " + path));
    }
    if (!durable) return {};
    std::string directory = std::filesystem::path(path).parent_path().string();
    UniqueFd dir(::open(directory.empty() ? "." : directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir) ::fsync(dir.get());
    return {};
}

uint64_t tree_bytes(const std::string& path) {
    uint64_t bytes = 0;
    std::set<std::pair<dev_t, ino_t>> counted;
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(path, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        struct stat st {};
        if (::lstat(it->path().c_str(), &st) != 0 || S_ISDIR(st.st_mode) || st.st_size <= 0) continue;
        if (st.st_nlink > 1 && !counted.insert({st.st_dev, st.st_ino}).second) continue;
        bytes += static_cast<uint64_t>(st.st_size);
    }
    return bytes;
}

std::vector<std::string> directory_entries(int dir_fd) {
    std::vector<std::string> names;
    DIR* stream = ::fdopendir(::dup(dir_fd)); // its own fd: closedir must not close the caller's
    if (!stream) return names;
    while (dirent* entry = ::readdir(stream)) {
        std::string name = entry->d_name;
        if (name != "." && name != "..") names.push_back(std::move(name));
    }
    ::closedir(stream);
    std::ranges::sort(names);
    return names;
}

} // namespace berth
