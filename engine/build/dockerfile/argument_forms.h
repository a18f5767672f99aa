#pragma once
// How each instruction's arguments are split, as BuildKit's dispatch table:
//   RUN CMD ENTRYPOINT SHELL    JSON array, else the whole text as one argument
//   COPY ADD VOLUME             JSON array, else split on whitespace
//   FROM EXPOSE                 split on whitespace
//   ENV LABEL                   `k v` (old form) or `k=v k2="v 2"`: key, value, separator ("" or "=") triples
//   ARG                         words (quotes kept)
//   HEALTHCHECK                 type (CMD/NONE), then the command as RUN
//   USER WORKDIR STOPSIGNAL MAINTAINER   the whole text
//   ONBUILD                     another instruction
//   anything else               kept with one empty argument (the builder rejects it)

#include "build/dockerfile/node.h"

#include <expected>
#include <string>
#include <string_view>

namespace berth::dockerfile {

// Builds the instruction for one logical line (without heredocs, lines or comments).
std::expected<Instruction, std::string> instruction_from_line(std::string_view line, char32_t escape_token);

// Splits words as ENV/LABEL/ARG see them: whitespace outside quotes separates,
// quotes and escapes are kept in the word.
std::vector<std::string> split_words_keeping_quotes(std::string_view text, char32_t escape_token);

} // namespace berth::dockerfile
