#pragma once
// Dockerfile text -> instructions, as BuildKit's frontend parser reads it.
// A pure function: no files, no environment, no expansion.
//
// Reading, line by line (logical_lines.h has the details):
//   1. parser directives on the leading comment lines (directives.h);
//   2. comment lines and blank lines are skipped, also inside continuations;
//   3. a line ending in the escape token (spaces after it allowed) continues;
//   4. the logical line becomes an instruction (argument_forms.h);
//   5. RUN/COPY/ADD lines with `<<NAME` words read their heredoc bodies next.
// A file without any instruction is an error, as in BuildKit.

#include "build/dockerfile/node.h"

#include <expected>
#include <string_view>

namespace berth::dockerfile {

std::expected<ParsedDockerfile, ParseError> parse_dockerfile(std::string_view text);

} // namespace berth::dockerfile
