#pragma once
// Parser directives: `# syntax=...`, `# escape=\` or `` ` ``, `# check=...`,
// read only from the leading comment lines. The first line that is not a
// directive (another comment, a blank line, an instruction) ends them, and
// each may appear once.

#include <expected>
#include <string>
#include <string_view>

namespace berth::dockerfile {

class Directives {
public:
    // Looks at one physical line (newline trimmed). Errors: a repeated directive,
    // an escape token other than \ or `.
    std::expected<void, std::string> read_line(std::string_view line);

    char32_t escape_token() const { return escape_token_; }
    const std::string& syntax() const { return syntax_; }
    const std::string& check() const { return check_; }

private:
    bool done_ = false;
    bool seen_escape_ = false, seen_syntax_ = false, seen_check_ = false;
    char32_t escape_token_ = '\\';
    std::string syntax_, check_;
};

} // namespace berth::dockerfile
