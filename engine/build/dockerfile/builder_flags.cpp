#include "build/dockerfile/builder_flags.h"

#include <cctype>

namespace berth::dockerfile {
namespace {
bool is_space_byte(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }
} // namespace

SplitFlags split_builder_flags(std::string_view line) {
    enum class Phase { InSpaces, InWord, InQuote };
    SplitFlags split;
    Phase phase = Phase::InSpaces;
    std::string word;
    char quote = 0;
    bool blank_ok = false; // a quoted empty word ("") still counts
    for (std::size_t pos = 0; pos <= line.size(); ++pos) {
        const bool at_end = pos == line.size();
        char c = at_end ? 0 : line[pos];
        if (phase == Phase::InSpaces) {
            if (at_end) break;
            if (is_space_byte(c)) continue;
            if (c != '-' || pos + 1 == line.size() || line[pos + 1] != '-') {
                split.rest = std::string(line.substr(pos));
                return split;
            }
            phase = Phase::InWord;
        }
        if (at_end) {
            if (word != "--" && (blank_ok || !word.empty())) split.flags.push_back(word);
            break;
        }
        if (phase == Phase::InWord) {
            if (is_space_byte(c)) {
                phase = Phase::InSpaces;
                if (word == "--") {
                    split.rest = std::string(line.substr(pos));
                    return split;
                }
                if (blank_ok || !word.empty()) split.flags.push_back(word);
                word.clear();
                blank_ok = false;
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
                blank_ok = true;
                phase = Phase::InQuote;
                continue;
            }
            if (c == '\\') {
                if (pos + 1 == line.size()) continue; // a trailing \ is dropped
                c = line[++pos];
            }
            word.push_back(c);
            continue;
        }
        // InQuote
        if (c == quote) {
            phase = Phase::InWord;
            continue;
        }
        if (c == '\\') {
            if (pos + 1 == line.size()) {
                phase = Phase::InWord;
                continue;
            }
            c = line[++pos];
        }
        word.push_back(c);
    }
    return split;
}

} // namespace berth::dockerfile
