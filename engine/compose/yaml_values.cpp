#include "compose/yaml_values.h"

#include <charconv>
#include <cstdint>

namespace berth::compose {
namespace {

bool is_plain(const YAML::Node& node) { return node.Tag() == "?" || node.Tag().empty(); }

std::optional<int64_t> read_integer(const std::string& text) {
    int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc{} && end == text.data() + text.size())
        return value;
    return std::nullopt;
}

// YAML 1.1 as go-yaml reads it: `0440` and `0o440` are octal (file modes), `0x1F` hex.
std::optional<int64_t> read_radix_integer(const std::string& text) {
    int base = 0;
    std::string_view digits = text;
    if (text.starts_with("0o") || text.starts_with("0x")) {
        base = text[1] == 'o' ? 8 : 16;
        digits.remove_prefix(2);
    } else if (text.size() > 1 && text[0] == '0' && text.find_first_not_of("01234567") == std::string::npos) {
        base = 8;
        digits.remove_prefix(1);
    }
    if (base == 0 || digits.empty())
        return std::nullopt;
    int64_t value = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, base);
    if (ec == std::errc{} && end == digits.data() + digits.size())
        return value;
    return std::nullopt;
}

std::optional<double> read_float(const std::string& text) {
    if (text.empty() || text.find_first_of("0123456789") == std::string::npos)
        return std::nullopt;
    double value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc{} && end == text.data() + text.size())
        return value;
    return std::nullopt;
}

ConfigValue typed_scalar(const YAML::Node& node) {
    const std::string& text = node.Scalar();
    if (!is_plain(node))
        return ConfigValue::string(text);
    if (text == "true" || text == "True" || text == "TRUE")
        return ConfigValue::boolean(true);
    if (text == "false" || text == "False" || text == "FALSE")
        return ConfigValue::boolean(false);
    if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL")
        return {};
    if (auto integer = read_radix_integer(text))
        return ConfigValue::integer(*integer);
    if (auto integer = read_integer(text))
        return ConfigValue::integer(*integer);
    if (auto floating = read_float(text))
        return ConfigValue::floating(*floating);
    return ConfigValue::string(text);
}

} // namespace

bool is_null_node(const YAML::Node& node) {
    if (!node.IsDefined() || node.IsNull())
        return true;
    return is_scalar(node) && is_plain(node) &&
           (node.Scalar() == "~" || node.Scalar() == "null" || node.Scalar() == "Null" || node.Scalar() == "NULL");
}

std::string scalar_text(const YAML::Node& node) {
    if (is_null_node(node) || !is_scalar(node))
        return {};
    return node.Scalar();
}

ConfigValue typed_value(const YAML::Node& node) {
    if (is_null_node(node))
        return {};
    if (is_scalar(node))
        return typed_scalar(node);
    if (is_sequence(node)) {
        ConfigValue list = ConfigValue::list();
        for (const auto& item : node)
            list.push_back(typed_value(item));
        return list;
    }
    ConfigValue map = ConfigValue::map();
    for (const auto& entry : node)
        map.set(entry.first.Scalar(), typed_value(entry.second));
    return map;
}

std::vector<std::string> string_or_list(const YAML::Node& node) {
    std::vector<std::string> out;
    if (is_null_node(node))
        return out;
    if (is_scalar(node)) {
        out.push_back(node.Scalar());
        return out;
    }
    for (const auto& item : node)
        out.push_back(scalar_text(item));
    return out;
}

ConfigValue string_list(const YAML::Node& node) {
    ConfigValue list = ConfigValue::list();
    for (auto& text : string_or_list(node))
        list.push_back(ConfigValue::string(std::move(text)));
    return list;
}

std::vector<KeyValue> key_values(const YAML::Node& node) {
    std::vector<KeyValue> out;
    if (is_null_node(node))
        return out;
    if (is_map(node)) {
        for (const auto& entry : node) {
            if (is_null_node(entry.second))
                out.push_back({entry.first.Scalar(), std::nullopt});
            else
                out.push_back({entry.first.Scalar(), is_scalar(entry.second) ? entry.second.Scalar() : std::string()});
        }
        return out;
    }
    for (const auto& item : node) {
        std::string text = scalar_text(item);
        auto equals = text.find('=');
        if (equals == std::string::npos)
            out.push_back({text, std::nullopt});
        else
            out.push_back({text.substr(0, equals), text.substr(equals + 1)});
    }
    return out;
}

} // namespace berth::compose
