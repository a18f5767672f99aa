#include "build/dockerfile/shell_pattern.h"

#include "build/dockerfile/runes.h"

#include <algorithm>
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

bool item_matches(const PatternItem& item, char32_t rune) {
    return item.kind == PatternItem::AnyOne || item.rune == rune;
}

// Whether the pattern matches text[begin, end) entirely. Iterative, backtracking
// only to the last `*`: linear-ish, so a hostile ${VAR%%*****x} cannot hang the builder.
bool matches(const Pattern& pattern, const std::vector<char32_t>& text, std::size_t begin, std::size_t end) {
    std::size_t p = 0, t = begin;
    std::size_t star = pattern.size(), star_text = 0;
    while (t < end) {
        if (p < pattern.size() && pattern[p].kind == PatternItem::AnyRun) {
            star = p++;
            star_text = t;
        } else if (p < pattern.size() && item_matches(pattern[p], text[t])) {
            ++p;
            ++t;
        } else if (star != pattern.size()) {
            p = star + 1;
            t = ++star_text;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p].kind == PatternItem::AnyRun) ++p;
    return p == pattern.size();
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
        if (matches(*pattern, runes, 0, length)) return slice(runes, length, n);
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
        if (matches(*pattern, runes, start, n)) return slice(runes, 0, start);
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
    std::size_t copied = 0; // runes before this are in `out`
    for (std::size_t pos = 0; pos <= n;) {
        std::size_t match_end = n + 1; // the longest match starting at pos, if any
        for (std::size_t end = n + 1; end-- > pos;) {
            if (matches(*pattern, runes, pos, end)) {
                match_end = end;
                break;
            }
        }
        if (match_end > n) {
            ++pos;
            continue;
        }
        out += slice(runes, copied, pos) + replacement;
        copied = match_end;
        if (!all) break;
        if (match_end == pos) { // an empty match: keep the next character and go on after it
            if (pos < n) out += slice(runes, pos, pos + 1);
            copied = pos + 1;
        }
        pos = std::max(match_end, pos + 1);
    }
    return out + slice(runes, std::min(copied, n), n);
}

} // namespace berth::dockerfile
