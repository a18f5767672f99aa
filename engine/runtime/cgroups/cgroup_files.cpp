#include "runtime/cgroups/cgroup_files.h"

#include "base/files.h"
#include "base/go_errno.h"
#include "base/unique_fd.h"
#include "runtime/cgroups/stat_parsers.h"

#include <fcntl.h>
#include <linux/magic.h>
#include <sys/statfs.h>
#include <algorithm>
#include <filesystem>
#include <unistd.h>

namespace berth::runtime {

Result<> write_control(const std::string& directory, const std::string& file, const std::string& value) {
    std::string path = directory + "/" + file;
    // O_CREAT only so a directory that plays cgroupfs in tests works alike.
    UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (!fd) return fail_errno("opening {}", path);
    if (::write(fd.get(), value.data(), value.size()) != static_cast<ssize_t>(value.size()))
        return fail_errno("writing \"{}\" to {}", value, path);
    return {};
}

Result<std::string> read_control(const std::string& directory, const std::string& file) {
    auto content = read_file(directory + "/" + file);
    if (!content) return content;
    while (!content->empty() && content->back() == '\n') content->pop_back();
    return content;
}

Result<> make_cgroup_dir(const std::string& path) {
    std::error_code ec;
    std::filesystem::create_directories(path, ec);
    if (ec) return fail(ErrorCategory::System, "creating cgroup {}: {}", path, go_error_text(ec));
    return {};
}

Result<> remove_cgroup_dir(const std::string& path) {
    if (::rmdir(path.c_str()) == 0 || errno == ENOENT) return {};
    int saved = errno;
    // On cgroupfs the control files vanish with the directory; on a directory that
    // plays cgroupfs in tests they are real files and go first.
    struct statfs info{};
    bool real = ::statfs(path.c_str(), &info) == 0 &&
                (static_cast<unsigned long>(info.f_type) == CGROUP_SUPER_MAGIC ||
                 static_cast<unsigned long>(info.f_type) == CGROUP2_SUPER_MAGIC);
    if (saved == ENOTEMPTY && !real) {
        std::error_code ec;
        for (const auto& entry : std::filesystem::directory_iterator(path, ec))
            if (entry.is_regular_file()) std::filesystem::remove(entry.path(), ec);
        if (::rmdir(path.c_str()) == 0) return {};
        saved = errno;
    }
    return std::unexpected(Error::from_errno(saved, "removing cgroup " + path));
}

Result<std::vector<pid_t>> list_processes(const std::string& directory) {
    auto text = read_file(directory + "/cgroup.procs");
    if (!text) return std::unexpected(std::move(text.error()).wrap("listing the processes of cgroup {}", directory));
    auto pids = parse_pid_list(*text);
    if (!pids) return std::unexpected(std::move(pids.error()).wrap("reading {}/cgroup.procs", directory));
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(directory, ec)) {
        // A child cgroup that went away meanwhile holds no processes.
        if (!entry.is_directory(ec) || entry.is_symlink(ec)) continue;
        auto below = list_processes(entry.path().string());
        if (!below) {
            if (below.error().category() == ErrorCategory::NotFound) continue;
            return below;
        }
        pids->insert(pids->end(), below->begin(), below->end());
    }
    std::ranges::sort(*pids);
    auto repeats = std::ranges::unique(*pids);
    pids->erase(repeats.begin(), repeats.end());
    return pids;
}

} // namespace berth::runtime
