// The libFuzzer entry point: parse any bytes, dump what parsed, and expand
// every argument with the shell lexer. Crashes and sanitizer reports are the findings.
#include "build/dockerfile/dump.h"
#include "build/dockerfile/expansion.h"
#include "build/dockerfile/instruction_rules.h"
#include "build/dockerfile/parser.h"
#include "build/dockerfile/shell_lexer.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace berth::dockerfile;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto parsed = parse_dockerfile(text);
    const auto env = env_from_list({"A=1", "EMPTY="});
    if (parsed) {
        (void)dump(*parsed);
        (void)problems_in(*parsed);
        for (const auto& instruction : parsed->instructions) {
            (void)parse_instruction_flags(instruction);
            (void)expand_instruction(instruction, env, parsed->escape_token);
        }
        const ShellLexer lexer(ShellLexerOptions{.escape_token = parsed->escape_token});
        for (const auto& instruction : parsed->instructions)
            for (const auto& arg : instruction.args) (void)lexer.process_words(arg, env);
    } else {
        (void)parsed.error().describe();
    }
    (void)ShellLexer().process_word(text, env);
    return 0;
}
