#pragma once
// A position in a compose document ("services.web.ports[0]" once printed) and
// compose-go's path patterns, where `*` stands for any one mapping key:
// "services.*.environment" matches services.web.environment. Used by the merge
// rules, the unicity rules and the error messages.

#include <string>
#include <string_view>
#include <vector>

namespace berth::compose {

class YamlPath {
public:
    YamlPath() = default;
    YamlPath next(std::string_view key) const;
    YamlPath index(size_t i) const;
    // Matches a dotted pattern of the same length; `*` matches any key.
    bool matches(std::string_view pattern) const;
    std::string to_string() const; // "services.web.ports[0]"
    bool empty() const { return parts_.empty(); }

private:
    std::vector<std::string> parts_; // keys, or "[n]" for sequence items
};

} // namespace berth::compose
