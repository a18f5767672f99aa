#include "build/dockerfile/argument_forms.h"

#include "build/dockerfile/builder_flags.h"
#include "build/dockerfile/json_array.h"
#include "build/dockerfile/runes.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace berth::dockerfile {
namespace {

using Form = std::expected<void, std::string> (*)(std::string_view rest, char32_t escape, Instruction& out);

// BuildKit's reWhitespace: [\t\v\f\r ]+
bool is_split_space(char c) { return c == '\t' || c == '\v' || c == '\f' || c == '\r' || c == ' '; }

std::vector<std::string> split_whitespace(std::string_view text, std::size_t max_parts = 0) {
    std::vector<std::string> parts;
    std::size_t pos = 0;
    for (;;) {
        if (max_parts != 0 && parts.size() + 1 == max_parts) {
            parts.emplace_back(text.substr(pos));
            return parts;
        }
        std::size_t gap = pos;
        while (gap < text.size() && !is_split_space(text[gap])) ++gap;
        parts.emplace_back(text.substr(pos, gap - pos));
        if (gap == text.size()) return parts;
        pos = gap;
        while (pos < text.size() && is_split_space(text[pos])) ++pos;
    }
}

std::string_view trim_left_unicode(std::string_view text) {
    std::size_t pos = 0, width = 0;
    while (pos < text.size() && is_space(decode_rune(text, pos, width))) pos += width;
    return text.substr(pos);
}

std::string_view trim_space_ascii(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    return text;
}

// 1: parsed as JSON; 0: not JSON; error: JSON but not strings.
std::expected<bool, std::string> try_json(std::string_view rest, Instruction& out) {
    rest = trim_left_unicode(rest);
    if (rest.empty() || rest.front() != '[') return false;
    auto parsed = parse_json_string_array(rest);
    if (std::holds_alternative<NotStringArray>(parsed)) return std::unexpected(kNotStringArrayMessage);
    if (std::holds_alternative<NotJson>(parsed)) return false;
    out.args = std::move(std::get<std::vector<std::string>>(parsed));
    out.json = true;
    return true;
}

std::expected<void, std::string> form_ignore(std::string_view, char32_t, Instruction& out) {
    out.args = {""};
    return {};
}

std::expected<void, std::string> form_string(std::string_view rest, char32_t, Instruction& out) {
    if (!rest.empty()) out.args = {std::string(rest)};
    return {};
}

std::expected<void, std::string> form_whitespace_list(std::string_view rest, char32_t, Instruction& out) {
    if (!rest.empty()) out.args = split_whitespace(rest);
    return {};
}

std::expected<void, std::string> form_maybe_json(std::string_view rest, char32_t escape, Instruction& out) {
    if (rest.empty()) return {};
    auto json = try_json(rest, out);
    if (!json) return std::unexpected(json.error());
    if (!*json) form_string(rest, escape, out);
    return {};
}

std::expected<void, std::string> form_maybe_json_to_list(std::string_view rest, char32_t escape, Instruction& out) {
    auto json = try_json(rest, out);
    if (!json) return std::unexpected(json.error());
    if (!*json) form_whitespace_list(rest, escape, out);
    return {};
}

std::expected<void, std::string> name_values(std::string_view rest, char32_t escape, std::string_view keyword,
                                             Instruction& out) {
    const auto words = split_words_keeping_quotes(rest, escape);
    if (words.empty()) return {};
    // `ENV k v` (old form) when the first word has no `=`: the rest of the line is the value.
    if (words[0].find('=') == std::string::npos) {
        auto parts = split_whitespace(rest, 2);
        if (parts.size() < 2) return std::unexpected(std::string(keyword) + " must have two arguments");
        out.args = {parts[0], parts[1], ""};
        return {};
    }
    for (const auto& word : words) {
        const auto equals = word.find('=');
        if (equals == std::string::npos)
            return std::unexpected("Syntax error - can't find = in \"" + word + "\". Must be of the form: name=value");
        out.args.push_back(word.substr(0, equals));
        out.args.push_back(word.substr(equals + 1));
        out.args.emplace_back("=");
    }
    return {};
}

std::expected<void, std::string> form_env(std::string_view rest, char32_t escape, Instruction& out) {
    return name_values(rest, escape, "ENV", out);
}

std::expected<void, std::string> form_label(std::string_view rest, char32_t escape, Instruction& out) {
    return name_values(rest, escape, "LABEL", out);
}

std::expected<void, std::string> form_words(std::string_view rest, char32_t escape, Instruction& out) {
    out.args = split_words_keeping_quotes(rest, escape);
    return {};
}

std::expected<void, std::string> form_healthcheck(std::string_view rest, char32_t escape, Instruction& out) {
    std::size_t type_end = 0;
    while (type_end < rest.size() && !std::isspace(static_cast<unsigned char>(rest[type_end]))) ++type_end;
    if (type_end == 0) return {};
    std::size_t command_start = type_end;
    while (command_start < rest.size() && std::isspace(static_cast<unsigned char>(rest[command_start]))) ++command_start;
    Instruction command;
    auto parsed = form_maybe_json(rest.substr(command_start), escape, command);
    if (!parsed) return parsed;
    out.args = {std::string(rest.substr(0, type_end))};
    out.args.insert(out.args.end(), command.args.begin(), command.args.end());
    out.json = command.json;
    return {};
}

std::expected<void, std::string> form_onbuild(std::string_view rest, char32_t escape, Instruction& out) {
    if (rest.empty()) return {};
    // ONBUILD ONBUILD ... recurses once per word; the rules reject chaining anyway, so bound it here.
    static thread_local int depth = 0;
    if (depth >= 16) return std::unexpected("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
    ++depth;
    auto sub = instruction_from_line(rest, escape);
    --depth;
    if (!sub) return std::unexpected(sub.error());
    out.sub_instruction = std::make_unique<Instruction>(std::move(*sub));
    return {};
}

Form form_for(std::string keyword) {
    std::ranges::transform(keyword, keyword.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    static const std::map<std::string, Form, std::less<>> forms = {
        {"add", form_maybe_json_to_list},   {"arg", form_words},
        {"cmd", form_maybe_json},           {"copy", form_maybe_json_to_list},
        {"entrypoint", form_maybe_json},    {"env", form_env},
        {"expose", form_whitespace_list},   {"from", form_whitespace_list},
        {"healthcheck", form_healthcheck},  {"label", form_label},
        {"maintainer", form_string},        {"onbuild", form_onbuild},
        {"run", form_maybe_json},           {"shell", form_maybe_json},
        {"stopsignal", form_string},        {"user", form_string},
        {"volume", form_maybe_json_to_list}, {"workdir", form_string},
    };
    auto found = forms.find(keyword);
    return found == forms.end() ? form_ignore : found->second;
}

} // namespace

std::vector<std::string> split_words_keeping_quotes(std::string_view text, char32_t escape_token) {
    enum class Phase { InSpaces, InWord, InQuote };
    std::vector<std::string> words;
    Phase phase = Phase::InSpaces;
    std::string word;
    char32_t quote = 0;
    bool blank_ok = false;
    for (std::size_t pos = 0, width = 0;; pos += width) {
        const bool at_end = pos >= text.size();
        char32_t rune = at_end ? 0 : decode_rune(text, pos, width);
        if (phase == Phase::InSpaces) {
            if (at_end) break;
            if (is_space(rune)) continue;
            phase = Phase::InWord;
        }
        if (at_end) {
            if (blank_ok || !word.empty()) words.push_back(word);
            break;
        }
        if (phase == Phase::InWord) {
            if (is_space(rune)) {
                phase = Phase::InSpaces;
                if (blank_ok || !word.empty()) words.push_back(word);
                word.clear();
                blank_ok = false;
                continue;
            }
            if (rune == '\'' || rune == '"') {
                quote = rune;
                blank_ok = true;
                phase = Phase::InQuote;
            }
            if (rune == escape_token) {
                if (pos + width == text.size()) continue; // an escape at the end is dropped
                // Unquoted, the escape and the next character stay, even a quote.
                append_rune(word, rune);
                pos += width;
                rune = decode_rune(text, pos, width);
            }
            append_rune(word, rune);
            continue;
        }
        // InQuote
        if (rune == quote) phase = Phase::InWord;
        // The escape token works in double quotes only.
        if (rune == escape_token && quote != '\'') {
            if (pos + width == text.size()) {
                phase = Phase::InWord;
                continue;
            }
            append_rune(word, rune);
            pos += width;
            rune = decode_rune(text, pos, width);
        }
        append_rune(word, rune);
    }
    return words;
}

std::expected<Instruction, std::string> instruction_from_line(std::string_view line, char32_t escape_token) {
    Instruction instruction;
    instruction.original = std::string(line);
    const std::string_view trimmed = trim_space_ascii(line);
    std::size_t keyword_end = 0;
    while (keyword_end < trimmed.size() && !is_split_space(trimmed[keyword_end])) ++keyword_end;
    instruction.keyword = std::string(trimmed.substr(0, keyword_end));
    std::string rest;
    if (keyword_end < trimmed.size()) {
        std::size_t args_start = keyword_end;
        while (args_start < trimmed.size() && is_split_space(trimmed[args_start])) ++args_start;
        auto split = split_builder_flags(trimmed.substr(args_start));
        instruction.flags = std::move(split.flags);
        rest = std::string(trim_space_ascii(split.rest));
    }
    auto formed = form_for(instruction.keyword)(rest, escape_token, instruction);
    if (!formed) return std::unexpected(formed.error());
    return instruction;
}

} // namespace berth::dockerfile
