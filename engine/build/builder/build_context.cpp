#include "build/builder/build_context.h"

#include "base/files.h"
#include "base/go_errno.h"

#include <algorithm>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace berth::build {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> split_path(std::string_view path) {
    std::vector<std::string> parts;
    size_t start = 0;
    while (start <= path.size()) {
        size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        if (end > start) parts.emplace_back(path.substr(start, end - start));
        start = end + 1;
    }
    return parts;
}

void walk(const std::string& root, const std::string& relative, const std::vector<std::string>& pattern_parts,
          size_t depth, const IgnoreMatcher& ignore, std::vector<std::string>& found) {
    std::error_code ec;
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(root + "/" + relative, ec)) names.push_back(entry.path().filename());
    std::ranges::sort(names);
    for (const auto& name : names) {
        if (!ignore_pattern_matches(pattern_parts[depth], name)) continue;
        std::string path = relative.empty() ? name : relative + "/" + name;
        if (ignore.excluded(path)) continue;
        if (depth + 1 == pattern_parts.size()) {
            found.push_back(path);
            continue;
        }
        struct stat info{};
        if (::lstat((root + "/" + path).c_str(), &info) == 0 && S_ISDIR(info.st_mode))
            walk(root, path, pattern_parts, depth + 1, ignore, found);
    }
}

} // namespace

Result<BuildContext> BuildContext::extract(const std::string& dir, const containers::TarSource& tar) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return fail(ErrorCategory::System, "making the context directory {}: {}", dir, go_error_text(ec));
    fs::permissions(dir, fs::perms::owner_all, ec);
    BuildContext context(dir);
    if (auto extracted = containers::extract_tar(dir, "/", "build context", tar); !extracted)
        return std::unexpected(extracted.error().wrap("reading the build context"));
    if (auto ignore_text = read_file(dir + "/.dockerignore"))
        context.ignore_ = IgnoreMatcher::parse(*ignore_text);
    return context;
}

BuildContext::BuildContext(BuildContext&& other) noexcept : root_(std::move(other.root_)), ignore_(std::move(other.ignore_)) {
    other.root_.clear();
}

BuildContext::~BuildContext() {
    if (root_.empty()) return;
    std::error_code ec;
    fs::remove_all(root_, ec);
}

Result<std::string> BuildContext::dockerfile(const std::string& name) const {
    std::string cleaned = clean_path("/" + name);
    auto resolved = resolve_in_scope(root_, cleaned);
    struct stat info{};
    if (!resolved || ::stat(resolved->host.c_str(), &info) != 0 || !S_ISREG(info.st_mode))
        return fail(ErrorCategory::Invalid, "Cannot locate specified Dockerfile: {}", name);
    return read_file(resolved->host);
}

Result<ScopedPath> resolve_in_scope(const std::string& root, const std::string& path, bool follow_last) {
    std::vector<std::string> pending = split_path(path);
    std::ranges::reverse(pending);
    std::vector<std::string> done;
    int links = 0;
    while (!pending.empty()) {
        std::string part = pending.back();
        pending.pop_back();
        if (part == ".") continue;
        if (part == "..") {
            if (!done.empty()) done.pop_back();
            continue;
        }
        std::string inside = "/";
        for (const auto& d : done) inside += d + "/";
        inside += part;
        struct stat info{};
        bool last = pending.empty();
        if (::lstat((root + inside).c_str(), &info) == 0 && S_ISLNK(info.st_mode) && (!last || follow_last)) {
            if (++links > 255) return fail(ErrorCategory::Invalid, "too many links resolving {}", path);
            std::error_code ec;
            std::string target = fs::read_symlink(root + inside, ec).string();
            if (ec) return fail(ErrorCategory::System, "reading the link {}: {}", inside, go_error_text(ec));
            if (target.starts_with('/')) done.clear();
            auto parts = split_path(target);
            for (auto it = parts.rbegin(); it != parts.rend(); ++it) pending.push_back(*it);
            continue;
        }
        done.push_back(part);
    }
    std::string inside;
    for (const auto& d : done) inside += "/" + d;
    if (inside.empty()) inside = "/";
    return ScopedPath{root + (inside == "/" ? "" : inside), inside};
}

bool has_wildcards(std::string_view source) {
    for (size_t i = 0; i < source.size(); ++i) {
        if (source[i] == '\\') {
            ++i;
            continue;
        }
        if (source[i] == '*' || source[i] == '?' || source[i] == '[') return true;
    }
    return false;
}

std::vector<std::string> match_sources(const std::string& root, const std::string& pattern, const IgnoreMatcher& ignore) {
    std::vector<std::string> found;
    auto parts = split_path(clean_path(pattern));
    if (parts.empty()) return found;
    walk(root, "", parts, 0, ignore, found);
    return found;
}

} // namespace berth::build
