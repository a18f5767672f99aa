#pragma once
// The query string of a request target, decoded: "?all=1&filters=%7B%7D".

#include "base/error.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace berth::api {

class Query {
public:
    static Result<Query> parse(std::string_view query_string);

    std::optional<std::string> get(std::string_view key) const;
    bool has(std::string_view key) const { return values_.contains(key); }
    // Docker's boolean reading of a query value: "", "0", "false" and "False" are false.
    bool flag(std::string_view key) const;

private:
    std::map<std::string, std::string, std::less<>> values_;
};

Result<std::string> percent_decode(std::string_view text, bool plus_is_space);

} // namespace berth::api
