#include "compose/json_schema.h"

#include <algorithm>
#include <bitset>
#include <cmath>
#include <cstdint>
#include <deque>
#include <format>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <string_view>

namespace berth::compose {

using Json = nlohmann::ordered_json;

namespace {

// A `pattern` or `patternProperties` key. JSON-schema patterns are unanchored
// searches; the compose schema's are mostly "^x-", tested as a prefix without the
// regex engine (the test runs for every key of every service). Its whole-text
// ones ("^[a-zA-Z0-9._-]+$", "^.+$") run on names and option keys a user writes:
// libstdc++'s regex recurses once per character matched, so a long name would
// overflow the stack. Those are matched by hand, as Go's RE2 (gojsonschema's)
// reads them: `.` is any byte but a newline.
struct Pattern {
    std::string source;
    std::optional<std::string> literal_prefix;
    std::optional<std::bitset<256>> whole_text_of; // ^[set]+$ or ^.+$: one or more of these bytes
    std::regex regex;

    bool matches(const std::string& text) const {
        if (literal_prefix)
            return text.starts_with(*literal_prefix);
        if (whole_text_of)
            return !text.empty() && std::ranges::all_of(text, [&](char c) { return whole_text_of->test(static_cast<uint8_t>(c)); });
        // The other patterns bound a value of Docker's own (container_name,
        // pull_policy): far past any valid one, the regex is not run at all.
        if (text.size() > kLongestRegexText)
            return false;
        return std::regex_search(text, regex);
    }

    static constexpr size_t kLongestRegexText = 4096;
};

// The bytes of a bracket expression's body of plain characters and ranges
// ("a-zA-Z0-9._-"), or nothing for anything else (negation, escapes, classes).
std::optional<std::bitset<256>> bracket_bytes(std::string_view body) {
    std::bitset<256> bytes;
    if (body.empty() || body.front() == '^')
        return std::nullopt;
    for (size_t i = 0; i < body.size(); ++i) {
        auto first = static_cast<uint8_t>(body[i]);
        if (first == '\\' || first == '[' || first >= 0x80)
            return std::nullopt;
        if (i + 2 < body.size() && body[i + 1] == '-') {
            auto last = static_cast<uint8_t>(body[i + 2]);
            if (last < first || last >= 0x80 || last == '\\')
                return std::nullopt;
            for (unsigned c = first; c <= last; ++c) bytes.set(c);
            i += 2;
        } else {
            bytes.set(first);
        }
    }
    return bytes;
}

std::optional<std::bitset<256>> whole_text_bytes(std::string_view source) {
    if (source == "^.+$") {
        std::bitset<256> bytes;
        bytes.set();
        bytes.reset('\n');
        return bytes;
    }
    if (source.size() > 5 && source.starts_with("^[") && source.ends_with("]+$"))
        return bracket_bytes(source.substr(2, source.size() - 5));
    return std::nullopt;
}

Result<Pattern> compile_pattern(const std::string& source) {
    Pattern pattern{.source = source, .literal_prefix = std::nullopt, .whole_text_of = std::nullopt, .regex = {}};
    if (source.starts_with('^') && source.find_first_of(R"(\.^$|?*+()[]{})", 1) == std::string::npos) {
        pattern.literal_prefix = source.substr(1);
        return pattern;
    }
    if ((pattern.whole_text_of = whole_text_bytes(source)))
        return pattern;
    try {
        pattern.regex = std::regex(source, std::regex::ECMAScript | std::regex::optimize);
    } catch (const std::regex_error& error) {
        return fail(ErrorCategory::Invalid, "pattern {}: {}", source, error.what());
    }
    return pattern;
}

} // namespace

struct SchemaNode {
    const SchemaNode* ref = nullptr; // draft-07: a $ref replaces its siblings
    std::vector<std::string> types;  // in the schema's order
    std::vector<Json> enum_values;
    std::optional<Json> const_value;
    std::vector<std::pair<std::string, const SchemaNode*>> properties;
    std::vector<std::pair<Pattern, const SchemaNode*>> pattern_properties;
    bool additional_allowed = true;
    const SchemaNode* additional = nullptr; // additionalProperties as a schema
    std::vector<std::string> required;
    const SchemaNode* items = nullptr;
    std::vector<const SchemaNode*> one_of, any_of, all_of;
    const SchemaNode* not_schema = nullptr;
    std::optional<double> minimum, maximum, exclusive_minimum, exclusive_maximum;
    std::optional<size_t> min_length, max_length, min_items, max_items, min_properties, max_properties;
    std::optional<Pattern> pattern;
    bool unique_items = false;
};

struct JsonSchema::Compiled {
    std::deque<SchemaNode> nodes; // stable addresses: nodes point at each other
    const SchemaNode* root = nullptr;
};

namespace {

std::string escape_pointer_token(std::string_view key) {
    std::string out;
    for (char c : key) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

const std::set<std::string, std::less<>>& ignored_keywords() {
    static const std::set<std::string, std::less<>> words = {
        "$schema", "$id", "$comment", "title", "description", "default", "deprecated", "examples", "format",
        "definitions", "$defs", "readOnly", "writeOnly"};
    return words;
}

// Compiles subschemas once each, keyed by their JSON pointer, so a $ref to a
// definition reached from many places (or from inside itself) is one node.
class SchemaCompiler {
public:
    SchemaCompiler(const Json& document, std::deque<SchemaNode>& nodes) : document_(document), nodes_(nodes) {}

    Result<const SchemaNode*> compile(const Json& schema, const std::string& pointer) {
        if (auto known = compiled_.find(pointer); known != compiled_.end())
            return known->second;
        SchemaNode& node = nodes_.emplace_back();
        compiled_[pointer] = &node;
        if (schema.is_boolean()) {
            if (!schema.get<bool>())
                return fail(ErrorCategory::Invalid, "{}: the false schema is only supported as additionalProperties",
                            pointer);
            return &node;
        }
        if (!schema.is_object())
            return fail(ErrorCategory::Invalid, "{}: a schema must be an object or a boolean", pointer);
        for (const auto& [keyword, value] : schema.items())
            if (auto done = read_keyword(node, keyword, value, pointer); !done)
                return std::unexpected(std::move(done.error()).wrap("{}/{}", pointer, keyword));
        return &node;
    }

private:
    Result<const SchemaNode*> child(const Json& schema, const std::string& pointer) { return compile(schema, pointer); }

    Result<const SchemaNode*> resolve(const std::string& reference) {
        if (!reference.starts_with("#/"))
            return fail(ErrorCategory::Invalid, "only local references (#/...) are supported, not {}", reference);
        std::string pointer = reference.substr(1);
        Json::json_pointer location(pointer);
        if (!document_.contains(location))
            return fail(ErrorCategory::Invalid, "{} names nothing in the schema", reference);
        return compile(document_.at(location), pointer);
    }

    Result<std::vector<const SchemaNode*>> children(const Json& list, const std::string& pointer) {
        if (!list.is_array() || list.empty())
            return fail(ErrorCategory::Invalid, "must be a non-empty array of schemas");
        std::vector<const SchemaNode*> nodes;
        for (size_t i = 0; i < list.size(); ++i) {
            auto node = child(list[i], std::format("{}/{}", pointer, i));
            if (!node)
                return std::unexpected(node.error());
            nodes.push_back(*node);
        }
        return nodes;
    }

    static Result<size_t> count(const Json& value) {
        if (!value.is_number_unsigned() && !(value.is_number_integer() && value.get<int64_t>() >= 0))
            return fail(ErrorCategory::Invalid, "must be a non-negative integer");
        return value.get<size_t>();
    }

    static Result<double> number(const Json& value) {
        if (!value.is_number())
            return fail(ErrorCategory::Invalid, "must be a number");
        return value.get<double>();
    }

    Result<void> read_keyword(SchemaNode& node, const std::string& keyword, const Json& value,
                              const std::string& pointer) {
        const std::string here = pointer + "/" + escape_pointer_token(keyword);
        auto assign = [](auto& field, auto result) -> Result<void> {
            if (!result)
                return std::unexpected(result.error());
            field = *result;
            return {};
        };
        if (ignored_keywords().contains(keyword))
            return {};
        if (keyword == "$ref") {
            if (!value.is_string())
                return fail(ErrorCategory::Invalid, "must be a string");
            return assign(node.ref, resolve(value.get<std::string>()));
        }
        if (keyword == "type") {
            if (value.is_string())
                node.types = {value.get<std::string>()};
            else if (value.is_array())
                for (const auto& type : value)
                    node.types.push_back(type.get<std::string>());
            else
                return fail(ErrorCategory::Invalid, "must be a string or an array of strings");
            return {};
        }
        if (keyword == "enum") {
            if (!value.is_array())
                return fail(ErrorCategory::Invalid, "must be an array");
            node.enum_values.assign(value.begin(), value.end());
            return {};
        }
        if (keyword == "const") {
            node.const_value = value;
            return {};
        }
        if (keyword == "properties" || keyword == "patternProperties") {
            if (!value.is_object())
                return fail(ErrorCategory::Invalid, "must be an object");
            for (const auto& [key, subschema] : value.items()) {
                auto compiled = child(subschema, here + "/" + escape_pointer_token(key));
                if (!compiled)
                    return std::unexpected(compiled.error());
                if (keyword == "properties") {
                    node.properties.emplace_back(key, *compiled);
                    continue;
                }
                auto pattern = compile_pattern(key);
                if (!pattern)
                    return std::unexpected(pattern.error());
                node.pattern_properties.emplace_back(std::move(*pattern), *compiled);
            }
            return {};
        }
        if (keyword == "additionalProperties") {
            if (value.is_boolean()) {
                node.additional_allowed = value.get<bool>();
                return {};
            }
            return assign(node.additional, child(value, here));
        }
        if (keyword == "required") {
            if (!value.is_array())
                return fail(ErrorCategory::Invalid, "must be an array of names");
            for (const auto& name : value)
                node.required.push_back(name.get<std::string>());
            return {};
        }
        if (keyword == "items") {
            if (value.is_array())
                return fail(ErrorCategory::Invalid, "a list of item schemas (tuple validation) is not supported");
            return assign(node.items, child(value, here));
        }
        if (keyword == "oneOf")
            return assign(node.one_of, children(value, here));
        if (keyword == "anyOf")
            return assign(node.any_of, children(value, here));
        if (keyword == "allOf")
            return assign(node.all_of, children(value, here));
        if (keyword == "not")
            return assign(node.not_schema, child(value, here));
        if (keyword == "minimum")
            return assign(node.minimum, number(value));
        if (keyword == "maximum")
            return assign(node.maximum, number(value));
        if (keyword == "exclusiveMinimum")
            return assign(node.exclusive_minimum, number(value));
        if (keyword == "exclusiveMaximum")
            return assign(node.exclusive_maximum, number(value));
        if (keyword == "minLength")
            return assign(node.min_length, count(value));
        if (keyword == "maxLength")
            return assign(node.max_length, count(value));
        if (keyword == "minItems")
            return assign(node.min_items, count(value));
        if (keyword == "maxItems")
            return assign(node.max_items, count(value));
        if (keyword == "minProperties")
            return assign(node.min_properties, count(value));
        if (keyword == "maxProperties")
            return assign(node.max_properties, count(value));
        if (keyword == "pattern") {
            if (!value.is_string())
                return fail(ErrorCategory::Invalid, "must be a string");
            return assign(node.pattern, compile_pattern(value.get<std::string>()));
        }
        if (keyword == "uniqueItems") {
            node.unique_items = value.is_boolean() && value.get<bool>();
            return {};
        }
        return fail(ErrorCategory::Invalid, "keyword not supported by this validator");
    }

    const Json& document_;
    std::deque<SchemaNode>& nodes_;
    std::map<std::string, const SchemaNode*> compiled_;
};

// gojsonschema's name for a value's type; a float with no fraction is an integer
// (Go's JSON encoder writes 5.0 as 5).
std::string_view type_name(const Json& value) {
    switch (value.type()) {
    case Json::value_t::null:
        return "null";
    case Json::value_t::boolean:
        return "boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
        return "integer";
    case Json::value_t::number_float: {
        double number = value.get<double>();
        return std::isfinite(number) && number == std::floor(number) ? "integer" : "number";
    }
    case Json::value_t::string:
        return "string";
    case Json::value_t::array:
        return "array";
    default:
        return "object";
    }
}

bool type_allowed(const std::vector<std::string>& types, std::string_view given) {
    for (const auto& type : types)
        if (type == given || (type == "number" && given == "integer"))
            return true;
    return false;
}

// "[string,number]" for several types, as gojsonschema prints them.
std::string types_text(const std::vector<std::string>& types) {
    if (types.size() == 1)
        return types.front();
    std::string text = "[";
    for (size_t i = 0; i < types.size(); ++i)
        text += (i ? "," : "") + types[i];
    return text + "]";
}

// Go prints 0 as "0" and 1.5 as "1.5".
std::string number_text(double number) {
    if (number == std::floor(number) && std::abs(number) < 1e15)
        return std::format("{}", static_cast<int64_t>(number));
    return std::format("{}", number);
}

// Key order does not count, as for gojsonschema's marshalled comparison.
std::string canonical_text(const Json& value) { return nlohmann::json::parse(value.dump()).dump(); }

size_t utf8_length(const std::string& text) {
    size_t runes = 0;
    for (unsigned char c : text)
        runes += (c & 0xC0) != 0x80;
    return runes;
}

// One validation pass: what gojsonschema calls a Result, with its score (how far
// validation got), which picks the branch of a failed oneOf/anyOf to report.
struct Outcome {
    std::vector<SchemaViolation> violations;
    int score = 0;

    void merge(Outcome&& other) {
        for (auto& violation : other.violations)
            violations.push_back(std::move(violation));
        score += other.score;
    }
};

class InstanceWalker {
public:
    Outcome check(const SchemaNode& schema, const Json& value) {
        Outcome outcome;
        visit(schema, value, outcome);
        return outcome;
    }

private:
    void add(Outcome& out, ViolationKind kind, std::string description, std::string expected = {},
             std::string property = {}) {
        out.violations.push_back({kind, path_, std::move(description), std::move(expected), std::move(property)});
    }

    void visit(const SchemaNode& schema, const Json& value, Outcome& out) {
        if (schema.ref) {
            visit(*schema.ref, value, out);
            return;
        }
        std::string_view given = type_name(value);
        if (!schema.types.empty() && !type_allowed(schema.types, given)) {
            std::string expected = types_text(schema.types);
            add(out, ViolationKind::InvalidType, std::format("Invalid type. Expected: {}, given: {}", expected, given),
                expected);
            return;
        }
        check_combinators(schema, value, out);
        if (value.is_number())
            check_number(schema, value.get<double>(), out);
        else if (value.is_string())
            check_string(schema, value.get_ref<const std::string&>(), out);
        else if (value.is_array())
            check_array(schema, value, out);
        else if (value.is_object())
            check_object(schema, value, out);
        check_common(schema, value, out);
        if (value.is_object())
            for (const auto& [name, property] : schema.properties)
                if (auto found = value.find(name); found != value.end())
                    visit_child(*property, *found, name, out);
        ++out.score;
    }

    void visit_child(const SchemaNode& schema, const Json& value, const std::string& key, Outcome& out) {
        path_.push_back(key);
        visit(schema, value, out);
        path_.pop_back();
    }

    Outcome sub_check(const SchemaNode& schema, const Json& value) {
        Outcome sub;
        visit(schema, value, sub);
        return sub;
    }

    void check_combinators(const SchemaNode& schema, const Json& value, Outcome& out) {
        if (!schema.any_of.empty()) {
            std::optional<Outcome> best;
            bool valid = false;
            for (const SchemaNode* branch : schema.any_of) {
                Outcome attempt = sub_check(*branch, value);
                if (attempt.violations.empty()) {
                    valid = true;
                    break;
                }
                if (!best || attempt.score > best->score)
                    best = std::move(attempt);
            }
            if (!valid) {
                add(out, ViolationKind::AnyOf, "Must validate at least one schema (anyOf)");
                out.merge(std::move(*best));
            }
        }
        if (!schema.one_of.empty()) {
            std::optional<Outcome> best;
            int valid = 0;
            for (const SchemaNode* branch : schema.one_of) {
                Outcome attempt = sub_check(*branch, value);
                if (attempt.violations.empty())
                    ++valid;
                else if (valid == 0 && (!best || attempt.score > best->score))
                    best = std::move(attempt);
            }
            if (valid != 1) {
                add(out, ViolationKind::OneOf, "Must validate one and only one schema (oneOf)");
                if (valid == 0)
                    out.merge(std::move(*best));
            }
        }
        if (!schema.all_of.empty()) {
            bool all_valid = true;
            for (const SchemaNode* branch : schema.all_of) {
                Outcome attempt = sub_check(*branch, value);
                all_valid = all_valid && attempt.violations.empty();
                out.merge(std::move(attempt));
            }
            if (!all_valid)
                add(out, ViolationKind::AllOf, "Must validate all the schemas (allOf)");
        }
        if (schema.not_schema && sub_check(*schema.not_schema, value).violations.empty())
            add(out, ViolationKind::Not, "Must not validate the schema (not)");
        ++out.score;
    }

    void check_number(const SchemaNode& schema, double number, Outcome& out) {
        if (schema.maximum && number > *schema.maximum)
            add(out, ViolationKind::Maximum, "Must be less than or equal to " + number_text(*schema.maximum));
        if (schema.exclusive_maximum && number >= *schema.exclusive_maximum)
            add(out, ViolationKind::Maximum, "Must be less than " + number_text(*schema.exclusive_maximum));
        if (schema.minimum && number < *schema.minimum)
            add(out, ViolationKind::Minimum, "Must be greater than or equal to " + number_text(*schema.minimum));
        if (schema.exclusive_minimum && number <= *schema.exclusive_minimum)
            add(out, ViolationKind::Minimum, "Must be greater than " + number_text(*schema.exclusive_minimum));
        ++out.score;
    }

    void check_string(const SchemaNode& schema, const std::string& text, Outcome& out) {
        size_t length = (schema.min_length || schema.max_length) ? utf8_length(text) : 0;
        if (schema.min_length && length < *schema.min_length)
            add(out, ViolationKind::MinLength,
                std::format("String length must be greater than or equal to {}", *schema.min_length));
        if (schema.max_length && length > *schema.max_length)
            add(out, ViolationKind::MaxLength,
                std::format("String length must be less than or equal to {}", *schema.max_length));
        if (schema.pattern && !schema.pattern->matches(text))
            add(out, ViolationKind::Pattern, std::format("Does not match pattern '{}'", schema.pattern->source));
        ++out.score;
    }

    void check_array(const SchemaNode& schema, const Json& list, Outcome& out) {
        if (schema.items)
            for (size_t i = 0; i < list.size(); ++i) {
                path_.push_back(std::to_string(i));
                out.merge(sub_check(*schema.items, list[i]));
                path_.pop_back();
            }
        if (schema.min_items && list.size() < *schema.min_items)
            add(out, ViolationKind::MinItems, std::format("Array must have at least {} items", *schema.min_items));
        if (schema.max_items && list.size() > *schema.max_items)
            add(out, ViolationKind::MaxItems, std::format("Array must have at most {} items", *schema.max_items));
        if (schema.unique_items) {
            std::map<std::string, size_t> seen; // the later index of an equal item replaces the earlier
            for (size_t j = 0; j < list.size(); ++j) {
                std::string text = canonical_text(list[j]);
                if (auto earlier = seen.find(text); earlier != seen.end())
                    add(out, ViolationKind::UniqueItems,
                        std::format("array items[{},{}] must be unique", earlier->second, j));
                seen[text] = j;
            }
        }
        ++out.score;
    }

    void check_object(const SchemaNode& schema, const Json& object, Outcome& out) {
        if (schema.min_properties && object.size() < *schema.min_properties)
            add(out, ViolationKind::MinProperties,
                std::format("Must have at least {} properties", *schema.min_properties));
        if (schema.max_properties && object.size() > *schema.max_properties)
            add(out, ViolationKind::MaxProperties,
                std::format("Must have at most {} properties", *schema.max_properties));
        for (const auto& name : schema.required) {
            if (object.contains(name))
                ++out.score;
            else
                add(out, ViolationKind::Required, name + " is required", {}, name);
        }
        for (const auto& [key, value] : object.items()) {
            bool declared = false;
            for (const auto& [name, property] : schema.properties)
                declared = declared || name == key;
            bool matched = false;
            for (const auto& [pattern, property] : schema.pattern_properties) {
                if (!pattern.matches(key))
                    continue;
                matched = true;
                path_.push_back(key);
                out.merge(sub_check(*property, value));
                path_.pop_back();
            }
            if (matched)
                ++out.score;
            if (declared || matched)
                continue;
            if (schema.additional) {
                path_.push_back(key);
                out.merge(sub_check(*schema.additional, value));
                path_.pop_back();
            } else if (!schema.additional_allowed) {
                add(out, ViolationKind::AdditionalProperty, std::format("Additional property {} is not allowed", key),
                    {}, key);
            }
        }
        ++out.score;
    }

    void check_common(const SchemaNode& schema, const Json& value, Outcome& out) {
        if (schema.const_value && *schema.const_value != value)
            add(out, ViolationKind::Const,
                std::format("{} does not match: {}", violation_field(path_), schema.const_value->dump()));
        if (!schema.enum_values.empty()) {
            bool listed = false;
            std::string allowed;
            for (const auto& candidate : schema.enum_values) {
                listed = listed || candidate == value;
                allowed += (allowed.empty() ? "" : ", ") + candidate.dump();
            }
            if (!listed)
                add(out, ViolationKind::Enum,
                    std::format("{} must be one of the following: {}", violation_field(path_), allowed));
        }
        ++out.score;
    }

    std::vector<std::string> path_;
};

} // namespace

std::string violation_field(const std::vector<std::string>& location) {
    if (location.empty())
        return "(root)";
    std::string field;
    for (const auto& part : location)
        field += (field.empty() ? "" : ".") + part;
    return field;
}

JsonSchema::JsonSchema(std::unique_ptr<Compiled> compiled) : compiled_(std::move(compiled)) {}
JsonSchema::JsonSchema(JsonSchema&&) noexcept = default;
JsonSchema& JsonSchema::operator=(JsonSchema&&) noexcept = default;
JsonSchema::~JsonSchema() = default;

Result<JsonSchema> JsonSchema::compile(const Json& document) {
    auto compiled = std::make_unique<Compiled>();
    SchemaCompiler compiler(document, compiled->nodes);
    auto root = compiler.compile(document, "");
    if (!root)
        return std::unexpected(std::move(root.error()).wrap("compiling the JSON schema"));
    compiled->root = *root;
    return JsonSchema(std::move(compiled));
}

std::vector<SchemaViolation> JsonSchema::validate(const Json& instance) const {
    return InstanceWalker().check(*compiled_->root, instance).violations;
}

} // namespace berth::compose
