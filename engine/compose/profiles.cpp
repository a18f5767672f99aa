#include "compose/profiles.h"

#include "compose/yaml_values.h"

namespace berth::compose {
namespace {

// A service that is not a mapping is kept: normalisation reports it by name.
bool enabled(const YAML::Node& service, const std::set<std::string>& active) {
    if (!is_map(service))
        return true;
    auto profiles = string_or_list(service["profiles"]);
    if (profiles.empty() || active.contains("*"))
        return true;
    for (const auto& profile : profiles)
        if (active.contains(profile))
            return true;
    return false;
}

} // namespace

std::set<std::string> active_profiles(const std::vector<std::string>& flags, const std::string& compose_profiles) {
    std::set<std::string> active;
    for (const auto& flag : flags)
        if (!flag.empty())
            active.insert(flag);
    if (!active.empty())
        return active;
    size_t start = 0;
    while (start <= compose_profiles.size()) {
        auto end = compose_profiles.find(',', start);
        std::string profile = compose_profiles.substr(start, end - start);
        if (!profile.empty())
            active.insert(profile);
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    return active;
}

std::vector<std::string> declared_profiles(const YAML::Node& document) {
    std::set<std::string> all;
    if (const YAML::Node services = document["services"]; is_map(services))
        for (const auto& entry : services)
            if (is_map(entry.second))
                for (auto& profile : string_or_list(entry.second["profiles"]))
                    all.insert(profile);
    return {all.begin(), all.end()};
}

void remove_disabled_services(YAML::Node document, const std::set<std::string>& active) {
    const YAML::Node services = document["services"];
    if (!is_map(services))
        return;
    YAML::Node kept(YAML::NodeType::Map);
    for (const auto& entry : services)
        if (enabled(entry.second, active))
            kept[entry.first.Scalar()] = entry.second;
    document["services"] = kept;
}

} // namespace berth::compose
