#include "api/path_pattern.h"

#include <vector>

namespace berth::api {
namespace {

std::vector<std::string_view> split_segments(std::string_view path) {
    std::vector<std::string_view> segments;
    while (!path.empty()) {
        if (path.front() == '/') {
            path.remove_prefix(1);
            continue;
        }
        auto slash = path.find('/');
        segments.push_back(path.substr(0, slash));
        path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash);
    }
    return segments;
}

std::string join(const std::vector<std::string_view>& segments, size_t from, size_t to) {
    std::string out;
    for (size_t i = from; i < to; ++i) {
        if (i > from) out += '/';
        out += segments[i];
    }
    return out;
}

bool match_from(const std::vector<std::string_view>& pattern, size_t p, const std::vector<std::string_view>& path,
                size_t s, PathParams& params) {
    if (p == pattern.size()) return s == path.size();
    if (s == path.size()) return false;
    std::string_view segment = pattern[p];
    if (!segment.starts_with('{')) return segment == path[s] && match_from(pattern, p + 1, path, s + 1, params);
    std::string name(segment.substr(1, segment.size() - 2));
    size_t longest = name == "name" ? path.size() : s + 1;
    for (size_t end = s + 1; end <= longest; ++end) {
        if (match_from(pattern, p + 1, path, end, params)) {
            params[name] = join(path, s, end);
            return true;
        }
    }
    return false;
}

} // namespace

std::optional<PathParams> match_path(std::string_view pattern, std::string_view path) {
    PathParams params;
    if (!match_from(split_segments(pattern), 0, split_segments(path), 0, params)) return std::nullopt;
    return params;
}

} // namespace berth::api
