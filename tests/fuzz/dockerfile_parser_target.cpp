// Dockerfile text through the parser, as the builder and the editor read it
// (issue 12, part 1): parse_dockerfile, then, for a text that parses, the dump
// the golden tests compare and each instruction's variable expansion with a few
// variables set. The finding: an exception, a crash or hang, a sanitizer
// report, or an error without a message (the editor shows it word for word).
#include "build/dockerfile/dump.h"
#include "build/dockerfile/expansion.h"
#include "build/dockerfile/parser.h"
#include "build/dockerfile/shell_lexer.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace {

using namespace berth::dockerfile;

[[noreturn]] void finding(const char* what, std::string_view text) {
    std::fprintf(stderr, "%s\ninput: %.*s\n", what, static_cast<int>(text.size()), text.data());
    std::abort();
}

void expand_each(const ParsedDockerfile& dockerfile) {
    static const EnvLookup env = env_from_list({"A=a", "EMPTY=", "PATH=/usr/bin:/bin", "SPACES=a b  c"});
    for (const auto& instruction : dockerfile.instructions)
        if (expands_variables(instruction.keyword)) (void)expand_instruction(instruction, env, dockerfile.escape_token);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        auto parsed = parse_dockerfile(text);
        if (!parsed) {
            if (parsed.error().message.empty()) finding("an error without a message", text);
            return 0;
        }
        (void)dump(*parsed);
        expand_each(*parsed);
    } catch (const std::exception& e) {
        finding(e.what(), text);
    }
    return 0;
}
