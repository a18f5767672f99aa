#pragma once
// The `filters` query parameter of list and event endpoints: JSON mapping a key to
// its accepted values, in either of Docker's two shapes:
//   {"type":{"container":true,"image":true}}   (current)
//   {"type":["container","image"]}             (API < 1.22, still sent by some tools)
// A resource matches when, for every key, it matches one of that key's values.

#include "base/error.h"

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace berth::api {

class Filters {
public:
    static Result<Filters> parse(std::string_view json_text);

    // Docker's error for a key the endpoint does not know: "invalid filter 'x'".
    Result<> allow_only(const std::set<std::string, std::less<>>& keys) const;

    bool has(std::string_view key) const { return values_.contains(key); }
    bool empty() const { return values_.empty(); }
    std::vector<std::string> values(std::string_view key) const;
    // True when `key` is absent, or one of its values equals `candidate`.
    bool accepts(std::string_view key, std::string_view candidate) const;

    // Docker's label filters on an object's labels ({"k":"v"}, null for none): every
    // "label" value ("k" or "k=v") present, no "label!" value present.
    bool matches_labels(const nlohmann::json& labels) const;

private:
    std::map<std::string, std::set<std::string>, std::less<>> values_;
};

} // namespace berth::api
