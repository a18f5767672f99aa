#include "build/dockerfile/directives.h"

#include <algorithm>
#include <optional>

namespace berth::dockerfile {
namespace {

struct Directive {
    std::string name; // lower-cased
    std::string value;
};

bool is_regex_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }
bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// BuildKit's ^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$, by hand (std::regex recurses per character).
std::optional<Directive> match_directive(std::string_view line) {
    std::size_t pos = 0;
    const auto skip_space = [&] { while (pos < line.size() && is_regex_space(line[pos])) ++pos; };
    if (line.empty() || line[0] != '#') return std::nullopt;
    ++pos;
    skip_space();
    const std::size_t name_start = pos;
    if (pos >= line.size() || !is_ascii_letter(line[pos])) return std::nullopt;
    while (pos < line.size() && (is_ascii_letter(line[pos]) || (line[pos] >= '0' && line[pos] <= '9'))) ++pos;
    Directive directive{std::string(line.substr(name_start, pos - name_start)), {}};
    skip_space();
    if (pos >= line.size() || line[pos] != '=') return std::nullopt;
    ++pos;
    skip_space();
    std::size_t end = line.size();
    while (end > pos && is_regex_space(line[end - 1])) --end;
    if (end == pos) return std::nullopt;
    directive.value = std::string(line.substr(pos, end - pos));
    std::ranges::transform(directive.name, directive.name.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return directive;
}

} // namespace

std::expected<void, std::string> Directives::read_line(std::string_view line) {
    if (done_) return {};
    auto directive = match_directive(line);
    bool* seen = nullptr;
    if (directive) {
        if (directive->name == "escape") seen = &seen_escape_;
        else if (directive->name == "syntax") seen = &seen_syntax_;
        else if (directive->name == "check") seen = &seen_check_;
    }
    if (seen == nullptr) {
        done_ = true;
        return {};
    }
    if (*seen) return std::unexpected("only one " + directive->name + " parser directive can be used");
    *seen = true;
    if (directive->name == "escape") {
        if (directive->value != "`" && directive->value != "\\")
            return std::unexpected("invalid escape token '" + directive->value + "' does not match ` or \\");
        escape_token_ = static_cast<char32_t>(directive->value[0]);
    } else if (directive->name == "syntax") {
        syntax_ = directive->value;
    } else {
        check_ = directive->value;
    }
    return {};
}

} // namespace berth::dockerfile
