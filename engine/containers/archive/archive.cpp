// stat_in_root and the stat header; the tar streams are in tar_writer.cpp and
// tar_extract.cpp.
#include "containers/archive/archive.h"

#include "base/base64.h"

#include "containers/archive/in_root.h"

#include <cerrno>
#include <ctime>
#include <fcntl.h>
#include <sys/stat.h>

namespace berth::containers {
namespace {

// Go's os.FileMode bits.
constexpr uint32_t kGoModeDir = 1u << 31, kGoModeSymlink = 1u << 27, kGoModeDevice = 1u << 26,
                   kGoModeNamedPipe = 1u << 25, kGoModeSocket = 1u << 24, kGoModeSetuid = 1u << 23,
                   kGoModeSetgid = 1u << 22, kGoModeCharDevice = 1u << 21, kGoModeSticky = 1u << 20;

// Go's time.Time in JSON: RFC 3339 with nanoseconds, trailing zeros dropped.
std::string rfc3339_nano(int64_t sec, int64_t nsec) {
    std::time_t seconds = static_cast<std::time_t>(sec);
    std::tm utc{};
    ::gmtime_r(&seconds, &utc);
    char date[32];
    std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &utc);
    std::string out = date;
    if (nsec > 0) {
        std::string fraction = std::format("{:09}", nsec);
        while (fraction.ends_with('0')) fraction.pop_back();
        out += "." + fraction;
    }
    return out + "Z";
}

} // namespace

uint32_t go_file_mode(uint32_t st_mode) {
    uint32_t mode = st_mode & 0777;
    switch (st_mode & S_IFMT) {
    case S_IFDIR: mode |= kGoModeDir; break;
    case S_IFLNK: mode |= kGoModeSymlink; break;
    case S_IFBLK: mode |= kGoModeDevice; break;
    case S_IFCHR: mode |= kGoModeDevice | kGoModeCharDevice; break;
    case S_IFIFO: mode |= kGoModeNamedPipe; break;
    case S_IFSOCK: mode |= kGoModeSocket; break;
    default: break;
    }
    if (st_mode & S_ISUID) mode |= kGoModeSetuid;
    if (st_mode & S_ISGID) mode |= kGoModeSetgid;
    if (st_mode & S_ISVTX) mode |= kGoModeSticky;
    return mode;
}

nlohmann::json path_stat_json(const PathStat& stat) {
    return {{"name", stat.name},
            {"size", stat.size},
            {"mode", go_file_mode(stat.mode)},
            {"mtime", rfc3339_nano(stat.mtime_sec, stat.mtime_nsec)},
            {"linkTarget", stat.link_target}};
}

std::string path_stat_header(const PathStat& stat) {
    // A name that is not UTF-8 gets U+FFFD in its place, as Go's encoding/json writes it.
    return base64_encode(path_stat_json(stat).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

Result<PathStat> stat_in_root(const std::string& root, const std::string& path, const std::string& container) {
    UniqueFd root_fd(::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!root_fd) return fail_errno("opening the container's root {}", root);
    auto where = detail::parse_container_path(path);
    auto dir = detail::open_in_root(root_fd.get(), where.dir, O_PATH | O_DIRECTORY);
    if (!dir) {
        if (dir.error().errnum() == ENOENT || dir.error().errnum() == ENOTDIR)
            return std::unexpected(detail::file_not_found(path, container));
        return std::unexpected(dir.error());
    }
    struct stat info{};
    bool itself = where.base.empty() || where.base == ".";
    if (::fstatat(dir->get(), itself ? "" : where.base.c_str(), &info,
                  itself ? AT_EMPTY_PATH : AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT || errno == ENOTDIR) return std::unexpected(detail::file_not_found(path, container));
        return fail_errno("inspecting {} in the container", path);
    }
    PathStat out;
    out.name = where.name;
    out.size = static_cast<int64_t>(info.st_size);
    out.mode = info.st_mode;
    out.mtime_sec = info.st_mtim.tv_sec;
    out.mtime_nsec = info.st_mtim.tv_nsec;
    if (S_ISLNK(info.st_mode)) out.link_target = detail::resolve_in_root(root_fd.get(), where.abs);
    return out;
}

} // namespace berth::containers
