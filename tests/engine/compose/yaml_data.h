#pragma once
// Comparing YAML trees as data, the way the merge corpus asks: mappings unordered,
// sequences in order, scalars by their text (so 1 and "1" are equal), null equals
// an empty scalar value.

#include <string>

#include <yaml-cpp/yaml.h>

namespace berth::compose::testing {

inline bool same_data(const YAML::Node& a, const YAML::Node& b) {
    bool a_null = !a || a.IsNull();
    bool b_null = !b || b.IsNull();
    if (a_null || b_null)
        return a_null == b_null;
    if (a.Type() != b.Type())
        return false;
    if (a.IsScalar())
        return a.Scalar() == b.Scalar();
    if (a.size() != b.size())
        return false;
    if (a.IsSequence()) {
        for (size_t i = 0; i < a.size(); ++i)
            if (!same_data(a[i], b[i]))
                return false;
        return true;
    }
    for (const auto& entry : a) {
        const YAML::Node other = b[entry.first.Scalar()];
        if (!other.IsDefined() || !same_data(entry.second, other))
            return false;
    }
    return true;
}

} // namespace berth::compose::testing
