#pragma once
// The normalised compose model as docker compose prints it: a typed, ordered tree
// (null, bool, integer, float, string, list, map with keys in insertion order).
// The normaliser builds it with each field already typed as compose-go types it
// (ports' `target` an integer, `published` a string, byte sizes strings of bytes),
// so printing is a plain walk: JSON for `config --format json`, YAML otherwise.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace berth::compose {

class ConfigValue {
public:
    enum class Kind { Null, Bool, Integer, Float, String, List, Map };

    ConfigValue() = default; // null
    static ConfigValue boolean(bool value);
    static ConfigValue integer(int64_t value);
    static ConfigValue floating(double value);
    static ConfigValue string(std::string value);
    static ConfigValue list();
    static ConfigValue map();

    Kind kind() const { return kind_; }
    bool is_null() const { return kind_ == Kind::Null; }
    bool as_bool() const { return bool_; }
    int64_t as_integer() const { return integer_; }
    double as_float() const { return float_; }
    const std::string& as_string() const { return string_; }

    // Lists.
    void push_back(ConfigValue value) { items_.push_back(std::move(value)); }
    const std::vector<ConfigValue>& items() const { return items_; }
    std::vector<ConfigValue>& items() { return items_; }

    // Maps: set() replaces an existing key in place, else appends.
    void set(std::string_view key, ConfigValue value);
    bool contains(std::string_view key) const { return find(key) != nullptr; }
    const ConfigValue* find(std::string_view key) const;
    ConfigValue* find(std::string_view key);
    void erase(std::string_view key);
    const std::vector<std::pair<std::string, ConfigValue>>& entries() const { return entries_; }
    std::vector<std::pair<std::string, ConfigValue>>& entries() { return entries_; }
    // Reorders entries: `order` first (those present, in that order), then the rest sorted.
    void order_keys(const std::vector<std::string_view>& order);
    void sort_keys();
    // sort_keys() on this map and every map inside.
    void sort_keys_deep();
    bool empty() const { return items_.empty() && entries_.empty(); }

private:
    Kind kind_ = Kind::Null;
    bool bool_ = false;
    int64_t integer_ = 0;
    double float_ = 0;
    std::string string_;
    std::vector<ConfigValue> items_;
    std::vector<std::pair<std::string, ConfigValue>> entries_;
};

// Two-space indented JSON, as `docker compose config --format json` prints it
// (no newline at the end, as docker compose prints none).
std::string to_json(const ConfigValue& value);
// JSON without any blank, as Go's json.Marshal writes it.
std::string to_compact_json(const ConfigValue& value);
// Block-style YAML as `docker compose config` prints it; strings that YAML would
// read as something else (numbers, booleans, `y`, empty) are double-quoted.
std::string to_yaml(const ConfigValue& value);

} // namespace berth::compose
