#pragma once
// The exec form's JSON array (`CMD ["a", "b"]`), read as Go's json.Decoder
// reads BuildKit's: the first JSON value only (text after it is ignored), and
// it must be an array of strings.

#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace berth::dockerfile {

struct NotJson {};        // not an array, or not valid JSON: the caller falls back to the shell form
struct NotStringArray {}; // valid JSON, but an element is not a string: an error
using JsonArrayResult = std::variant<std::vector<std::string>, NotJson, NotStringArray>;

JsonArrayResult parse_json_string_array(std::string_view text);

inline constexpr const char* kNotStringArrayMessage =
    "when using JSON array syntax, arrays must be comprised of strings only";

} // namespace berth::dockerfile
