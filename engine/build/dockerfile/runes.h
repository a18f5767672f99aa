#pragma once
// Text as BuildKit's Go code sees it: a sequence of runes (code points), with
// Go's unicode.IsSpace/IsLetter/IsDigit. Bytes that are not valid UTF-8 become
// "raw byte" runes that encode back to the same byte, so a Dockerfile's bytes
// survive decoding and re-encoding unchanged.

#include <string>
#include <string_view>
#include <vector>

namespace berth::dockerfile {

// Above the Unicode range: the rune for an invalid byte b is kRawByteBase + b.
inline constexpr char32_t kRawByteBase = 0x110000;

// Decodes one rune at `pos`, setting `width` to the bytes it used (>= 1).
char32_t decode_rune(std::string_view text, std::size_t pos, std::size_t& width);
std::vector<char32_t> decode_runes(std::string_view text);
void append_rune(std::string& out, char32_t rune);
std::string encode_runes(const std::vector<char32_t>& runes);

bool is_space(char32_t rune);  // Go's unicode.IsSpace
bool is_letter(char32_t rune); // unicode.IsLetter, close enough outside ASCII
bool is_digit(char32_t rune);  // unicode.IsDigit for the ASCII digits

} // namespace berth::dockerfile
