#include "compose/compose_schema.h"

#include "compose/compose_yaml.h"
#include "compose/json_schema.h"
#include "compose/yaml_values.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <string>
#include <vector>

namespace berth::compose {
namespace {

using Json = nlohmann::ordered_json;

// Builds the embedded schema's document as Json::parse would, in a third of the
// time of `berth compose config`'s run less: ordered_json keeps an object's
// members in a vector of pair<const key, value>, which cannot move, so each time
// that vector grows, parse copies every member with its whole subtree. Here an
// object's members are gathered first and its vector is made once at the right size.
class SchemaDocumentBuilder : public nlohmann::json_sax<Json> {
public:
    Json document;

    bool null() override { return add(nullptr); }
    bool boolean(bool value) override { return add(value); }
    bool number_integer(number_integer_t value) override { return add(value); }
    bool number_unsigned(number_unsigned_t value) override { return add(value); }
    bool number_float(number_float_t value, const string_t&) override { return add(value); }
    bool string(string_t& value) override { return add(std::move(value)); }
    bool binary(binary_t&) override { return false; }
    bool start_object(std::size_t) override { return open(true); }
    bool key(string_t& value) override {
        open_.back().key = std::move(value);
        return true;
    }
    bool end_object() override { return close(); }
    bool start_array(std::size_t) override { return open(false); }
    bool end_array() override { return close(); }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

private:
    struct Open {
        bool object;
        std::string key;                                // the next member's
        std::vector<std::pair<std::string, Json>> members; // an object's, in order
        Json::array_t items;                               // an array's
    };

    bool add(Json value) {
        if (open_.empty()) {
            document = std::move(value);
        } else if (Open& parent = open_.back(); parent.object) {
            parent.members.emplace_back(std::move(parent.key), std::move(value));
        } else {
            parent.items.push_back(std::move(value));
        }
        return true;
    }
    bool open(bool object) {
        open_.push_back(Open{.object = object, .key = {}, .members = {}, .items = {}});
        return true;
    }
    bool close() {
        Open done = std::move(open_.back());
        open_.pop_back();
        if (!done.object)
            return add(Json(std::move(done.items)));
        Json object = Json::object();
        auto& members = object.get_ref<Json::object_t&>();
        members.reserve(done.members.size());
        for (auto& [key, value] : done.members) // the schema has no duplicate keys to look for
            members.Json::object_t::Container::emplace_back(std::move(key), std::move(value));
        return add(std::move(object));
    }

    std::vector<Open> open_;
};

const Result<JsonSchema>& compose_spec_schema() {
    static const Result<JsonSchema> schema = [] {
        SchemaDocumentBuilder builder;
        if (!Json::sax_parse(compose_spec_schema_text(), &builder))
            return Result<JsonSchema>(std::unexpected(Error(ErrorCategory::System, "the embedded compose schema is not JSON")));
        return JsonSchema::compile(builder.document);
    }();
    return schema;
}

// The node at `location` (keys and list indices) in one parsed file, if it has one.
// The walk moves its handle with reset(): yaml-cpp's operator= would rewrite the node.
std::optional<YAML::Node> node_at(const YAML::Node& root, const std::vector<std::string>& location) {
    YAML::Node node;
    node.reset(root);
    for (const auto& part : location) {
        const YAML::Node& here = node; // const lookups never add a key
        if (is_map(here)) {
            YAML::Node next = here[part];
            if (!next.IsDefined())
                return std::nullopt;
            node.reset(next);
        } else if (is_sequence(here)) {
            size_t index = 0;
            auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), index);
            if (ec != std::errc{} || end != part.data() + part.size() || index >= here.size())
                return std::nullopt;
            node.reset(here[index]);
        } else {
            return std::nullopt;
        }
    }
    return node;
}

// The latest file that holds `location`: what it says there is what the merge kept.
std::optional<std::pair<const SourceDocument*, YAML::Node>> find_source(std::span<const SourceDocument> sources,
                                                                       const std::vector<std::string>& location) {
    for (auto source = sources.rbegin(); source != sources.rend(); ++source)
        if (auto node = node_at(source->parsed, location))
            return std::pair{&*source, *node};
    return std::nullopt;
}

// A plain scalar the file wrote with a `$`: interpolation made the merged text, and
// compose-go validates what interpolation makes as a string.
bool interpolated(std::span<const SourceDocument> sources, const std::vector<std::string>& location) {
    auto source = find_source(sources, location);
    return source && is_scalar(source->second) && source->second.Scalar().find('$') != std::string::npos;
}

class InstanceBuilder {
public:
    explicit InstanceBuilder(std::span<const SourceDocument> sources) : sources_(sources) {}

    Json build(const YAML::Node& node) {
        if (is_null_node(node))
            return nullptr;
        if (node.IsScalar())
            return scalar(node);
        if (node.IsSequence()) {
            Json list = Json::array();
            for (size_t i = 0; i < node.size(); ++i) {
                location_.push_back(std::to_string(i));
                list.push_back(build(node[i]));
                location_.pop_back();
            }
            return list;
        }
        Json map = Json::object();
        for (const auto& entry : node) {
            location_.push_back(entry.first.Scalar());
            map[entry.first.Scalar()] = build(entry.second);
            location_.pop_back();
        }
        return map;
    }

private:
    Json scalar(const YAML::Node& node) {
        ConfigValue typed = typed_value(node);
        switch (typed.kind()) {
        case ConfigValue::Kind::String:
            return typed.as_string();
        case ConfigValue::Kind::Null:
            return nullptr;
        default:
            break;
        }
        if (interpolated(sources_, location_))
            return node.Scalar();
        if (typed.kind() == ConfigValue::Kind::Bool)
            return typed.as_bool();
        if (typed.kind() == ConfigValue::Kind::Integer)
            return typed.as_integer();
        return typed.as_float();
    }

    std::span<const SourceDocument> sources_;
    std::vector<std::string> location_;
};

// compose-go's humanReadableType: "[string,number]" → "string or number".
std::string human_readable_type(std::string_view expected) {
    auto one = [](std::string_view type) -> std::string {
        if (type == "object")
            return "mapping";
        if (type == "array")
            return "list";
        return std::string(type);
    };
    if (!expected.starts_with('['))
        return one(expected);
    std::vector<std::string> types;
    std::string_view inner = expected.substr(1, expected.size() - 2);
    for (size_t start = 0; start <= inner.size();) {
        size_t comma = inner.find(',', start);
        types.push_back(one(inner.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start)));
        if (comma == std::string_view::npos)
            break;
        start = comma + 1;
    }
    std::string text;
    for (size_t i = 0; i + 1 < types.size(); ++i)
        text += (i ? ", " : "") + types[i];
    return text + " or " + types.back();
}

size_t specificity(const SchemaViolation& violation) {
    std::string field = violation_field(violation.location);
    return static_cast<size_t>(std::ranges::count(field, '.')) + 1;
}

// compose-go's getMostSpecificError: the deepest location (counted in dots, as
// compose-go counts them), a type error winning a tie; a failed oneOf/anyOf speaks
// with the words of the violation after it (the first of its best branch).
struct ChosenError {
    const SchemaViolation* parent;
    const SchemaViolation* child;
};

ChosenError most_specific(const std::vector<SchemaViolation>& violations) {
    size_t best = 0;
    for (size_t i = 1; i < violations.size(); ++i) {
        size_t depth = specificity(violations[i]);
        size_t best_depth = specificity(violations[best]);
        bool type_wins_tie = violations[i].kind == ViolationKind::InvalidType &&
                             violations[best].kind != ViolationKind::InvalidType;
        if (depth > best_depth || (depth == best_depth && type_wins_tie))
            best = i;
    }
    const SchemaViolation& parent = violations[best];
    bool combinator = parent.kind == ViolationKind::OneOf || parent.kind == ViolationKind::AnyOf;
    const SchemaViolation* child = combinator && best + 1 < violations.size() ? &violations[best + 1] : nullptr;
    return {&parent, child};
}

std::string compose_go_words(const ChosenError& chosen) {
    std::string description = chosen.parent->description;
    if (chosen.parent->kind == ViolationKind::InvalidType)
        description = "must be a " + human_readable_type(chosen.parent->expected_types);
    else if (chosen.child)
        description = chosen.child->description;
    return violation_field(chosen.parent->location) + " " + description;
}

// "file:line:column" of the node the error is about: the key for a property not
// allowed, else the value; the validated file alone when no file holds it.
std::string error_location(const SchemaViolation& violation, std::span<const SourceDocument> sources) {
    std::vector<std::string> location = violation.location;
    bool at_key = violation.kind == ViolationKind::AdditionalProperty;
    if (at_key)
        location.push_back(violation.property);
    auto source = find_source(sources, location);
    if (!source)
        return sources.empty() ? std::string("compose file") : sources.back().file.string();
    YAML::Mark mark = source->second.Mark();
    if (at_key) {
        auto parent = node_at(source->first->parsed, violation.location);
        for (const auto& entry : *parent)
            if (entry.first.Scalar() == violation.property)
                mark = entry.first.Mark();
    }
    return describe_location(source->first->file.string(), mark);
}

} // namespace

Result<void> validate_compose_schema(const YAML::Node& merged, std::span<const SourceDocument> sources) {
    const auto& schema = compose_spec_schema();
    if (!schema)
        return std::unexpected(schema.error());
    Json instance = InstanceBuilder(sources).build(merged);
    auto violations = schema->validate(instance);
    if (violations.empty())
        return {};
    ChosenError chosen = most_specific(violations);
    // A oneOf's words come from its branch, and so does the place they point at.
    const SchemaViolation& located = chosen.child ? *chosen.child : *chosen.parent;
    return fail(ErrorCategory::Invalid, "validating {}: {}", error_location(located, sources),
                compose_go_words(chosen));
}

} // namespace berth::compose
