#include "build/dockerfile/parser.h"

#include "build/dockerfile/argument_forms.h"
#include "build/dockerfile/directives.h"
#include "build/dockerfile/heredoc.h"
#include "build/dockerfile/logical_lines.h"

namespace berth::dockerfile {
namespace {

std::string_view strip_byte_order_mark(std::string_view text) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    return text;
}

// A comment line's text for PrevComment: after the #, spaces trimmed.
std::string comment_text(std::string_view line) {
    auto text = trim_leading_whitespace(trim_newline(line));
    text.remove_prefix(1);
    text = trim_leading_whitespace(text);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
    return std::string(text);
}

int first_column(std::string_view line) {
    return static_cast<int>(line.size() - trim_leading_whitespace(line).size()) + 1;
}

class Parser {
public:
    explicit Parser(std::string_view text) : lines_(strip_byte_order_mark(text)) {}

    std::expected<ParsedDockerfile, ParseError> run() {
        std::string_view raw;
        while (lines_.next(raw)) {
            if (is_comment_line(raw)) remember_comment(raw);
            if (auto seen = directives_.read_line(trim_leading_whitespace(trim_newline(raw))); !seen)
                return fail(seen.error(), lines_.line_number(), 0);
            const int start_line = lines_.line_number();
            std::string line(is_comment_line(raw) ? std::string_view() : trim_leading_whitespace(trim_newline(raw)));
            const int column = first_column(trim_newline(raw));
            bool ended = strip_continuation(line, directives_.escape_token());
            if (ended && line.empty()) continue;
            auto joined = join_continuations(std::move(line), ended);
            if (!joined) return std::unexpected(joined.error());
            if (auto added = add_instruction(*joined, start_line, column); !added) return std::unexpected(added.error());
        }
        if (result_.instructions.empty()) return fail("file with no instructions", lines_.line_number(), 0);
        result_.escape_token = directives_.escape_token();
        result_.syntax = directives_.syntax();
        result_.check = directives_.check();
        return std::move(result_);
    }

private:
    static std::unexpected<ParseError> fail(std::string message, int start_line, int end_line) {
        return std::unexpected(ParseError{std::move(message), start_line, end_line});
    }

    void remember_comment(std::string_view raw) {
        auto text = comment_text(raw);
        if (text.empty()) comments_.clear();
        else comments_.push_back(std::move(text));
    }

    // Appends continuation lines; comment and blank lines inside are skipped (a blank one warns).
    std::expected<std::string, ParseError> join_continuations(std::string line, bool ended) {
        bool had_empty_continuation = false;
        std::string_view raw;
        while (!ended && lines_.next(raw)) {
            if (auto seen = directives_.read_line(trim_newline(raw)); !seen)
                return fail(seen.error(), lines_.line_number(), 0);
            if (is_comment_line(raw)) continue;
            if (is_empty_line(raw)) {
                had_empty_continuation = true;
                continue;
            }
            std::string next(trim_newline(raw));
            ended = strip_continuation(next, directives_.escape_token());
            line += next;
        }
        if (had_empty_continuation) {
            result_.warnings.push_back(Warning{"Empty continuation line found in: " + line,
                                               "Empty continuation lines will become errors in a future release",
                                               "https://docs.docker.com/go/dockerfile/rule/no-empty-continuation/",
                                               lines_.line_number()});
        }
        return line;
    }

    std::expected<void, ParseError> add_instruction(const std::string& line, int start_line, int column) {
        auto instruction = instruction_from_line(line, directives_.escape_token());
        if (!instruction) return fail(instruction.error(), start_line, lines_.line_number());
        if (can_contain_heredoc(*instruction) && line.find("<<") != std::string::npos) {
            auto heredocs = heredocs_in_line(line);
            if (!heredocs) return fail(heredocs.error(), start_line, lines_.line_number());
            for (auto& heredoc : *heredocs) {
                if (!read_heredoc_body(heredoc)) return fail("unterminated heredoc", start_line, lines_.line_number());
                instruction->heredocs.push_back(std::move(heredoc));
            }
        }
        instruction->comments = std::move(comments_);
        comments_.clear();
        instruction->range = SourceRange{start_line, column, lines_.line_number()};
        result_.instructions.push_back(std::move(*instruction));
        return {};
    }

    bool read_heredoc_body(Heredoc& heredoc) {
        std::string_view raw;
        while (lines_.next(raw)) {
            auto candidate = trim_newline(raw);
            if (heredoc.chomp) candidate = trim_leading_tabs(candidate);
            if (candidate == heredoc.name) return true;
            heredoc.content += raw;
        }
        return false;
    }

    LineScanner lines_;
    Directives directives_;
    ParsedDockerfile result_;
    std::vector<std::string> comments_;
};

} // namespace

std::expected<ParsedDockerfile, ParseError> parse_dockerfile(std::string_view text) { return Parser(text).run(); }

} // namespace berth::dockerfile
