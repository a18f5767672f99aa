#include "build/dockerfile/heredoc.h"

#include "build/dockerfile/shell_lexer.h"

#include <algorithm>

namespace berth::dockerfile {
namespace {

const EnvLookup& empty_env() {
    static const EnvLookup lookup = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };
    return lookup;
}

std::size_t count_quotes(std::string_view text) {
    return static_cast<std::size_t>(std::ranges::count(text, '\'') + std::ranges::count(text, '"'));
}

std::string lowered(std::string_view text) {
    std::string out(text);
    std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

} // namespace

std::expected<std::optional<Heredoc>, std::string> parse_heredoc_word(std::string_view word) {
    // ^(\d*)<<(-?)([^<]*)$
    std::size_t pos = 0;
    while (pos < word.size() && word[pos] >= '0' && word[pos] <= '9') ++pos;
    const std::string_view digits = word.substr(0, pos);
    if (word.substr(pos, 2) != "<<") return std::nullopt;
    pos += 2;
    Heredoc heredoc;
    if (pos < word.size() && word[pos] == '-') {
        heredoc.chomp = true;
        ++pos;
    }
    const std::string_view rest = word.substr(pos);
    if (rest.find('<') != std::string_view::npos || rest.empty()) return std::nullopt;
    for (char digit : digits) {
        heredoc.file_descriptor = heredoc.file_descriptor * 10 + static_cast<unsigned>(digit - '0');
        if (heredoc.file_descriptor > 1'000'000) { heredoc.file_descriptor = 0; break; } // Go: ParseUint error gives 0
    }

    // Lexed with and without the quotes: if they differ, part of the name was
    // quoted, and (as in the shell) the content is not expanded.
    ShellLexerOptions options;
    options.skip_unset_env = true;
    auto words = ShellLexer(options).process_words(rest, empty_env());
    if (!words) return std::unexpected(words.error());
    if (words->size() != 1) return std::nullopt;
    options.raw_quotes = true;
    auto raw_words = ShellLexer(options).process_words(rest, empty_env());
    if (!raw_words) return std::unexpected(raw_words.error());
    if (raw_words->size() != words->size())
        return std::unexpected("internal lexing of heredoc produced inconsistent results: " + std::string(rest));
    heredoc.name = words->front();
    heredoc.expand = count_quotes(words->front()) == count_quotes(raw_words->front());
    return heredoc;
}

std::expected<std::vector<Heredoc>, std::string> heredocs_in_line(std::string_view line) {
    ShellLexerOptions options;
    options.raw_quotes = true;
    options.raw_escapes = true;
    auto words = ShellLexer(options).process_words(line, empty_env());
    std::vector<Heredoc> heredocs;
    if (!words) return heredocs; // BuildKit ignores a lexing error here; the builder reports it
    for (const auto& word : *words) {
        auto heredoc = parse_heredoc_word(word);
        if (!heredoc) return std::unexpected(heredoc.error());
        if (*heredoc) heredocs.push_back(std::move(**heredoc));
    }
    return heredocs;
}

bool can_contain_heredoc(const Instruction& instruction) {
    const Instruction* target = &instruction;
    if (lowered(instruction.keyword) == "onbuild" && instruction.sub_instruction) target = instruction.sub_instruction.get();
    const std::string keyword = lowered(target->keyword);
    if (keyword != "run" && keyword != "copy" && keyword != "add") return false;
    return !target->json;
}

} // namespace berth::dockerfile
