#include "build/dockerfile/logical_lines.h"

#include "build/dockerfile/runes.h"

namespace berth::dockerfile {

bool LineScanner::next(std::string_view& line) {
    if (pos_ >= text_.size()) return false;
    const std::size_t newline = text_.find('\n', pos_);
    const std::size_t end = newline == std::string_view::npos ? text_.size() : newline + 1;
    line = text_.substr(pos_, end - pos_);
    pos_ = end;
    ++line_number_;
    return true;
}

std::string_view trim_newline(std::string_view line) {
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
    return line;
}

std::string_view trim_leading_whitespace(std::string_view line) {
    std::size_t pos = 0, width = 0;
    while (pos < line.size() && is_space(decode_rune(line, pos, width))) pos += width;
    return line.substr(pos);
}

std::string_view trim_leading_tabs(std::string_view line) {
    while (!line.empty() && line.front() == '\t') line.remove_prefix(1);
    return line;
}

bool is_comment_line(std::string_view line) {
    const auto trimmed = trim_leading_whitespace(trim_newline(line));
    return !trimmed.empty() && trimmed.front() == '#';
}

bool is_empty_line(std::string_view line) { return trim_leading_whitespace(trim_newline(line)).empty(); }

bool strip_continuation(std::string& line, char32_t escape_token) {
    std::size_t end = line.size();
    while (end > 0 && (line[end - 1] == ' ' || line[end - 1] == '\t')) --end;
    const auto is_escape = [&](std::size_t i) { return static_cast<unsigned char>(line[i]) == escape_token; };
    // BuildKit's (^|[^\\])\\[ \t]*$ : an escaped escape token (`\\`) at the end does not continue.
    if (end == 0 || !is_escape(end - 1) || (end >= 2 && is_escape(end - 2))) return true;
    line.erase(end - 1);
    return false;
}

} // namespace berth::dockerfile
