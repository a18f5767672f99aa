#include "build/dockerfile/expansion.h"

#include "build/dockerfile/heredoc.h"

#include <algorithm>
#include <array>

namespace berth::dockerfile {
namespace {

std::string lowered(std::string_view text) {
    std::string out(text);
    std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

class WordExpander {
public:
    WordExpander(const EnvLookup& env, char32_t escape_token, ExpandedInstruction& out)
        : env_(env), lexer_(ShellLexerOptions{.escape_token = escape_token}), out_(out) {}

    std::expected<void, std::string> word(std::string& text) {
        auto expanded = lexer_.expand(text, env_);
        if (!expanded) return std::unexpected(expanded.error());
        text = std::move(expanded->word);
        out_.used.insert(expanded->matched.begin(), expanded->matched.end());
        out_.unset.insert(expanded->unmatched.begin(), expanded->unmatched.end());
        return {};
    }

    // `--name=value` flags whose value expands.
    std::expected<void, std::string> flags(std::vector<std::string>& flags, std::initializer_list<std::string_view> names) {
        for (auto& flag : flags) {
            const auto equals = flag.find('=');
            if (equals == std::string::npos || !flag.starts_with("--")) continue;
            const std::string_view name = std::string_view(flag).substr(2, equals - 2);
            if (std::ranges::find(names, name) == names.end()) continue;
            std::string value = flag.substr(equals + 1);
            if (auto expanded = word(value); !expanded) return expanded;
            flag = flag.substr(0, equals + 1) + value;
        }
        return {};
    }

private:
    const EnvLookup& env_;
    ShellLexer lexer_;
    ExpandedInstruction& out_;
};

std::expected<void, std::string> expand_args(const std::string& keyword, Instruction& instruction, WordExpander& expand) {
    auto& args = instruction.args;
    if (keyword == "env" || keyword == "label") {
        for (std::size_t i = 0; i + 1 < args.size(); i += 3) {
            if (auto key = expand.word(args[i]); !key) return key;
            if (auto value = expand.word(args[i + 1]); !value) return value;
        }
        return {};
    }
    if (keyword == "arg") {
        for (auto& arg : args) {
            const auto equals = arg.find('=');
            std::string name = arg.substr(0, equals);
            if (auto expanded = expand.word(name); !expanded) return expanded;
            if (equals == std::string::npos) {
                arg = name;
                continue;
            }
            std::string value = arg.substr(equals + 1);
            if (auto expanded = expand.word(value); !expanded) return expanded;
            arg = name + "=" + value;
        }
        return {};
    }
    if (keyword == "copy" || keyword == "add") {
        if (auto flags = expand.flags(instruction.flags, {"chown", "chmod", "checksum", "from"}); !flags) return flags;
        for (auto& arg : args) {
            if (!instruction.json && !instruction.heredocs.empty()) {
                auto heredoc = parse_heredoc_word(arg);
                if (heredoc && *heredoc) continue; // the heredoc's content is expanded (or not) by its own rule
            }
            if (auto expanded = expand.word(arg); !expanded) return expanded;
        }
        return {};
    }
    if (keyword == "from") {
        if (auto flags = expand.flags(instruction.flags, {"platform"}); !flags) return flags;
        if (!args.empty()) return expand.word(args[0]);
        return {};
    }
    if (keyword == "expose") {
        std::vector<std::string> ports;
        for (auto& arg : args) {
            if (auto expanded = expand.word(arg); !expanded) return expanded;
            std::size_t start = 0;
            while ((start = arg.find_first_not_of(' ', start)) != std::string::npos) {
                const std::size_t end = std::min(arg.find(' ', start), arg.size());
                ports.push_back(arg.substr(start, end - start));
                start = end;
            }
        }
        args = std::move(ports);
        return {};
    }
    for (auto& arg : args) // volume, workdir, user, stopsignal
        if (auto expanded = expand.word(arg); !expanded) return expanded;
    return {};
}

} // namespace

bool expands_variables(std::string_view keyword) {
    static constexpr std::array kExpanding = {"add",    "arg",  "copy",       "env",  "expose",
                                              "from",   "label", "stopsignal", "user", "volume", "workdir"};
    return std::ranges::find(kExpanding, lowered(keyword)) != kExpanding.end();
}

std::expected<ExpandedInstruction, ParseError> expand_instruction(const Instruction& instruction, const EnvLookup& env,
                                                                  char32_t escape_token) {
    ExpandedInstruction out;
    out.instruction = instruction;
    const std::string keyword = lowered(instruction.keyword);
    if (!expands_variables(keyword)) return out;
    WordExpander expander(env, escape_token, out);
    if (auto expanded = expand_args(keyword, out.instruction, expander); !expanded)
        return std::unexpected(ParseError{expanded.error(), instruction.range.start_line, instruction.range.end_line});
    return out;
}

} // namespace berth::dockerfile
