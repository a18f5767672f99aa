#include "build/builder/dockerignore.h"

#include <optional>

namespace berth::build {
namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\r')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
    return text;
}

// One `[...]` class at pattern[p] (after the `[`) against `c`: whether it
// matched, and where the pattern continues; nothing when the class is malformed.
std::optional<std::pair<bool, size_t>> match_class(std::string_view pattern, size_t p, char c) {
    bool negated = false;
    if (p < pattern.size() && pattern[p] == '^') {
        negated = true;
        ++p;
    }
    bool matched = false;
    bool first = true;
    while (true) {
        if (p >= pattern.size()) return std::nullopt;
        if (pattern[p] == ']' && !first) break;
        first = false;
        auto take = [&]() -> std::optional<char> {
            if (p >= pattern.size()) return std::nullopt;
            if (pattern[p] == '\\') {
                ++p;
                if (p >= pattern.size()) return std::nullopt;
            }
            return pattern[p++];
        };
        auto low = take();
        if (!low) return std::nullopt;
        char high = *low;
        if (p < pattern.size() && pattern[p] == '-') {
            ++p;
            auto upper = take();
            if (!upper) return std::nullopt;
            high = *upper;
        }
        if (*low <= c && c <= high) matched = true;
    }
    return std::pair{matched != negated, p + 1};
}

// Backtracking over pattern position `p` and path position `s`; patterns and
// paths are short, and `*` never crosses `/`, so this stays cheap.
bool match_from(std::string_view pattern, size_t p, std::string_view path, size_t s) {
    while (p < pattern.size()) {
        char c = pattern[p];
        if (c == '*' && p + 1 < pattern.size() && pattern[p + 1] == '*') {
            size_t rest = p + 2;
            bool slash = rest < pattern.size() && pattern[rest] == '/';
            if (slash) {
                // `**/`: nothing, or any run of whole directories.
                if (match_from(pattern, rest + 1, path, s)) return true;
                for (size_t i = s; i < path.size(); ++i)
                    if (path[i] == '/' && match_from(pattern, rest + 1, path, i + 1)) return true;
                return false;
            }
            for (size_t i = s; i <= path.size(); ++i)
                if (match_from(pattern, rest, path, i)) return true;
            return false;
        }
        if (c == '*') {
            for (size_t i = s; i <= path.size(); ++i) {
                if (match_from(pattern, p + 1, path, i)) return true;
                if (i < path.size() && path[i] == '/') break;
            }
            return false;
        }
        if (s >= path.size()) return false;
        if (c == '?') {
            if (path[s] == '/') return false;
            ++p;
            ++s;
            continue;
        }
        if (c == '[') {
            if (path[s] == '/') return false;
            auto cls = match_class(pattern, p + 1, path[s]);
            if (!cls || !cls->first) return false;
            p = cls->second;
            ++s;
            continue;
        }
        if (c == '\\') {
            if (++p >= pattern.size()) return false;
            c = pattern[p];
        }
        if (path[s] != c) return false;
        ++p;
        ++s;
    }
    return s == path.size();
}

} // namespace

std::string clean_path(std::string_view path) {
    bool rooted = !path.empty() && path.front() == '/';
    std::vector<std::string_view> parts;
    size_t start = 0;
    while (start <= path.size()) {
        size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        std::string_view part = path.substr(start, end - start);
        if (part == "..") {
            if (!parts.empty() && parts.back() != "..") parts.pop_back();
            else if (!rooted) parts.push_back(part);
        } else if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
        start = end + 1;
    }
    std::string out = rooted ? "/" : "";
    for (size_t i = 0; i < parts.size(); ++i) out += (i ? "/" : "") + std::string(parts[i]);
    if (out.empty()) out = ".";
    return out;
}

bool ignore_pattern_matches(std::string_view pattern, std::string_view path) {
    return match_from(pattern, 0, path, 0);
}

IgnoreMatcher IgnoreMatcher::parse(std::string_view text) {
    std::vector<IgnorePattern> patterns;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = trim(text.substr(start, end - start));
        start = end + 1;
        if (line.empty() || line.front() == '#') continue;
        IgnorePattern entry;
        if (line.front() == '!') {
            entry.exception = true;
            line = trim(line.substr(1));
            if (line.empty()) continue;
        }
        std::string cleaned = clean_path(line);
        if (cleaned.size() > 1 && cleaned.front() == '/') cleaned.erase(0, 1);
        entry.pattern = std::move(cleaned);
        patterns.push_back(std::move(entry));
    }
    return IgnoreMatcher(std::move(patterns));
}

bool IgnoreMatcher::excluded(std::string_view raw) const {
    std::string path = clean_path(raw);
    if (path.starts_with("/")) path.erase(0, 1);
    bool matched = false;
    for (const auto& entry : patterns_) {
        // As patternmatcher: an exception only matters once something matched,
        // a plain pattern only while nothing has.
        if (entry.exception != matched) continue;
        bool match = ignore_pattern_matches(entry.pattern, path);
        for (size_t slash = path.find('/'); !match && slash != std::string::npos; slash = path.find('/', slash + 1))
            match = ignore_pattern_matches(entry.pattern, std::string_view(path).substr(0, slash));
        if (match) matched = !entry.exception;
    }
    return matched;
}

bool IgnoreMatcher::has_exceptions() const {
    for (const auto& entry : patterns_)
        if (entry.exception) return true;
    return false;
}

} // namespace berth::build
