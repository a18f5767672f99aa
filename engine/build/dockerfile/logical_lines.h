#pragma once
// Physical lines of a Dockerfile and the rules that join them into logical
// lines, as BuildKit's parser: a line keeps its newline until trimmed; a
// comment is a line whose first non-space character is #; the continuation
// is the escape token followed only by spaces and tabs at the end of a line.

#include <string>
#include <string_view>

namespace berth::dockerfile {

// Reads one line at a time, newline included (the last line may lack one).
class LineScanner {
public:
    explicit LineScanner(std::string_view text) : text_(text) {}
    bool next(std::string_view& line);
    int line_number() const { return line_number_; } // of the line last returned, 1-based

private:
    std::string_view text_;
    std::size_t pos_ = 0;
    int line_number_ = 0;
};

std::string_view trim_newline(std::string_view line);         // trailing \r and \n
std::string_view trim_leading_whitespace(std::string_view line); // Go's unicode.IsSpace
std::string_view trim_leading_tabs(std::string_view line);
bool is_comment_line(std::string_view line);
bool is_empty_line(std::string_view line);

// Removes a trailing continuation (escape token, then only spaces/tabs);
// returns whether the line ended there (no continuation).
bool strip_continuation(std::string& line, char32_t escape_token);

} // namespace berth::dockerfile
