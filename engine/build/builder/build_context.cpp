#include "build/builder/build_context.h"

#include "base/files.h"
#include "base/go_errno.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <optional>
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

// A tree as resolution and matching see it: the files on disk, or the
// context's index before they are extracted.
struct TreeView {
    // The target of the symlink at `inside` ("/a/b"), none when it is not one.
    std::function<Result<std::optional<std::string>>(const std::string& inside)> link;
    // The names in the directory `relative` ("" the top), sorted.
    std::function<std::vector<std::string>(const std::string& relative)> list;
    // Whether `relative` is a directory (not a link to one).
    std::function<bool(const std::string& relative)> is_directory;
};

TreeView disk_view(const std::string& root) {
    return TreeView{
        .link = [root](const std::string& inside) -> Result<std::optional<std::string>> {
            struct stat info{};
            if (::lstat((root + inside).c_str(), &info) != 0 || !S_ISLNK(info.st_mode)) return std::nullopt;
            std::error_code ec;
            std::string target = fs::read_symlink(root + inside, ec).string();
            if (ec) return fail(ErrorCategory::System, "reading the link {}: {}", inside, go_error_text(ec));
            return target;
        },
        .list = [root](const std::string& relative) {
            std::error_code ec;
            std::vector<std::string> names;
            for (const auto& entry : fs::directory_iterator(root + "/" + relative, ec)) names.push_back(entry.path().filename());
            std::ranges::sort(names);
            return names;
        },
        .is_directory = [root](const std::string& relative) {
            struct stat info{};
            return ::lstat((root + "/" + relative).c_str(), &info) == 0 && S_ISDIR(info.st_mode);
        },
    };
}

// The index of a context not extracted yet; the links followed go to `links`.
TreeView index_view(const ContextSpool& spool, std::vector<std::string>& links) {
    return TreeView{
        .link = [&spool, &links](const std::string& inside) -> Result<std::optional<std::string>> {
            std::string name = inside.substr(1);
            const auto* entry = spool.find(name);
            if (!entry || entry->type != S_IFLNK) return std::nullopt;
            links.push_back(name);
            return entry->link;
        },
        .list = [&spool](const std::string& relative) { return spool.children(relative); },
        .is_directory = [&spool](const std::string& relative) { return spool.directory(relative); },
    };
}

void walk(const TreeView& tree, const std::string& relative, const std::vector<std::string>& pattern_parts,
          size_t depth, const IgnoreMatcher& ignore, std::vector<std::string>& found) {
    for (const auto& name : tree.list(relative)) {
        if (!ignore_pattern_matches(pattern_parts[depth], name)) continue;
        std::string path = relative.empty() ? name : relative + "/" + name;
        if (ignore.excluded(path)) continue;
        if (depth + 1 == pattern_parts.size()) {
            found.push_back(path);
            continue;
        }
        if (tree.is_directory(path)) walk(tree, path, pattern_parts, depth + 1, ignore, found);
    }
}

std::vector<std::string> match_in(const TreeView& tree, const std::string& pattern, const IgnoreMatcher& ignore) {
    std::vector<std::string> found;
    auto parts = split_path(clean_path(pattern));
    if (parts.empty()) return found;
    walk(tree, "", parts, 0, ignore, found);
    return found;
}

// `path` resolved as resolve_in_scope says: the path inside the tree ("/a/b").
Result<std::string> resolve_inside(const TreeView& tree, const std::string& path, bool follow_last) {
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
        bool last = pending.empty();
        if (!last || follow_last) {
            auto target = tree.link(inside);
            if (!target) return std::unexpected(target.error());
            if (*target) {
                if (++links > 255) return fail(ErrorCategory::Invalid, "too many links resolving {}", path);
                if ((*target)->starts_with('/')) done.clear();
                auto parts = split_path(**target);
                for (auto it = parts.rbegin(); it != parts.rend(); ++it) pending.push_back(*it);
                continue;
            }
        }
        done.push_back(part);
    }
    std::string inside;
    for (const auto& d : done) inside += "/" + d;
    return inside.empty() ? "/" : inside;
}

} // namespace

BuildContext::BuildContext(std::string root, ContextSpool spool)
    : root_(std::move(root)), spool_(std::make_unique<ContextSpool>(std::move(spool))) {}

Result<BuildContext> BuildContext::receive(const std::string& dir, const containers::TarSource& tar) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return fail(ErrorCategory::System, "making the context directory {}: {}", dir, go_error_text(ec));
    fs::permissions(dir, fs::perms::owner_all, ec);
    auto spool = ContextSpool::receive(dir + ".tar", tar);
    if (!spool) {
        fs::remove_all(dir, ec);
        return std::unexpected(spool.error());
    }
    BuildContext context(dir, std::move(*spool));
    if (auto provided = context.provide({".dockerignore"}); !provided) return std::unexpected(provided.error());
    auto ignore_file = resolve_in_scope(dir, "/.dockerignore");
    if (ignore_file)
        if (auto ignore_text = read_file(ignore_file->host)) context.ignore_ = IgnoreMatcher::parse(*ignore_text);
    return context;
}

BuildContext::BuildContext(BuildContext&& other) noexcept
    : root_(std::move(other.root_)), ignore_(std::move(other.ignore_)), spool_(std::move(other.spool_)),
      mutex_(std::move(other.mutex_)) {
    other.root_.clear();
}

BuildContext::~BuildContext() {
    if (root_.empty()) return;
    std::error_code ec;
    fs::remove_all(root_, ec);
}

Result<> BuildContext::provide_path(const std::string& path, bool follow_last, std::vector<std::string>& names) const {
    auto resolved = resolve_inside(index_view(*spool_, names), path, follow_last);
    if (!resolved) return std::unexpected(resolved.error());
    names.push_back(resolved->substr(1)); // "" for the top: everything
    return {};
}

Result<> BuildContext::provide(const std::vector<std::string>& sources) const {
    std::lock_guard lock(*mutex_);
    std::vector<std::string> names;
    for (const auto& source : sources) {
        std::string cleaned = clean_path(source);
        if (cleaned == ".." || cleaned.starts_with("../")) continue; // the step refuses it
        std::string relative = clean_path(cleaned.starts_with('/') ? cleaned.substr(1) : cleaned);
        Result<> provided;
        if (has_wildcards(relative)) {
            std::vector<std::string> links;
            for (const auto& match : match_in(index_view(*spool_, links), relative, ignore_))
                if (provided = provide_path("/" + match, false, names); !provided) break;
        } else {
            provided = provide_path("/" + relative, true, names);
        }
        if (!provided) return provided;
    }
    return spool_->extract(root_, names);
}

Result<std::string> BuildContext::dockerfile(const std::string& name) const {
    std::string cleaned = clean_path("/" + name);
    {
        std::lock_guard lock(*mutex_);
        std::vector<std::string> names;
        if (auto provided = provide_path(cleaned, true, names); !provided) return std::unexpected(provided.error());
        if (auto extracted = spool_->extract(root_, names); !extracted) return std::unexpected(extracted.error());
    }
    auto resolved = resolve_in_scope(root_, cleaned);
    struct stat info{};
    if (!resolved || ::stat(resolved->host.c_str(), &info) != 0 || !S_ISREG(info.st_mode))
        return fail(ErrorCategory::Invalid, "Cannot locate specified Dockerfile: {}", name);
    return read_file(resolved->host);
}

Result<ScopedPath> resolve_in_scope(const std::string& root, const std::string& path, bool follow_last) {
    auto inside = resolve_inside(disk_view(root), path, follow_last);
    if (!inside) return std::unexpected(inside.error());
    return ScopedPath{root + (*inside == "/" ? "" : *inside), *inside};
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
    return match_in(disk_view(root), pattern, ignore);
}

} // namespace berth::build
