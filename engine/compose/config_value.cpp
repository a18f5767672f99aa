#include "compose/config_value.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <format>

namespace berth::compose {

ConfigValue ConfigValue::boolean(bool value) {
    ConfigValue v;
    v.kind_ = Kind::Bool;
    v.bool_ = value;
    return v;
}

ConfigValue ConfigValue::integer(int64_t value) {
    ConfigValue v;
    v.kind_ = Kind::Integer;
    v.integer_ = value;
    return v;
}

ConfigValue ConfigValue::floating(double value) {
    ConfigValue v;
    v.kind_ = Kind::Float;
    v.float_ = value;
    return v;
}

ConfigValue ConfigValue::string(std::string value) {
    ConfigValue v;
    v.kind_ = Kind::String;
    v.string_ = std::move(value);
    return v;
}

ConfigValue ConfigValue::list() {
    ConfigValue v;
    v.kind_ = Kind::List;
    return v;
}

ConfigValue ConfigValue::map() {
    ConfigValue v;
    v.kind_ = Kind::Map;
    return v;
}

void ConfigValue::set(std::string_view key, ConfigValue value) {
    if (auto* existing = find(key)) {
        *existing = std::move(value);
        return;
    }
    entries_.emplace_back(std::string(key), std::move(value));
}

const ConfigValue* ConfigValue::find(std::string_view key) const {
    for (const auto& [k, v] : entries_)
        if (k == key)
            return &v;
    return nullptr;
}

ConfigValue* ConfigValue::find(std::string_view key) {
    for (auto& [k, v] : entries_)
        if (k == key)
            return &v;
    return nullptr;
}

void ConfigValue::erase(std::string_view key) {
    std::erase_if(entries_, [&](const auto& entry) { return entry.first == key; });
}

void ConfigValue::order_keys(const std::vector<std::string_view>& order) {
    auto rank = [&](const std::string& key) {
        auto it = std::find(order.begin(), order.end(), key);
        return static_cast<size_t>(it - order.begin());
    };
    std::stable_sort(entries_.begin(), entries_.end(), [&](const auto& a, const auto& b) {
        size_t ra = rank(a.first), rb = rank(b.first);
        if (ra != rb)
            return ra < rb;
        return ra == order.size() && a.first < b.first;
    });
}

void ConfigValue::sort_keys() { order_keys({}); }

void ConfigValue::sort_keys_deep() {
    if (kind_ == Kind::Map)
        sort_keys();
    for (auto& item : items_)
        item.sort_keys_deep();
    for (auto& [key, item] : entries_)
        item.sort_keys_deep();
}

namespace {

std::string format_float(double value) {
    // Go's encoding/json prints the shortest text that reads back the same, in
    // plain notation unless the exponent is below -6 or from 21 up.
    std::array<char, 64> buffer{};
    double magnitude = std::fabs(value);
    auto format = (magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21)) ? std::chars_format::scientific
                                                                             : std::chars_format::fixed;
    auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, format);
    return ec == std::errc{} ? std::string(buffer.data(), end) : std::string("0");
}

std::string json_string(std::string_view text) {
    std::string out = "\"";
    for (unsigned char c : text) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        // Go's encoder escapes these for HTML safety; kept for byte-identical output.
        case '<': out += "\\u003c"; break;
        case '>': out += "\\u003e"; break;
        case '&': out += "\\u0026"; break;
        default:
            if (c < 0x20)
                out += std::format("\\u{:04x}", c);
            else
                out += static_cast<char>(c);
        }
    }
    return out + "\"";
}

std::string scalar_text(const ConfigValue& value) {
    switch (value.kind()) {
    case ConfigValue::Kind::Null: return "null";
    case ConfigValue::Kind::Bool: return value.as_bool() ? "true" : "false";
    case ConfigValue::Kind::Integer: return std::to_string(value.as_integer());
    case ConfigValue::Kind::Float: return format_float(value.as_float());
    default: return {};
    }
}

// depth < 0: compact.
void write_json(const ConfigValue& value, int depth, std::string& out) {
    bool compact = depth < 0;
    std::string indent = compact ? "" : "\n" + std::string(static_cast<size_t>(depth + 1) * 2, ' ');
    std::string closing = compact ? "" : "\n" + std::string(static_cast<size_t>(depth) * 2, ' ');
    std::string colon = compact ? ":" : ": ";
    int inner = compact ? depth : depth + 1;
    switch (value.kind()) {
    case ConfigValue::Kind::String: out += json_string(value.as_string()); return;
    case ConfigValue::Kind::List:
        if (value.items().empty()) {
            out += "[]";
            return;
        }
        out += "[";
        for (size_t i = 0; i < value.items().size(); ++i) {
            out += (i > 0 ? "," : "") + indent;
            write_json(value.items()[i], inner, out);
        }
        out += closing + "]";
        return;
    case ConfigValue::Kind::Map:
        if (value.entries().empty()) {
            out += "{}";
            return;
        }
        out += "{";
        for (size_t i = 0; i < value.entries().size(); ++i) {
            const auto& [key, item] = value.entries()[i];
            out += (i > 0 ? "," : "") + indent + json_string(key) + colon;
            write_json(item, inner, out);
        }
        out += closing + "}";
        return;
    default: out += scalar_text(value); return;
    }
}

bool looks_like_number(std::string_view text) {
    double parsed = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), parsed);
    if (ec == std::errc{} && end == text.data() + text.size())
        return true;
    return text.starts_with("0x") || text.starts_with("0o") || text == ".inf" || text == "-.inf" || text == ".nan";
}

// YAML 1.1 words go-yaml quotes so that old readers do not take them as booleans.
bool is_yaml_keyword(std::string_view text) {
    static constexpr std::array<std::string_view, 22> words = {
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE",
        "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF"};
    if (std::find(words.begin(), words.end(), text) != words.end())
        return true;
    return text == "null" || text == "Null" || text == "NULL" || text == "~";
}

bool needs_quotes(std::string_view text) {
    if (text.empty() || looks_like_number(text) || is_yaml_keyword(text))
        return true;
    if (text.front() == ' ' || text.back() == ' ' || text.back() == ':')
        return true;
    // '-', '?' and ':' may start a plain scalar when a non-blank follows ("::1", "-c").
    static constexpr std::string_view leading = "-?:,[]{}#&*!|>'\"%@`";
    bool indicator_then_text = (text.front() == '-' || text.front() == '?' || text.front() == ':') &&
                               text.size() > 1 && text[1] != ' ';
    if (leading.find(text.front()) != std::string_view::npos && !indicator_then_text)
        return true;
    if (text.find(": ") != std::string_view::npos || text.find(" #") != std::string_view::npos)
        return true;
    return std::any_of(text.begin(), text.end(), [](unsigned char c) { return c < 0x20; });
}

std::string yaml_scalar(const ConfigValue& value) {
    if (value.kind() != ConfigValue::Kind::String)
        return scalar_text(value);
    const std::string& text = value.as_string();
    return needs_quotes(text) ? json_string(text) : text;
}

bool is_block(const ConfigValue& value) {
    return (value.kind() == ConfigValue::Kind::List && !value.items().empty()) ||
           (value.kind() == ConfigValue::Kind::Map && !value.entries().empty());
}

std::string yaml_inline(const ConfigValue& value) {
    if (value.kind() == ConfigValue::Kind::List)
        return "[]";
    if (value.kind() == ConfigValue::Kind::Map)
        return "{}";
    return yaml_scalar(value);
}

void write_yaml(const ConfigValue& value, int depth, std::string& out);

void write_yaml_map(const ConfigValue& value, int depth, std::string& out) {
    std::string indent(static_cast<size_t>(depth) * 2, ' ');
    for (const auto& [key, item] : value.entries()) {
        out += indent + (needs_quotes(key) ? json_string(key) : key) + ":";
        if (is_block(item)) {
            out += "\n";
            write_yaml(item, depth + 1, out);
        } else {
            out += " " + yaml_inline(item) + "\n";
        }
    }
}

void write_yaml(const ConfigValue& value, int depth, std::string& out) {
    if (value.kind() == ConfigValue::Kind::Map) {
        write_yaml_map(value, depth, out);
        return;
    }
    std::string indent(static_cast<size_t>(depth) * 2, ' ');
    for (const auto& item : value.items()) {
        if (item.kind() == ConfigValue::Kind::Map && !item.entries().empty()) {
            // "- key: value" then the other keys aligned under the first.
            std::string nested;
            write_yaml_map(item, depth + 1, nested);
            out += indent + "- " + nested.substr(indent.size() + 2);
        } else if (is_block(item)) {
            out += indent + "-\n";
            write_yaml(item, depth + 1, out);
        } else {
            out += indent + "- " + yaml_inline(item) + "\n";
        }
    }
}

} // namespace

std::string to_json(const ConfigValue& value) {
    std::string out;
    write_json(value, 0, out);
    return out;
}

std::string to_compact_json(const ConfigValue& value) {
    std::string out;
    write_json(value, -1, out);
    return out;
}

std::string to_yaml(const ConfigValue& value) {
    std::string out;
    if (is_block(value))
        write_yaml(value, 0, out);
    else
        out = yaml_inline(value) + "\n";
    return out;
}

} // namespace berth::compose
