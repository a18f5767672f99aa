#pragma once
// The query string of a request target, decoded: "?all=1&filters=%7B%7D".

#include "base/error.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::api {

class Query {
public:
    static Result<Query> parse(std::string_view query_string);

    // The first value of `key`, as Go's url.Values.Get reads it.
    std::optional<std::string> get(std::string_view key) const;
    // Every value of a repeated key ("changes=a&changes=b"), in order.
    std::vector<std::string> all(std::string_view key) const;
    bool has(std::string_view key) const { return values_.contains(key); }
    // Docker's boolean reading of a query value: "", "0", "false" and "False" are false.
    bool flag(std::string_view key) const;

private:
    std::map<std::string, std::vector<std::string>, std::less<>> values_;
};

Result<std::string> percent_decode(std::string_view text, bool plus_is_space);

} // namespace berth::api
