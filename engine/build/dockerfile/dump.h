#pragma once
// BuildKit's Node.Dump(): the s-expression form the parser's golden tests
// compare, one line per instruction: (copy ["--from=a"] "src" "/dst")
// Instruction names lower-cased, flags as Go's %q of a []string, arguments Go-%q quoted.

#include "build/dockerfile/node.h"

#include <string>
#include <string_view>

namespace berth::dockerfile {

std::string go_quote(std::string_view text); // Go's strconv.Quote
std::string dump(const Instruction& instruction);
std::string dump(const ParsedDockerfile& dockerfile); // every instruction, each line ending in \n

} // namespace berth::dockerfile
