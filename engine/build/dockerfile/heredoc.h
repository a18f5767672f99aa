#pragma once
// Here-documents in RUN, COPY and ADD (also under ONBUILD), shell form only:
// `RUN <<EOF`, `RUN 3<<-"EOT" cat <&3`, `COPY <<a.txt <<b.txt /dst/`. Found
// the way BuildKit finds them: split the line into words with quotes and
// escapes kept, and take each word of the form [fd]<<[-]NAME.

#include "build/dockerfile/node.h"

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::dockerfile {

// The heredoc a word opens, if it is one (`<<EOF`, `<<-'EOT'`, `2<<X`); content empty.
std::expected<std::optional<Heredoc>, std::string> parse_heredoc_word(std::string_view word);

// Every heredoc the line opens, in order.
std::expected<std::vector<Heredoc>, std::string> heredocs_in_line(std::string_view line);

// Whether an instruction may carry heredocs: RUN/COPY/ADD in shell form, directly or under ONBUILD.
bool can_contain_heredoc(const Instruction& instruction);

} // namespace berth::dockerfile
