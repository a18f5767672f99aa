#include "build/dockerfile/shell_pattern.h"

#include "build/dockerfile/runes.h"

#include <vector>

namespace berth::dockerfile {
namespace {

struct PatternItem {
    enum Kind { Literal, AnyRun, AnyOne } kind;
    char32_t rune = 0;
};
using Pattern = std::vector<PatternItem>;

std::expected<Pattern, std::string> compile(const std::string& text) {
    const auto runes = decode_runes(text);
    Pattern pattern;
    for (std::size_t i = 0; i < runes.size(); ++i) {
        const char32_t rune = runes[i];
        if (rune == '*') { pattern.push_back({PatternItem::AnyRun}); continue; }
        if (rune == '?') { pattern.push_back({PatternItem::AnyOne}); continue; }
        if (rune == '\\') {
            if (i + 1 < runes.size() && (runes[i + 1] == '}' || runes[i + 1] == '/')) continue;
            const char32_t escaped = i + 1 < runes.size() ? runes[++i] : 0;
            if (escaped != '*' && escaped != '?' && escaped != '\\') {
                std::string shown = "\\";
                if (escaped != 0) append_rune(shown, escaped);
                return std::unexpected("invalid escape '" + shown + "'");
            }
            pattern.push_back({PatternItem::Literal, escaped});
            continue;
        }
        pattern.push_back({PatternItem::Literal, rune});
    }
    return pattern;
}

// Whether pattern[p..] matches text[begin, end) entirely.
bool matches(const Pattern& pattern, std::size_t p, const std::vector<char32_t>& text, std::size_t begin,
             std::size_t end) {
    for (; p < pattern.size(); ++p) {
        const PatternItem& item = pattern[p];
        if (item.kind == PatternItem::AnyRun) {
            for (std::size_t split = begin; split <= end; ++split)
                if (matches(pattern, p + 1, text, split, end)) return true;
            return false;
        }
        if (begin == end) return false;
        if (item.kind == PatternItem::Literal && text[begin] != item.rune) return false;
        ++begin;
    }
    return begin == end;
}

std::string slice(const std::vector<char32_t>& runes, std::size_t begin, std::size_t end) {
    return encode_runes(std::vector<char32_t>(runes.begin() + static_cast<std::ptrdiff_t>(begin),
                                              runes.begin() + static_cast<std::ptrdiff_t>(end)));
}

} // namespace

std::expected<std::string, std::string> remove_prefix_pattern(const std::string& value, const std::string& text,
                                                              bool greedy) {
    auto pattern = compile(text);
    if (!pattern) return std::unexpected(pattern.error());
    const auto runes = decode_runes(value);
    const std::size_t n = runes.size();
    for (std::size_t i = 0; i <= n; ++i) {
        const std::size_t length = greedy ? n - i : i;
        if (matches(*pattern, 0, runes, 0, length)) return slice(runes, length, n);
    }
    return value;
}

std::expected<std::string, std::string> remove_suffix_pattern(const std::string& value, const std::string& text,
                                                              bool greedy) {
    auto pattern = compile(text);
    if (!pattern) return std::unexpected(pattern.error());
    const auto runes = decode_runes(value);
    const std::size_t n = runes.size();
    for (std::size_t i = 0; i <= n; ++i) {
        const std::size_t start = greedy ? i : n - i;
        if (matches(*pattern, 0, runes, start, n)) return slice(runes, 0, start);
    }
    return value;
}

std::expected<std::string, std::string> replace_pattern(const std::string& value, const std::string& text,
                                                        const std::string& replacement, bool all) {
    auto pattern = compile(text);
    if (!pattern) return std::unexpected(pattern.error());
    const auto runes = decode_runes(value);
    const std::size_t n = runes.size();
    std::string out;
    std::size_t copied = 0;
    for (std::size_t start = 0; start <= n;) {
        std::size_t match_end = n + 1;
        for (std::size_t end = n + 1; end-- > start;) {
            if (matches(*pattern, 0, runes, start, end)) { match_end = end; break; }
        }
        if (match_end > n) { ++start; continue; }
        out += slice(runes, copied, start) + replacement;
        copied = match_end;
        if (!all) break;
        start = match_end > start ? match_end : start + 1;
        if (match_end == start - 1 && start <= n) { out += slice(runes, copied, start); copied = start; }
    }
    return out + slice(runes, copied, n);
}

} // namespace berth::dockerfile
