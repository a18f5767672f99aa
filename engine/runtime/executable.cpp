#include "runtime/executable.h"
#include "base/go_errno.h"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace berth::runtime {
namespace {

ErrorCategory category_of(int errnum) {
    if (errnum == ENOENT || errnum == ENOTDIR) return ErrorCategory::NotFound;
    if (errnum == EACCES || errnum == EISDIR || errnum == EPERM) return ErrorCategory::Forbidden;
    return ErrorCategory::System;
}

// Go's findExecutable: 0 when `path` is a file this process may execute;
// otherwise the errno, and `stat_failed` when it does not exist at all.
int find_executable(const std::string& path, bool& stat_failed) {
    struct stat info{};
    stat_failed = false;
    if (::stat(path.c_str(), &info) != 0) {
        stat_failed = true;
        return errno;
    }
    if (S_ISDIR(info.st_mode)) return EISDIR;
    if (::faccessat(AT_FDCWD, path.c_str(), X_OK, AT_EACCESS) == 0) return 0;
    if (errno != ENOSYS && errno != EPERM) return errno;
    return (info.st_mode & 0111) ? 0 : EACCES;
}

} // namespace

std::optional<std::string> env_value(const std::vector<std::string>& env, std::string_view name) {
    std::optional<std::string> found;
    for (const auto& entry : env)
        if (entry.size() > name.size() && entry.starts_with(name) && entry[name.size()] == '=')
            found = entry.substr(name.size() + 1);
    return found;
}

Result<std::string> look_path(const std::string& file, const std::vector<std::string>& env) {
    bool stat_failed = false;
    if (file.find('/') != std::string::npos) {
        int err = find_executable(file, stat_failed);
        if (err == 0) return file;
        std::string reason = stat_failed ? std::format("stat {}: {}", file, go_strerror(err)) : go_strerror(err);
        return std::unexpected(Error(category_of(err), std::format("exec: \"{}\": {}", file, reason), err));
    }
    if (!file.empty()) {
        std::string path = env_value(env, "PATH").value_or(kDefaultPath);
        size_t start = 0;
        while (true) {
            size_t end = path.find(':', start);
            std::string dir = path.substr(start, end == std::string::npos ? std::string::npos : end - start);
            if (dir.empty()) dir = ".";
            std::string candidate = dir + "/" + file;
            if (find_executable(candidate, stat_failed) == 0) return candidate;
            if (end == std::string::npos) break;
            start = end + 1;
        }
    }
    return std::unexpected(Error(ErrorCategory::NotFound,
                                 std::format("exec: \"{}\": executable file not found in $PATH", file), ENOENT));
}

Error exec_error(const std::string& file, int errnum) {
    return Error(category_of(errnum), std::format("exec: \"{}\": {}", file, go_strerror(errnum)), errnum);
}

std::optional<int> exec_exit_code(const Error& error) {
    if (!error.message().starts_with("exec: \"")) return std::nullopt;
    if (error.category() == ErrorCategory::NotFound) return 127;
    if (error.category() == ErrorCategory::Forbidden) return 126;
    return std::nullopt;
}

} // namespace berth::runtime
