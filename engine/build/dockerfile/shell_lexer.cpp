#include "build/dockerfile/shell_lexer.h"

#include "build/dockerfile/runes.h"
#include "build/dockerfile/shell_pattern.h"

#include <map>

namespace berth::dockerfile {
namespace {

constexpr char32_t kEnd = 0xFFFFFFFF;

// The word being split: spaces produced by expansion outside quotes separate words.
class WordSplitter {
public:
    void add_char(char32_t rune) {
        if (is_space(rune)) {
            if (in_word_ && !word_.empty()) finish_word();
        } else {
            add_raw_char(rune);
        }
    }
    void add_raw_char(char32_t rune) {
        append_rune(word_, rune);
        in_word_ = true;
    }
    void add_string(std::string_view text) {
        for (char32_t rune : decode_runes(text)) add_char(rune);
    }
    void add_raw_string(std::string_view text) {
        word_ += text;
        in_word_ = true;
    }
    std::vector<std::string> take_words() {
        if (!word_.empty()) finish_word();
        return std::move(words_);
    }

private:
    void finish_word() {
        words_.push_back(std::move(word_));
        word_.clear();
        in_word_ = false;
    }
    std::string word_;
    std::vector<std::string> words_;
    bool in_word_ = false;
};

struct Processed {
    std::string word;
    std::vector<std::string> words;
};

class Expander {
public:
    Expander(const ShellLexerOptions& options, std::string_view source, const EnvLookup& env, ExpandedWord& record)
        : options_(options), runes_(decode_runes(source)), env_(env), record_(record),
          raw_escapes_(options.raw_escapes) {}

    std::expected<Processed, std::string> process() { return process_stop_on(kEnd, raw_escapes_); }

private:
    char32_t peek() const { return pos_ < runes_.size() ? runes_[pos_] : kEnd; }
    char32_t next() { return pos_ < runes_.size() ? runes_[pos_++] : kEnd; }

    std::expected<Processed, std::string> process_stop_on(char32_t stop, bool raw_escapes) {
        // Go's stacks grow; ours do not: bound ${a:-${a:-${a:-...}}} nesting.
        if (depth_ >= kMaxNesting) return std::unexpected("syntax error: substitutions nested too deeply");
        const bool saved_raw_escapes = raw_escapes_;
        raw_escapes_ = raw_escapes;
        ++depth_;
        auto result = process_until(stop);
        --depth_;
        raw_escapes_ = saved_raw_escapes;
        return result;
    }

    std::expected<Processed, std::string> process_until(char32_t stop) {
        std::string result;
        WordSplitter words;
        while (peek() != kEnd) {
            char32_t rune = peek();
            if (stop != kEnd && rune == stop) {
                next();
                return Processed{result, words.take_words()};
            }
            const bool quote = !options_.skip_process_quotes && (rune == '\'' || rune == '"');
            if (rune == '$' || quote) {
                auto piece = rune == '$' ? process_dollar() : rune == '\'' ? process_single_quote()
                                                                          : process_double_quote();
                if (!piece) return std::unexpected(piece.error());
                result += *piece;
                if (rune == '$') words.add_string(*piece);
                else words.add_raw_string(*piece);
                continue;
            }
            rune = next();
            if (rune == options_.escape_token) {
                if (raw_escapes_) {
                    words.add_raw_char(rune);
                    append_rune(result, rune);
                }
                rune = next(); // escapes the next character; a trailing escape is dropped
                if (rune == kEnd) break;
                words.add_raw_char(rune);
            } else {
                words.add_char(rune);
            }
            append_rune(result, rune);
        }
        if (stop != kEnd) {
            std::string wanted;
            append_rune(wanted, stop);
            return std::unexpected("unexpected end of statement while looking for matching " + wanted);
        }
        return Processed{result, words.take_words()};
    }

    std::expected<std::string, std::string> process_single_quote() {
        std::string result;
        char32_t rune = next();
        if (options_.raw_quotes) append_rune(result, rune);
        for (;;) {
            rune = next();
            if (rune == kEnd) return std::unexpected("unexpected end of statement while looking for matching single-quote");
            if (rune == '\'') {
                if (options_.raw_quotes) append_rune(result, rune);
                return result;
            }
            append_rune(result, rune);
        }
    }

    std::expected<std::string, std::string> process_double_quote() {
        std::string result;
        char32_t rune = next();
        if (options_.raw_quotes) append_rune(result, rune);
        for (;;) {
            const char32_t ahead = peek();
            if (ahead == kEnd) return std::unexpected("unexpected end of statement while looking for matching double-quote");
            if (ahead == '"') {
                rune = next();
                if (options_.raw_quotes) append_rune(result, rune);
                return result;
            }
            if (ahead == '$') {
                auto value = process_dollar();
                if (!value) return value;
                result += *value;
                continue;
            }
            rune = next();
            if (rune == options_.escape_token) {
                const char32_t escaped = peek();
                if (escaped == kEnd) continue; // an escape at the end of the word is dropped
                if (escaped == '"' || escaped == '$' || escaped == options_.escape_token) {
                    if (raw_escapes_) append_rune(result, rune);
                    rune = next();
                }
            }
            append_rune(result, rune);
        }
    }

    std::optional<std::string> get_env(const std::string& name) {
        auto value = env_(name);
        if (value) record_.matched.insert(name);
        else record_.unmatched.insert(name);
        return value;
    }

    static bool is_special_parameter(char32_t rune) {
        switch (rune) {
        case '@': case '*': case '#': case '?': case '-': case '$': case '!': case '0':
            return true;
        default:
            return false;
        }
    }

    // A name: letters, digits and _; or a run of digits; or one special parameter.
    std::string process_name() {
        std::string name;
        while (peek() != kEnd) {
            const char32_t rune = peek();
            if (name.empty() && is_digit(rune)) {
                while (is_digit(peek())) append_rune(name, next());
                return name;
            }
            if (name.empty() && is_special_parameter(rune)) {
                append_rune(name, next());
                return name;
            }
            if (!is_letter(rune) && !is_digit(rune) && rune != '_') break;
            append_rune(name, next());
        }
        return name;
    }

    std::expected<std::string, std::string> process_dollar() {
        next(); // the $
        if (peek() != '{') {
            const std::string name = process_name();
            if (name.empty()) return std::string("$");
            auto value = get_env(name);
            if (!value && options_.skip_unset_env) return "$" + name;
            return value.value_or("");
        }
        next(); // the {
        switch (peek()) {
        case kEnd:
            return std::unexpected("syntax error: missing '}'");
        case '{': case '}': case ':':
            return std::unexpected("syntax error: bad substitution");
        default:
            break;
        }
        const std::string name = process_name();
        char32_t modifier = next();
        std::string modifier_text;
        if (modifier != kEnd) append_rune(modifier_text, modifier);
        bool null_is_unset = false;
        switch (modifier) {
        case kEnd:
            return std::unexpected("syntax error: missing '}'");
        case '}': {
            auto value = get_env(name);
            if (!value && options_.skip_unset_env) return "${" + name + "}";
            return value.value_or("");
        }
        case ':':
            null_is_unset = true;
            modifier = next();
            if (modifier != kEnd) append_rune(modifier_text, modifier);
            return expand_modifier(name, modifier, modifier_text, null_is_unset);
        case '+': case '-': case '?': case '#': case '%':
            return expand_modifier(name, modifier, modifier_text, null_is_unset);
        case '/':
            return expand_replacement(name);
        default:
            return std::unexpected("unsupported modifier (" + modifier_text + ") in substitution");
        }
    }

    std::expected<std::string, std::string> expand_modifier(const std::string& name, char32_t modifier,
                                                            const std::string& modifier_text, bool null_is_unset) {
        const bool pattern = modifier == '#' || modifier == '%';
        if (null_is_unset && pattern) return std::unexpected("unsupported modifier (" + modifier_text + ") in substitution");
        auto word = process_stop_on('}', pattern);
        if (!word) {
            if (peek() == kEnd) return std::unexpected("syntax error: missing '}'");
            return std::unexpected(word.error());
        }
        const auto value = get_env(name);
        if (options_.skip_unset_env && !value) return "${" + name + modifier_text + word->word + "}";
        const bool empty_or_unset = !value || (null_is_unset && value->empty());
        switch (modifier) {
        case '-':
            return empty_or_unset ? word->word : *value;
        case '+':
            return empty_or_unset ? std::string() : word->word;
        case '?':
            if (!value) return std::unexpected(name + ": " + (word->word.empty() ? "is not allowed to be unset" : word->word));
            if (null_is_unset && value->empty())
                return std::unexpected(name + ": " + (word->word.empty() ? "is not allowed to be empty" : word->word));
            return *value;
        case '#': case '%': {
            std::string text = word->word;
            // # and % remove the shortest match, ## and %% the longest.
            const bool greedy = !text.empty() && static_cast<char32_t>(text.front()) == modifier;
            if (greedy) text.erase(0, 1);
            auto trimmed = modifier == '#' ? remove_prefix_pattern(value.value_or(""), text, greedy)
                                           : remove_suffix_pattern(value.value_or(""), text, greedy);
            if (!trimmed) return std::unexpected("invalid pattern (" + text + ") in substitution: " + trimmed.error());
            return *trimmed;
        }
        default:
            return std::unexpected("unsupported modifier (" + modifier_text + ") in substitution");
        }
    }

    std::expected<std::string, std::string> expand_replacement(const std::string& name) {
        const bool replace_all = peek() == '/';
        if (replace_all) next();
        auto pattern = process_stop_on('/', true);
        if (!pattern) {
            if (peek() == kEnd) return std::unexpected("syntax error: missing '/' in ${}");
            return std::unexpected(pattern.error());
        }
        auto replacement = process_stop_on('}', true);
        if (!replacement) {
            if (peek() == kEnd) return std::unexpected("syntax error: missing '}'");
            return std::unexpected(replacement.error());
        }
        const auto value = get_env(name);
        if (options_.skip_unset_env && !value)
            return "${" + name + "/" + pattern->word + "/" + replacement->word + "}";
        auto replaced = replace_pattern(value.value_or(""), pattern->word, replacement->word, replace_all);
        if (!replaced) return std::unexpected("invalid pattern (" + pattern->word + ") in substitution: " + replaced.error());
        return *replaced;
    }

    const ShellLexerOptions& options_;
    std::vector<char32_t> runes_;
    std::size_t pos_ = 0;
    const EnvLookup& env_;
    ExpandedWord& record_;
    bool raw_escapes_;
    int depth_ = 0;
    static constexpr int kMaxNesting = 200;
};

std::string go_quote_simple(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out.push_back('\\');
        out.push_back(c);
    }
    return out + "\"";
}

} // namespace

EnvLookup env_from_list(std::vector<std::string> entries) {
    std::map<std::string, std::string, std::less<>> values;
    for (const auto& entry : entries) {
        const auto equals = entry.find('=');
        if (equals == std::string::npos) values[entry] = "";
        else values[entry.substr(0, equals)] = entry.substr(equals + 1);
    }
    return [values = std::move(values)](std::string_view name) -> std::optional<std::string> {
        auto found = values.find(name);
        if (found == values.end()) return std::nullopt;
        return found->second;
    };
}

std::expected<ExpandedWord, std::string> ShellLexer::expand(std::string_view source, const EnvLookup& env) const {
    ExpandedWord record;
    Expander expander(options_, source, env, record);
    auto processed = expander.process();
    if (!processed) return std::unexpected("failed to process " + go_quote_simple(source) + ": " + processed.error());
    record.word = std::move(processed->word);
    record.words = std::move(processed->words);
    return record;
}

std::expected<std::string, std::string> ShellLexer::process_word(std::string_view source, const EnvLookup& env) const {
    auto expanded = expand(source, env);
    if (!expanded) return std::unexpected(expanded.error());
    return std::move(expanded->word);
}

std::expected<std::vector<std::string>, std::string> ShellLexer::process_words(std::string_view source,
                                                                               const EnvLookup& env) const {
    auto expanded = expand(source, env);
    if (!expanded) return std::unexpected(expanded.error());
    return std::move(expanded->words);
}

} // namespace berth::dockerfile
