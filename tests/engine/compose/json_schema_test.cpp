// The draft-07 validator on small schemas: each keyword's violation, gojsonschema's
// words and order (oneOf's best branch after its own violation), $ref, and the
// keywords it refuses to compile.
#include "compose/json_schema.h"

#include <gtest/gtest.h>

namespace berth::compose {
namespace {

using Json = nlohmann::ordered_json;

JsonSchema compiled(const char* text) {
    auto schema = JsonSchema::compile(Json::parse(text));
    EXPECT_TRUE(schema) << schema.error().message();
    return std::move(*schema);
}

// "field: description" per violation, in order.
std::vector<std::string> said(const JsonSchema& schema, const std::string& instance) {
    std::vector<std::string> lines;
    for (const auto& violation : schema.validate(Json::parse(instance)))
        lines.push_back(violation_field(violation.location) + ": " + violation.description);
    return lines;
}

using Lines = std::vector<std::string>;

TEST(JsonSchema, TypesWithIntegralFloatsAsIntegers) {
    auto schema = compiled(R"({"properties": {"n": {"type": "integer"}, "s": {"type": ["string", "number"]}}})");
    EXPECT_EQ(said(schema, R"({"n": 5.0, "s": 1.5})"), Lines{});
    EXPECT_EQ(said(schema, R"({"n": 5.5, "s": true})"),
              (Lines{"n: Invalid type. Expected: integer, given: number",
                     "s: Invalid type. Expected: [string,number], given: boolean"}));
    EXPECT_EQ(said(schema, R"({"n": null})"), Lines{"n: Invalid type. Expected: integer, given: null"});
}

TEST(JsonSchema, ObjectsRequiredPatternAndAdditionalProperties) {
    auto schema = compiled(R"({
        "type": "object", "required": ["image"],
        "properties": {"image": {"type": "string"}},
        "patternProperties": {"^x-": {}, "^n[0-9]+$": {"type": "integer"}},
        "additionalProperties": false})");
    EXPECT_EQ(said(schema, R"({"image": "a", "x-any": [1], "n1": 2})"), Lines{});
    EXPECT_EQ(said(schema, R"({"foo": 1, "n2": "x"})"),
              (Lines{"(root): image is required", "(root): Additional property foo is not allowed",
                     "n2: Invalid type. Expected: integer, given: string"}));
    auto additional_schema = compiled(R"({"additionalProperties": {"type": "string"}})");
    EXPECT_EQ(said(additional_schema, R"({"a": "x", "b": 2})"),
              Lines{"b: Invalid type. Expected: string, given: integer"});
}

TEST(JsonSchema, ArraysItemsBoundsAndUniqueness) {
    auto schema = compiled(R"({"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 3,
                               "uniqueItems": true})");
    EXPECT_EQ(said(schema, R"(["a", "b"])"), Lines{});
    EXPECT_EQ(said(schema, R"([])"), Lines{"(root): Array must have at least 1 items"});
    EXPECT_EQ(said(schema, R"(["a", 1, "a", "a"])"),
              (Lines{"1: Invalid type. Expected: string, given: integer", "(root): Array must have at most 3 items",
                     "(root): array items[0,2] must be unique", "(root): array items[2,3] must be unique"}));
    auto objects = compiled(R"({"uniqueItems": true})");
    EXPECT_EQ(said(objects, R"([{"a": 1, "b": 2}, {"b": 2, "a": 1}])"), Lines{"(root): array items[0,1] must be unique"});
}

TEST(JsonSchema, NumbersStringsEnumsAndConst) {
    auto schema = compiled(R"({"properties": {
        "n": {"minimum": 0, "maximum": 10}, "x": {"exclusiveMinimum": 0.5},
        "s": {"minLength": 2, "maxLength": 3, "pattern": "^[a-z]+$"},
        "e": {"enum": ["no", "always"]}, "c": {"const": 1}}})");
    EXPECT_EQ(said(schema, R"({"n": 0, "x": 1, "s": "ab", "e": "no", "c": 1})"), Lines{});
    EXPECT_EQ(said(schema, R"({"n": -1, "x": 0.5, "s": "A", "e": "never", "c": 2})"),
              (Lines{"n: Must be greater than or equal to 0", "x: Must be greater than 0.5",
                     "s: String length must be greater than or equal to 2", "s: Does not match pattern '^[a-z]+$'",
                     "e: e must be one of the following: \"no\", \"always\"", "c: c does not match: 1"}));
    EXPECT_EQ(said(schema, R"({"n": 11, "s": "abcd"})"),
              (Lines{"n: Must be less than or equal to 10", "s: String length must be less than or equal to 3"}));
}

// The whole-text patterns of names and option keys are matched by hand (a
// regex recursing per character would overflow the stack on a long name), as
// Go's RE2 reads them: `.` is any byte but a newline.
TEST(JsonSchema, WholeTextPatternsMatchLongNamesWithoutTheRegexEngine) {
    auto names = compiled(R"({"additionalProperties": false,
        "patternProperties": {"^[a-zA-Z0-9._-]+$": {"type": "integer"}, "^x-": {}}})");
    const std::string long_name(200000, 'a');
    EXPECT_EQ(said(names, Json{{long_name + ".b-c_9", 1}}.dump()), Lines{});
    EXPECT_EQ(said(names, Json{{long_name + "!", 1}}.dump()),
              Lines{"(root): Additional property " + long_name + "! is not allowed"});
    EXPECT_EQ(said(names, R"({"x-a": 1, "a-": 2})"), Lines{});
    auto options = compiled(R"({"patternProperties": {"^.+$": {"type": "string"}}})");
    EXPECT_EQ(said(options, Json{{long_name + "\r", 1}}.dump()),
              Lines{long_name + "\r: Invalid type. Expected: string, given: integer"});
    // a key with a newline matches no pattern here, so it is no option at all
    EXPECT_EQ(said(options, R"({"a\nb": 1})"), Lines{});
}

TEST(JsonSchema, OneOfReportsItselfThenItsBestBranch) {
    // The object branch gets further than the type failures before it, so its violation follows.
    auto schema = compiled(R"({"oneOf": [{"type": "string"}, {"type": "number"},
                                         {"type": "object", "properties": {"target": {"type": "integer"}},
                                          "additionalProperties": false}]})");
    EXPECT_EQ(said(schema, R"("80:80")"), Lines{});
    EXPECT_EQ(said(schema, R"({"target": 80, "foo": 1})"),
              (Lines{"(root): Must validate one and only one schema (oneOf)",
                     "(root): Additional property foo is not allowed"}));
    auto both = compiled(R"({"oneOf": [{"type": "integer"}, {"type": "number"}]})");
    EXPECT_EQ(said(both, "3"), Lines{"(root): Must validate one and only one schema (oneOf)"});
}

TEST(JsonSchema, AnyOfAllOfNot) {
    auto schema = compiled(R"({"properties": {
        "a": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
        "b": {"allOf": [{"type": "integer"}, {"minimum": 3}]},
        "c": {"not": {"type": "string"}}}})");
    EXPECT_EQ(said(schema, R"({"a": 1, "b": 4, "c": 1})"), Lines{});
    EXPECT_EQ(said(schema, R"({"a": true, "b": 2, "c": "x"})"),
              (Lines{"a: Must validate at least one schema (anyOf)", "a: Invalid type. Expected: string, given: boolean",
                     "b: Must be greater than or equal to 3", "b: Must validate all the schemas (allOf)",
                     "c: Must not validate the schema (not)"}));
}

TEST(JsonSchema, ReferencesToDefinitionsIncludingRecursiveOnes) {
    auto schema = compiled(R"({"$ref": "#/definitions/node", "definitions": {"node": {
        "type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#/definitions/node"}},
                                         "name": {"type": "string"}}}}})");
    EXPECT_EQ(said(schema, R"({"children": [{"children": [{"name": "leaf"}]}]})"), Lines{});
    EXPECT_EQ(said(schema, R"({"children": [{"children": [{"name": 1}]}]})"),
              Lines{"children.0.children.0.name: Invalid type. Expected: string, given: integer"});
    auto defs = compiled(R"({"properties": {"a": {"$ref": "#/$defs/s"}}, "$defs": {"s": {"type": "string"}}})");
    EXPECT_EQ(said(defs, R"({"a": 1})"), Lines{"a: Invalid type. Expected: string, given: integer"});
}

TEST(JsonSchema, RefusesWhatItCannotCheck) {
    for (const char* text : {R"({"if": {"type": "string"}})", R"({"items": [{"type": "string"}]})",
                             R"({"$ref": "other.json#/x"})", R"({"$ref": "#/definitions/missing"})",
                             R"({"properties": {"a": false}})", R"({"pattern": "("})"}) {
        auto schema = JsonSchema::compile(Json::parse(text));
        EXPECT_FALSE(schema) << text;
    }
    auto schema = JsonSchema::compile(Json::parse(R"({"if": {}})"));
    ASSERT_FALSE(schema);
    EXPECT_EQ(schema.error().message(), "compiling the JSON schema: /if: keyword not supported by this validator");
}

} // namespace
} // namespace berth::compose
