#pragma once
// `command: nginx -g 'daemon off;'` split into words as compose-go does
// (mattn/go-shellwords without variable expansion): blanks separate words, single
// quotes keep everything, double quotes keep all but `\"` and `\\`, a backslash
// outside quotes escapes the next character.

#include "base/error.h"

#include <string>
#include <string_view>
#include <vector>

namespace berth::compose {

Result<std::vector<std::string>> split_shell_words(std::string_view text);

} // namespace berth::compose
