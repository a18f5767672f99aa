#include "build/dockerfile/dump.h"

#include "build/dockerfile/runes.h"

#include <algorithm>
#include <format>

namespace berth::dockerfile {
namespace {

// Go's strconv.IsPrint, approximately: controls, unassigned-ish format runes and surrogates are not.
bool is_printable(char32_t rune) {
    if (rune < 0x20 || rune == 0x7F) return false;
    if (rune >= 0x80 && rune < 0xA0) return false;
    if (rune == 0xAD || rune == 0xFEFF || (rune >= 0x200B && rune <= 0x200F) || (rune >= 0x2028 && rune <= 0x202E))
        return false;
    if (rune >= 0x2060 && rune <= 0x206F) return false;
    if (rune >= 0xE000 && rune <= 0xF8FF) return false;
    if (rune == 0xFFFE || rune == 0xFFFF || rune > 0x10FFFF) return false;
    return !is_space(rune) || rune == ' ';
}

std::string lowered(std::string_view text) {
    std::string out(text);
    std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string trim_space(std::string text) {
    const auto not_space = [](unsigned char c) { return !std::isspace(c); };
    text.erase(text.begin(), std::ranges::find_if(text, not_space));
    text.erase(std::find_if(text.rbegin(), text.rend(), not_space).base(), text.end());
    return text;
}

} // namespace

std::string go_quote(std::string_view text) {
    std::string out = "\"";
    for (std::size_t pos = 0, width = 0; pos < text.size(); pos += width) {
        const char32_t rune = decode_rune(text, pos, width);
        if (rune >= kRawByteBase) {
            out += std::format("\\x{:02x}", static_cast<unsigned>(rune - kRawByteBase));
            continue;
        }
        switch (rune) {
        case '"': out += "\\\""; continue;
        case '\\': out += "\\\\"; continue;
        case '\a': out += "\\a"; continue;
        case '\b': out += "\\b"; continue;
        case '\f': out += "\\f"; continue;
        case '\n': out += "\\n"; continue;
        case '\r': out += "\\r"; continue;
        case '\t': out += "\\t"; continue;
        case '\v': out += "\\v"; continue;
        default: break;
        }
        if (is_printable(rune)) append_rune(out, rune);
        else if (rune < 0x80) out += std::format("\\x{:02x}", static_cast<unsigned>(rune));
        else if (rune < 0x10000) out += std::format("\\u{:04x}", static_cast<unsigned>(rune));
        else out += std::format("\\U{:08x}", static_cast<unsigned>(rune));
    }
    return out + "\"";
}

std::string dump(const Instruction& instruction) {
    std::string out = lowered(instruction.keyword);
    if (!instruction.flags.empty()) {
        out += " [";
        for (std::size_t i = 0; i < instruction.flags.size(); ++i) out += (i ? " " : "") + go_quote(instruction.flags[i]);
        out += "]";
    }
    if (instruction.sub_instruction) out += " (" + dump(*instruction.sub_instruction) + ")";
    for (const auto& arg : instruction.args) out += " " + go_quote(arg);
    return trim_space(std::move(out));
}

std::string dump(const ParsedDockerfile& dockerfile) {
    std::string out;
    for (const auto& instruction : dockerfile.instructions) out += "(" + dump(instruction) + ")\n";
    return out;
}

std::string ParseError::describe() const {
    return std::format("dockerfile parse error on line {}: {}", start_line, message);
}

} // namespace berth::dockerfile
