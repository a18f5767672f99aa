#include "build/dockerfile/json_array.h"

#include "build/dockerfile/runes.h"

#include <optional>

namespace berth::dockerfile {
namespace {

// A strict JSON reader over one value; strings are decoded, other values only checked.
class JsonReader {
public:
    explicit JsonReader(std::string_view text) : text_(text) {}

    // Reads the top-level array; nullopt on a syntax error.
    std::optional<std::vector<std::optional<std::string>>> read_array() {
        skip_space();
        if (!consume('[')) return std::nullopt;
        std::vector<std::optional<std::string>> elements;
        skip_space();
        if (consume(']')) return elements;
        for (;;) {
            skip_space();
            std::optional<std::string> string_value;
            if (peek() == '"') {
                string_value = read_string();
                if (!string_value) return std::nullopt;
                elements.push_back(std::move(string_value));
            } else {
                if (!skip_value(0)) return std::nullopt;
                elements.push_back(std::nullopt);
            }
            skip_space();
            if (consume(']')) return elements;
            if (!consume(',')) return std::nullopt;
        }
    }

private:
    char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
    bool at_end() const { return pos_ >= text_.size(); }
    bool consume(char c) {
        if (at_end() || text_[pos_] != c) return false;
        ++pos_;
        return true;
    }
    void skip_space() {
        while (!at_end() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) ++pos_;
    }

    static int hex_value(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
    std::optional<char32_t> read_hex4() {
        if (pos_ + 4 > text_.size()) return std::nullopt;
        char32_t value = 0;
        for (int i = 0; i < 4; ++i) {
            const int digit = hex_value(text_[pos_++]);
            if (digit < 0) return std::nullopt;
            value = value * 16 + static_cast<char32_t>(digit);
        }
        return value;
    }

    std::optional<std::string> read_string() {
        ++pos_; // the opening quote
        std::string out;
        while (!at_end()) {
            const char c = text_[pos_];
            if (c == '"') {
                ++pos_;
                return out;
            }
            if (static_cast<unsigned char>(c) < 0x20) return std::nullopt;
            if (c != '\\') {
                std::size_t width = 0;
                const char32_t rune = decode_rune(text_, pos_, width);
                pos_ += width;
                append_rune(out, rune >= kRawByteBase ? 0xFFFD : rune); // Go replaces invalid UTF-8
                continue;
            }
            ++pos_;
            if (at_end()) return std::nullopt;
            const char escaped = text_[pos_++];
            switch (escaped) {
            case '"': case '\\': case '/': out.push_back(escaped); break;
            case 'b': out.push_back('\b'); break;
            case 'f': out.push_back('\f'); break;
            case 'n': out.push_back('\n'); break;
            case 'r': out.push_back('\r'); break;
            case 't': out.push_back('\t'); break;
            case 'u': {
                auto unit = read_hex4();
                if (!unit) return std::nullopt;
                char32_t rune = *unit;
                if (rune >= 0xD800 && rune <= 0xDBFF && pos_ + 6 <= text_.size() && text_[pos_] == '\\' &&
                    text_[pos_ + 1] == 'u') {
                    const std::size_t saved = pos_;
                    pos_ += 2;
                    auto low = read_hex4();
                    if (low && *low >= 0xDC00 && *low <= 0xDFFF) {
                        rune = 0x10000 + ((rune - 0xD800) << 10) + (*low - 0xDC00);
                    } else {
                        pos_ = saved;
                    }
                }
                if (rune >= 0xD800 && rune <= 0xDFFF) rune = 0xFFFD;
                append_rune(out, rune);
                break;
            }
            default:
                return std::nullopt;
            }
        }
        return std::nullopt;
    }

    bool skip_literal(std::string_view word) {
        if (text_.substr(pos_, word.size()) != word) return false;
        pos_ += word.size();
        return true;
    }
    bool skip_digits() {
        const std::size_t start = pos_;
        while (!at_end() && peek() >= '0' && peek() <= '9') ++pos_;
        return pos_ > start;
    }
    bool skip_number() {
        consume('-');
        if (consume('0')) {
        } else if (!skip_digits()) {
            return false;
        }
        if (consume('.') && !skip_digits()) return false;
        if (peek() == 'e' || peek() == 'E') {
            ++pos_;
            if (peek() == '+' || peek() == '-') ++pos_;
            if (!skip_digits()) return false;
        }
        return true;
    }
    bool skip_value(int depth) {
        if (depth > 1000) return false; // bounded recursion (Go caps at 10000)
        skip_space();
        switch (peek()) {
        case '"': return read_string().has_value();
        case 't': return skip_literal("true");
        case 'f': return skip_literal("false");
        case 'n': return skip_literal("null");
        case '[': {
            ++pos_;
            skip_space();
            if (consume(']')) return true;
            for (;;) {
                if (!skip_value(depth + 1)) return false;
                skip_space();
                if (consume(']')) return true;
                if (!consume(',')) return false;
            }
        }
        case '{': {
            ++pos_;
            skip_space();
            if (consume('}')) return true;
            for (;;) {
                skip_space();
                if (peek() != '"' || !read_string()) return false;
                skip_space();
                if (!consume(':') || !skip_value(depth + 1)) return false;
                skip_space();
                if (consume('}')) return true;
                if (!consume(',')) return false;
            }
        }
        default:
            return skip_number();
        }
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

} // namespace

JsonArrayResult parse_json_string_array(std::string_view text) {
    JsonReader reader(text);
    auto elements = reader.read_array();
    if (!elements) return NotJson{};
    std::vector<std::string> strings;
    for (auto& element : *elements) {
        if (!element) return NotStringArray{};
        strings.push_back(std::move(*element));
    }
    return strings;
}

} // namespace berth::dockerfile
