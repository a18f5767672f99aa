#include "compose/unicity.h"

#include "compose/yaml_path.h"

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace berth::compose {
namespace {

using Indexer = std::function<std::string(const YAML::Node&)>;

std::string scalar_or_empty(const YAML::Node& node, const char* key) {
    return node[key] && node[key].IsScalar() ? node[key].Scalar() : std::string();
}

// "KEY=value" and "KEY" index by KEY.
std::string key_value_key(const YAML::Node& entry) {
    if (!entry.IsScalar())
        return YAML::Dump(entry);
    const std::string& text = entry.Scalar();
    return text.substr(0, text.find('='));
}

// Short "src:target[:mode]" or long {target: ...}: by target.
std::string volume_key(const YAML::Node& entry) {
    if (entry.IsMap())
        return scalar_or_empty(entry, "target");
    const std::string& text = entry.Scalar();
    size_t first = text.find(':');
    if (first == std::string::npos)
        return text;
    size_t second = text.find(':', first + 1);
    return text.substr(first + 1, second == std::string::npos ? std::string::npos : second - first - 1);
}

std::string device_key(const YAML::Node& entry) {
    if (entry.IsMap())
        return scalar_or_empty(entry, "target");
    return volume_key(entry);
}

// Ports are unique by their whole short form or long form's fields (compose-go
// indexes published:target/protocol); kept as the printed entry here.
std::string whole_entry_key(const YAML::Node& entry) { return entry.IsScalar() ? entry.Scalar() : YAML::Dump(entry); }

std::string env_file_key(const YAML::Node& entry) {
    return entry.IsMap() ? scalar_or_empty(entry, "path") : entry.Scalar();
}

Indexer mount_key(std::string default_dir) {
    return [default_dir](const YAML::Node& entry) {
        if (entry.IsScalar())
            return default_dir.empty() ? entry.Scalar() : default_dir + "/" + entry.Scalar();
        std::string target = scalar_or_empty(entry, "target");
        if (target.empty())
            target = scalar_or_empty(entry, "source");
        return target;
    };
}

const std::vector<std::pair<const char*, Indexer>>& unicity_rules() {
    static const std::vector<std::pair<const char*, Indexer>> rules = {
        {"networks.*.labels", key_value_key},
        {"networks.*.ipam.options", key_value_key},
        {"services.*.annotations", key_value_key},
        {"services.*.build.args", key_value_key},
        {"services.*.build.additional_contexts", key_value_key},
        {"services.*.build.platform", key_value_key},
        {"services.*.build.platforms", key_value_key},
        {"services.*.build.tags", key_value_key},
        {"services.*.build.labels", key_value_key},
        {"services.*.cap_add", key_value_key},
        {"services.*.cap_drop", key_value_key},
        {"services.*.configs", mount_key("")},
        {"services.*.deploy.labels", key_value_key},
        {"services.*.devices", device_key},
        {"services.*.dns", key_value_key},
        {"services.*.dns_opt", key_value_key},
        {"services.*.dns_search", key_value_key},
        {"services.*.environment", key_value_key},
        {"services.*.env_file", env_file_key},
        {"services.*.expose", whole_entry_key},
        {"services.*.labels", key_value_key},
        {"services.*.links", key_value_key},
        {"services.*.networks.*.aliases", key_value_key},
        {"services.*.networks.*.link_local_ips", key_value_key},
        {"services.*.ports", whole_entry_key},
        {"services.*.profiles", key_value_key},
        {"services.*.secrets", mount_key("/run/secrets")},
        {"services.*.sysctls", key_value_key},
        {"services.*.tmpfs", key_value_key},
        {"services.*.volumes", volume_key},
        {"volumes.*.labels", key_value_key},
    };
    return rules;
}

YAML::Node unique_sequence(const YAML::Node& sequence, const Indexer& indexer) {
    // Indices, not nodes: assigning a YAML::Node rebinds the shared node it refers to.
    std::vector<size_t> kept;
    std::map<std::string, size_t> seen;
    for (size_t i = 0; i < sequence.size(); ++i) {
        std::string key = indexer(sequence[i]);
        if (auto it = seen.find(key); it != seen.end()) {
            kept[it->second] = i;
            continue;
        }
        seen.emplace(key, kept.size());
        kept.push_back(i);
    }
    YAML::Node out(YAML::NodeType::Sequence);
    for (size_t index : kept)
        out.push_back(sequence[index]);
    return out;
}

void enforce(YAML::Node node, const YamlPath& path) {
    if (node.IsMap()) {
        for (auto entry : node) {
            YamlPath child = path.next(entry.first.Scalar());
            if (entry.second.IsSequence()) {
                for (const auto& [pattern, indexer] : unicity_rules())
                    if (child.matches(pattern)) {
                        entry.second = unique_sequence(entry.second, indexer);
                        break;
                    }
            } else {
                enforce(entry.second, child);
            }
        }
    }
}

} // namespace

Result<void> enforce_unicity(YAML::Node& root) {
    try {
        enforce(root, YamlPath());
    } catch (const YAML::Exception& e) { // a tree shape parse_compose_yaml should have refused
        return fail(ErrorCategory::Invalid, "yaml: {}", e.msg);
    }
    return {};
}

} // namespace berth::compose
