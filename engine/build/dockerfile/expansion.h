#pragma once
// Which parts of each instruction the builder expands with the build's
// variables (ENV and ARG values in scope), as BuildKit's commands do it:
//   ENV, LABEL          keys and values (quotes go here: `a="b c"` -> b c)
//   ARG                 names and default values
//   ADD, COPY           sources and destination (not heredoc words), --chown --chmod --checksum --from
//   FROM                the image and --platform (the caller passes the global ARGs)
//   EXPOSE              each port; a value with spaces gives several ports
//   VOLUME WORKDIR USER STOPSIGNAL   their arguments
//   RUN CMD ENTRYPOINT SHELL HEALTHCHECK MAINTAINER ONBUILD   nothing: the shell or the child build does it
// Each word is expanded whole (ProcessWord), never split, except EXPOSE.

#include "build/dockerfile/node.h"
#include "build/dockerfile/shell_lexer.h"

#include <expected>
#include <set>
#include <string>
#include <string_view>

namespace berth::dockerfile {

bool expands_variables(std::string_view keyword);

struct ExpandedInstruction {
    Instruction instruction;      // args and flags with variables replaced
    std::set<std::string> used;   // variables that were read and set (for the build cache key)
    std::set<std::string> unset;  // referenced but unset (the builder may warn)
};

// Errors carry the instruction's lines and the lexer's message.
std::expected<ExpandedInstruction, ParseError> expand_instruction(const Instruction& instruction, const EnvLookup& env,
                                                                  char32_t escape_token);

} // namespace berth::dockerfile
