#pragma once
// The shell patterns of ${VAR#p} ${VAR%p} ${VAR/p/r}, as BuildKit reads them:
// `*` any run, `?` one character, `\*` `\?` `\\` literal, `\}` and `\/` the
// character itself (needed to write them inside ${}); any other escape is an error.

#include <expected>
#include <string>

namespace berth::dockerfile {

// ${VAR#p} (shortest) / ${VAR##p} (greedy): the value without the matching prefix.
std::expected<std::string, std::string> remove_prefix_pattern(const std::string& value, const std::string& pattern,
                                                              bool greedy);
// ${VAR%p} / ${VAR%%p}: the value without the matching suffix.
std::expected<std::string, std::string> remove_suffix_pattern(const std::string& value, const std::string& pattern,
                                                              bool greedy);
// ${VAR/p/r} (first match) / ${VAR//p/r} (every match); matches are the longest at the leftmost place.
std::expected<std::string, std::string> replace_pattern(const std::string& value, const std::string& pattern,
                                                        const std::string& replacement, bool all);

} // namespace berth::dockerfile
