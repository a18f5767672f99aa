#include "compose/yaml_path.h"

#include <format>

namespace berth::compose {

YamlPath YamlPath::next(std::string_view key) const {
    YamlPath path = *this;
    path.parts_.emplace_back(key);
    return path;
}

YamlPath YamlPath::index(size_t i) const {
    YamlPath path = *this;
    path.parts_.push_back(std::format("[{}]", i));
    return path;
}

bool YamlPath::matches(std::string_view pattern) const {
    size_t part = 0;
    size_t start = 0;
    while (start <= pattern.size()) {
        size_t dot = pattern.find('.', start);
        std::string_view piece = pattern.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        if (part >= parts_.size() || (piece != "*" && piece != parts_[part]))
            return false;
        ++part;
        if (dot == std::string_view::npos)
            break;
        start = dot + 1;
    }
    return part == parts_.size();
}

std::string YamlPath::to_string() const {
    std::string out;
    for (const auto& part : parts_) {
        if (!out.empty() && !part.starts_with('['))
            out.push_back('.');
        out += part;
    }
    return out;
}

} // namespace berth::compose
