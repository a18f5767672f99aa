#include "containers/archive/in_root.h"
#include "base/go_errno.h"

#include "base/base64.h"
#include "base/self_exec.h"

#include <cerrno>
#include <clocale>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace berth::containers::detail {

std::string clean_path(std::string_view path) {
    if (path.empty()) return ".";
    bool rooted = path.front() == '/';
    std::vector<std::string_view> parts;
    size_t start = 0;
    while (start <= path.size()) {
        size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        std::string_view part = path.substr(start, end - start);
        start = end + 1;
        if (part.empty() || part == ".") continue;
        if (part == "..") {
            if (!parts.empty() && parts.back() != "..") parts.pop_back();
            else if (!rooted) parts.push_back(part);
            continue;
        }
        parts.push_back(part);
    }
    std::string out = rooted ? "/" : "";
    for (size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) out += '/';
        out += parts[i];
    }
    return out.empty() ? "." : out;
}

namespace {

// Go's filepath.Base: the last element, trailing slashes ignored; "/" for the root.
std::string base_name(std::string_view path) {
    while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
    if (path == "/") return "/";
    auto slash = path.rfind('/');
    return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

} // namespace

ContainerPath parse_container_path(std::string_view path) {
    ContainerPath out;
    out.abs = clean_path("/" + std::string(path));
    // moby's PreserveTrailingDotOrSeparator.
    if (base_name(out.abs) != "." && base_name(path) == ".") out.abs += out.abs.ends_with('/') ? "." : "/.";
    if (!out.abs.ends_with('/') && path.ends_with('/')) out.abs += '/';
    auto slash = out.abs.rfind('/');
    out.dir = out.abs.substr(0, slash + 1);
    out.base = out.abs.substr(slash + 1);
    out.name = base_name(out.abs);
    return out;
}

Error file_not_found(const std::string& path, const std::string& container) {
    // Docker's words (containerFileNotFound), which `docker cp` shows as they are.
    return Error(ErrorCategory::NotFound, std::format("Could not find the file {} in container {}", path, container));
}

Result<UniqueFd> open_in_root(int root_fd, const std::string& path, int flags) {
    open_how how{};
    how.flags = static_cast<uint64_t>(flags | O_CLOEXEC);
    how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
    std::string relative = clean_path(path);
    if (relative.starts_with('/')) relative.erase(0, 1);
    if (relative.empty()) relative = ".";
    for (;;) {
        long fd = ::syscall(SYS_openat2, root_fd, relative.c_str(), &how, sizeof how);
        if (fd >= 0) return UniqueFd(static_cast<int>(fd));
        if (errno != EAGAIN && errno != EINTR) return fail_errno("opening {} in the container", path);
    }
}

namespace {

std::string fd_path(int fd) {
    std::string link = "/proc/self/fd/" + std::to_string(fd);
    char buffer[4096];
    ssize_t n = ::readlink(link.c_str(), buffer, sizeof buffer);
    return n > 0 ? std::string(buffer, static_cast<size_t>(n)) : std::string();
}

// The host path of `fd` made relative to the root's host path.
std::string in_container(const std::string& root_host, int fd) {
    std::string host = fd_path(fd);
    if (root_host == "/") return host;
    if (host == root_host) return "/";
    if (host.starts_with(root_host + "/")) return host.substr(root_host.size());
    return {};
}

} // namespace

std::string resolve_in_root(int root_fd, const std::string& path) {
    std::string root_host = fd_path(root_fd);
    std::string current = clean_path(path);
    for (int hops = 0; hops < 40; ++hops) {
        if (auto whole = open_in_root(root_fd, current, O_PATH)) {
            std::string resolved = in_container(root_host, whole->get());
            return resolved.empty() ? current : resolved;
        }
        // Something on the way is missing: resolve the parent, then look at the last step.
        if (current == "/") return current;
        auto slash = current.rfind('/');
        std::string parent = resolve_in_root(root_fd, slash == 0 ? "/" : current.substr(0, slash));
        std::string last = current.substr(slash + 1);
        std::string joined = clean_path(parent + "/" + last);
        auto parent_fd = open_in_root(root_fd, parent, O_PATH | O_DIRECTORY);
        if (!parent_fd) return joined;
        char target[4096];
        ssize_t n = ::readlinkat(parent_fd->get(), last.c_str(), target, sizeof target);
        if (n <= 0) return joined; // not there, or not a link: it resolves to where it would be
        std::string link(target, static_cast<size_t>(n));
        current = clean_path(link.starts_with('/') ? link : parent + "/" + link);
    }
    return current;
}

void child_say(std::string_view message) { (void)!::write(2, message.data(), message.size()); }

namespace {

constexpr const char* kInRootFlag = "--berth-internal-in-root";
constexpr int kRequestFd = 3;

const char* job_name(RootJob job) { return job == RootJob::WriteTar ? "write-tar" : "extract"; }

std::string read_request() {
    std::string text;
    char buffer[64 * 1024];
    for (;;) {
        ssize_t n = ::pread(kRequestFd, buffer, sizeof buffer, static_cast<off_t>(text.size()));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        text.append(buffer, static_cast<size_t>(n));
    }
    ::close(kRequestFd);
    return text;
}

// The helper, before main: read the request, leave the host behind, do the job.
__attribute__((constructor)) void run_root_job_when_asked(int argc, char** argv, char**) {
    if (argc != 4 || std::strcmp(argv[1], kInRootFlag) != 0) return;
    ::setlocale(LC_CTYPE, "C.UTF-8"); // names pass as the bytes they are (layer_unpacker.cpp says why)
    auto request = nlohmann::json::parse(read_request(), nullptr, false);
    if (request.is_discarded()) {
        child_say("the helper's request is not JSON");
        ::_exit(3);
    }
    ::signal(SIGPIPE, SIG_DFL); // a reader that went away ends us
    if (::chroot(argv[2]) != 0 || ::chdir("/") != 0) {
        child_say(std::string("entering ") + argv[2] + ": " + go_strerror(errno));
        ::_exit(2);
    }
    ::umask(022);
    std::string_view job = argv[3];
    if (job == job_name(RootJob::WriteTar)) ::_exit(run_write_tar_job(request));
    if (job == job_name(RootJob::Extract)) ::_exit(run_extract_job(request));
    child_say(std::string("no such job: ") + argv[3]);
    ::_exit(3);
}

} // namespace

nlohmann::json path_json(std::string_view path) { return base64_encode(path); }

std::string json_path(const nlohmann::json& value) {
    return value.is_string() ? base64_decode(value.get<std::string>()).value_or("") : "";
}

Result<pid_t> spawn_in_root(const std::string& root, int input, int output, int report, RootJob job,
                            const nlohmann::json& request) {
    // The request goes in a memory file: any size, read whenever the helper likes.
    UniqueFd request_fd(::memfd_create("berth-in-root-request", MFD_CLOEXEC));
    if (!request_fd) return fail_errno("memfd_create");
    std::string text = request.dump();
    for (size_t done = 0; done < text.size();) {
        ssize_t n = ::write(request_fd.get(), text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return fail_errno("writing the helper's request");
        done += static_cast<size_t>(n);
    }
    const int child_fds[] = {input, output, report, request_fd.get()};
    return spawn_self("helper for the container's files", {kInRootFlag, root, job_name(job)}, child_fds, 2);
}

Result<> finish_child(pid_t child, int report_fd, const Error& not_found, std::string_view doing) {
    std::string report;
    char buffer[4096];
    ssize_t n;
    while ((n = ::read(report_fd, buffer, sizeof buffer)) != 0) {
        if (n < 0) {
            if (errno == EINTR) continue;
            break;
        }
        report.append(buffer, static_cast<size_t>(n));
    }
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {}
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {};
    if (WIFEXITED(status) && WEXITSTATUS(status) == kChildNotFound) return std::unexpected(not_found);
    if (report.empty()) report = std::format("the helper ended with status {}", status);
    auto category = WIFEXITED(status) && WEXITSTATUS(status) == kChildRefused ? ErrorCategory::Invalid
                                                                                : ErrorCategory::System;
    return std::unexpected(Error(category, std::format("{}: {}", doing, report)));
}

} // namespace berth::containers::detail
