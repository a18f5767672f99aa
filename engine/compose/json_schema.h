#pragma once
// A JSON-schema validator for the draft-07 keywords the compose-spec schema uses,
// reporting what it finds as gojsonschema does (the validator docker compose
// v2.26 runs through compose-go), so compose_schema.h can pick and word the one
// error docker compose prints.
//
// Words: a *schema* is compiled once (JsonSchema::compile) and validates many
// *instances*; a *violation* names the instance location (the keys and list
// indices from the root), its kind and gojsonschema's English description
// ("Additional property foo is not allowed").
//
// Keywords: type, enum, const, properties, patternProperties,
// additionalProperties, required, items (one schema), oneOf, anyOf, allOf, not,
// minimum, maximum, exclusiveMinimum, exclusiveMaximum (draft-07 numbers),
// minLength, maxLength, pattern, minItems, maxItems, uniqueItems,
// minProperties, maxProperties, and $ref to "#/definitions/..." or "#/$defs/...".
// Annotations (description, default, deprecated, ...) and `format` are read and
// ignored (gojsonschema checks no format the compose schema names), `$schema`
// too (compose-go's copy says draft 2020-12 but uses only these keywords). Any
// other keyword fails compile(): a newer schema never half-validates in silence.
//
// Order: violations come in gojsonschema's order (a node's own keywords, then its
// properties in the schema's order; a failed oneOf/anyOf adds its own violation
// followed by those of its best-scoring branch), which compose-go's choice of
// "the most specific error" depends on. Object keys are visited in document order
// where gojsonschema (a Go map) visits them in no fixed order.

#include "base/error.h"

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace berth::compose {

enum class ViolationKind {
    InvalidType,
    Required,
    AdditionalProperty,
    Enum,
    Const,
    OneOf,
    AnyOf,
    AllOf,
    Not,
    Minimum,
    Maximum,
    MinLength,
    MaxLength,
    Pattern,
    MinItems,
    MaxItems,
    UniqueItems,
    MinProperties,
    MaxProperties,
};

struct SchemaViolation {
    ViolationKind kind;
    std::vector<std::string> location; // instance keys and indices ("services", "web", "ports", "0")
    std::string description;           // gojsonschema's words: "Invalid type. Expected: string, given: integer"
    std::string expected_types;        // InvalidType only: "string", or "[string,number]" in the schema's order
    std::string property;              // AdditionalProperty and Required: the key
};

struct SchemaNode; // compiled keywords of one (sub)schema, in json_schema.cpp

class JsonSchema {
public:
    // `document` is the whole schema; $ref resolves inside it.
    static Result<JsonSchema> compile(const nlohmann::ordered_json& document);

    // Empty when `instance` is valid.
    std::vector<SchemaViolation> validate(const nlohmann::ordered_json& instance) const;

    JsonSchema(JsonSchema&&) noexcept;
    JsonSchema& operator=(JsonSchema&&) noexcept;
    ~JsonSchema();

private:
    struct Compiled;
    explicit JsonSchema(std::unique_ptr<Compiled> compiled);
    std::unique_ptr<Compiled> compiled_;
};

// gojsonschema's name for the instance location: keys joined by ".", "(root)" for
// the root itself ("services.web.ports.0").
std::string violation_field(const std::vector<std::string>& location);

} // namespace berth::compose
