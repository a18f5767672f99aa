#pragma once
// Word expansion as BuildKit's shell lexer does it (frontend/dockerfile/shell):
// the builder expands ENV/ARG values, and the parser uses it to find heredoc
// words. Not a shell: no command substitution, globbing or arithmetic.
//   $VAR ${VAR}  ${VAR:-w} ${VAR-w}  ${VAR:+w} ${VAR+w}  ${VAR:?w} ${VAR?w}
//   ${VAR#p} ${VAR##p} ${VAR%p} ${VAR%%p}  ${VAR/p/r} ${VAR//p/r}
// Single quotes are literal; inside double quotes the escape token escapes only
// " $ and itself; outside quotes it escapes any character.

#include <expected>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace berth::dockerfile {

// Looks a variable up: its value, or nullopt when it is not set at all.
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

// An environment from "NAME=value" strings (a later entry wins), as the builder holds it.
EnvLookup env_from_list(std::vector<std::string> entries);

struct ShellLexerOptions {
    char32_t escape_token = '\\';
    bool raw_quotes = false;          // keep the quote characters in the result
    bool raw_escapes = false;         // keep the escape tokens in the result
    bool skip_process_quotes = false; // quotes are ordinary characters
    bool skip_unset_env = false;      // leave $UNSET (and ${UNSET...}) as written
};

// One expansion: the whole word, its split into words, and which variables were read.
struct ExpandedWord {
    std::string word;
    std::vector<std::string> words;
    std::set<std::string> matched;   // variables that were set
    std::set<std::string> unmatched; // variables referenced but unset
};

class ShellLexer {
public:
    explicit ShellLexer(ShellLexerOptions options = {}) : options_(options) {}

    // Errors read as BuildKit's: failed to process "${x": syntax error: missing '}'
    std::expected<ExpandedWord, std::string> expand(std::string_view source, const EnvLookup& env) const;
    std::expected<std::string, std::string> process_word(std::string_view source, const EnvLookup& env) const;
    std::expected<std::vector<std::string>, std::string> process_words(std::string_view source,
                                                                       const EnvLookup& env) const;

    const ShellLexerOptions& options() const { return options_; }

private:
    ShellLexerOptions options_;
};

} // namespace berth::dockerfile
