#include "build/dockerfile/runes.h"

namespace berth::dockerfile {

char32_t decode_rune(std::string_view text, std::size_t pos, std::size_t& width) {
    const auto byte_at = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte_at(pos);
    width = 1;
    if (lead < 0x80) return lead;
    std::size_t length = 0;
    char32_t rune = 0;
    char32_t minimum = 0;
    if ((lead & 0xE0) == 0xC0) { length = 2; rune = lead & 0x1Fu; minimum = 0x80; }
    else if ((lead & 0xF0) == 0xE0) { length = 3; rune = lead & 0x0Fu; minimum = 0x800; }
    else if ((lead & 0xF8) == 0xF0) { length = 4; rune = lead & 0x07u; minimum = 0x10000; }
    else return kRawByteBase + lead;
    if (pos + length > text.size()) return kRawByteBase + lead;
    for (std::size_t i = 1; i < length; ++i) {
        const unsigned char next = byte_at(pos + i);
        if ((next & 0xC0) != 0x80) return kRawByteBase + lead;
        rune = (rune << 6) | (next & 0x3Fu);
    }
    // Overlong forms, surrogates and values past U+10FFFF are invalid UTF-8, as in Go.
    if (rune < minimum || rune > 0x10FFFF || (rune >= 0xD800 && rune <= 0xDFFF)) return kRawByteBase + lead;
    width = length;
    return rune;
}

std::vector<char32_t> decode_runes(std::string_view text) {
    std::vector<char32_t> runes;
    runes.reserve(text.size());
    for (std::size_t pos = 0, width = 0; pos < text.size(); pos += width) runes.push_back(decode_rune(text, pos, width));
    return runes;
}

void append_rune(std::string& out, char32_t rune) {
    if (rune >= kRawByteBase) {
        out.push_back(static_cast<char>(rune - kRawByteBase));
    } else if (rune < 0x80) {
        out.push_back(static_cast<char>(rune));
    } else if (rune < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (rune >> 6)));
        out.push_back(static_cast<char>(0x80 | (rune & 0x3F)));
    } else if (rune < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (rune >> 12)));
        out.push_back(static_cast<char>(0x80 | ((rune >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (rune & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (rune >> 18)));
        out.push_back(static_cast<char>(0x80 | ((rune >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((rune >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (rune & 0x3F)));
    }
}

std::string encode_runes(const std::vector<char32_t>& runes) {
    std::string out;
    out.reserve(runes.size());
    for (char32_t rune : runes) append_rune(out, rune);
    return out;
}

bool is_space(char32_t rune) {
    switch (rune) {
    case '\t': case '\n': case '\v': case '\f': case '\r': case ' ': case 0x85: case 0xA0:
    case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
        return true;
    default:
        return rune >= 0x2000 && rune <= 0x200A;
    }
}

bool is_letter(char32_t rune) {
    if (rune < 0x80) return (rune >= 'a' && rune <= 'z') || (rune >= 'A' && rune <= 'Z');
    if (rune >= kRawByteBase || is_space(rune)) return false;
    // Latin-1 punctuation and symbols, general punctuation, symbols and CJK punctuation are not letters.
    if (rune < 0xC0) return rune == 0xAA || rune == 0xB5 || rune == 0xBA;
    if (rune == 0xD7 || rune == 0xF7) return false;
    if (rune >= 0x2000 && rune <= 0x2BFF) return false;
    if (rune >= 0x3000 && rune <= 0x303F) return false;
    if (rune >= 0xFF00 && rune <= 0xFF20) return false;
    return true;
}

bool is_digit(char32_t rune) { return rune >= '0' && rune <= '9'; }

} // namespace berth::dockerfile
