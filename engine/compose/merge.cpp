#include "compose/merge.h"

#include "compose/unicity.h"
#include "compose/yaml_path.h"

#include <algorithm>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace berth::compose {
namespace {

using Merger = std::function<YAML::Node(const YAML::Node& base, const YAML::Node& override_node, const YamlPath&)>;

YAML::Node merge_nodes(const YAML::Node& base, const YAML::Node& override_node, const YamlPath& path);

// compose-go's convertIntoSequence: a mapping becomes sorted "key=value" strings
// ("key" alone for a null value), a scalar a one-item sequence.
YAML::Node into_sequence(const YAML::Node& node) {
    YAML::Node out(YAML::NodeType::Sequence);
    if (node.IsMap()) {
        std::vector<std::string> items;
        for (const auto& entry : node) {
            const std::string& key = entry.first.Scalar();
            if (entry.second.IsNull())
                items.push_back(key);
            else if (entry.second.IsScalar())
                items.push_back(key + "=" + entry.second.Scalar());
            else if (entry.second.IsSequence()) // extra_hosts: {host: [ip1, ip2]}
                for (const auto& value : entry.second)
                    items.push_back(key + "=" + (value.IsScalar() ? value.Scalar() : YAML::Dump(value)));
            else
                items.push_back(key + "=" + YAML::Dump(entry.second));
        }
        std::ranges::sort(items);
        for (const auto& item : items)
            out.push_back(item);
    } else if (node.IsSequence()) {
        for (const auto& item : node)
            out.push_back(YAML::Clone(item));
    } else if (node.IsScalar()) {
        out.push_back(node.Scalar());
    }
    return out;
}

// compose-go's convertIntoMapping: a sequence of names becomes {name: default}.
YAML::Node into_mapping(const YAML::Node& node, const std::function<YAML::Node()>& default_value) {
    if (!node.IsSequence())
        return YAML::Clone(node);
    YAML::Node out(YAML::NodeType::Map);
    for (const auto& item : node)
        out[item.Scalar()] = default_value();
    return out;
}

YAML::Node null_node() { return YAML::Node(YAML::NodeType::Null); }

YAML::Node merge_mappings(const YAML::Node& base, const YAML::Node& override_node, const YamlPath& path) {
    YAML::Node out = YAML::Clone(base);
    for (const auto& entry : override_node) {
        const std::string& key = entry.first.Scalar();
        // The compose spec's tags on an override's value: `!reset` removes what the
        // base had, `!override` replaces it without any merge rule.
        if (entry.second.Tag() == "!reset") {
            out.remove(key);
            continue;
        }
        if (entry.second.Tag() == "!override") {
            YAML::Node replacement = YAML::Clone(entry.second);
            replacement.SetTag("");
            out[key] = replacement;
            continue;
        }
        YAML::Node existing = out[key];
        // Extension fields (x-...) are opaque to compose: the override replaces them whole.
        if (!existing || existing.IsNull() || key.starts_with("x-")) {
            out[key] = YAML::Clone(entry.second);
            continue;
        }
        out[key] = merge_nodes(existing, entry.second, path.next(key));
    }
    return out;
}

YAML::Node replace(const YAML::Node&, const YAML::Node& override_node, const YamlPath&) {
    return YAML::Clone(override_node);
}

YAML::Node merge_to_sequence(const YAML::Node& base, const YAML::Node& override_node, const YamlPath&) {
    YAML::Node out = into_sequence(base);
    for (const auto& item : into_sequence(override_node))
        out.push_back(item);
    return out;
}

// The base's entries, then the override's entries the base does not already have.
YAML::Node merge_extra_hosts(const YAML::Node& base, const YAML::Node& override_node, const YamlPath&) {
    YAML::Node out = into_sequence(base);
    std::vector<std::string> present;
    for (const auto& item : out)
        present.push_back(YAML::Dump(item));
    for (const auto& item : into_sequence(override_node)) {
        std::string text = YAML::Dump(item);
        if (std::ranges::find(present, text) != present.end())
            continue;
        present.push_back(text);
        out.push_back(item);
    }
    return out;
}

// IPAM pools are matched by subnet: the override's pool merges into the base's
// pool of the same subnet, in its place; a new subnet is appended.
YAML::Node merge_ipam_config(const YAML::Node& base, const YAML::Node& override_node, const YamlPath& path) {
    if (!base.IsSequence() || !override_node.IsSequence())
        return YAML::Clone(override_node);
    auto subnet_of = [](const YAML::Node& pool) {
        return pool.IsMap() && pool["subnet"] ? pool["subnet"].Scalar() : std::string();
    };
    std::vector<YAML::Node> pools;
    for (const auto& pool : base)
        pools.push_back(YAML::Clone(pool));
    for (const auto& pool : override_node) {
        auto same = std::ranges::find_if(pools, [&](const YAML::Node& p) { return subnet_of(p) == subnet_of(pool); });
        if (same != pools.end() && same->IsMap() && pool.IsMap())
            *same = merge_mappings(*same, pool, path);
        else
            pools.push_back(YAML::Clone(pool));
    }
    YAML::Node out(YAML::NodeType::Sequence);
    for (const auto& pool : pools)
        out.push_back(pool);
    return out;
}

YAML::Node merge_build(const YAML::Node& base, const YAML::Node& override_node, const YamlPath& path) {
    auto as_mapping = [](const YAML::Node& node) {
        if (!node.IsScalar())
            return YAML::Clone(node);
        YAML::Node out(YAML::NodeType::Map);
        out["context"] = node.Scalar();
        return out;
    };
    return merge_mappings(as_mapping(base), as_mapping(override_node), path);
}

YAML::Node merge_depends_on(const YAML::Node& base, const YAML::Node& override_node, const YamlPath& path) {
    auto started = [] {
        YAML::Node condition(YAML::NodeType::Map);
        condition["condition"] = "service_started";
        condition["required"] = true;
        return condition;
    };
    return merge_mappings(into_mapping(base, started), into_mapping(override_node, started), path);
}

YAML::Node merge_name_mapping(const YAML::Node& base, const YAML::Node& override_node, const YamlPath& path) {
    return merge_mappings(into_mapping(base, null_node), into_mapping(override_node, null_node), path);
}

// Options of one driver mean nothing to another: merge only for the same (or an unnamed) driver.
YAML::Node merge_logging(const YAML::Node& base, const YAML::Node& override_node, const YamlPath& path) {
    if (!base.IsMap() || !override_node.IsMap())
        return YAML::Clone(override_node);
    YAML::Node base_driver = base["driver"];
    YAML::Node override_driver = override_node["driver"];
    if (!base_driver || !override_driver || YAML::Dump(base_driver) == YAML::Dump(override_driver))
        return merge_mappings(base, override_node, path);
    return YAML::Clone(override_node);
}

const std::vector<std::pair<const char*, Merger>>& special_mergers() {
    static const std::vector<std::pair<const char*, Merger>> mergers = {
        {"networks.*.labels", merge_to_sequence},
        {"volumes.*.labels", merge_to_sequence},
        {"services.*.annotations", merge_to_sequence},
        {"services.*.build", merge_build},
        {"services.*.build.args", merge_to_sequence},
        {"services.*.build.additional_contexts", merge_to_sequence},
        {"services.*.build.extra_hosts", merge_extra_hosts},
        {"services.*.build.labels", merge_to_sequence},
        {"services.*.command", replace},
        {"services.*.depends_on", merge_depends_on},
        {"services.*.deploy.labels", merge_to_sequence},
        {"services.*.dns", merge_to_sequence},
        {"services.*.dns_opt", merge_to_sequence},
        {"services.*.dns_search", merge_to_sequence},
        {"services.*.entrypoint", replace},
        {"services.*.env_file", merge_to_sequence},
        {"services.*.label_file", merge_to_sequence},
        {"services.*.environment", merge_to_sequence},
        {"services.*.extra_hosts", merge_extra_hosts},
        {"services.*.healthcheck.test", replace},
        {"services.*.labels", merge_to_sequence},
        {"services.*.volumes.*.volume.labels", merge_to_sequence},
        {"services.*.logging", merge_logging},
        {"services.*.models", merge_name_mapping},
        {"services.*.networks", merge_name_mapping},
        {"services.*.sysctls", merge_to_sequence},
        {"services.*.tmpfs", merge_to_sequence},
        {"services.*.ulimits.*", replace}, // {hard} alone drops the base's soft limit
        {"networks.*.ipam.config", merge_ipam_config},
        {"models.*.runtime_flags", replace},
    };
    return mergers;
}

YAML::Node merge_nodes(const YAML::Node& base, const YAML::Node& override_node, const YamlPath& path) {
    for (const auto& [pattern, merger] : special_mergers())
        if (path.matches(pattern))
            return merger(base, override_node, path);
    if (!override_node || override_node.IsNull())
        return YAML::Clone(base);
    if (base.IsMap() && override_node.IsMap())
        return merge_mappings(base, override_node, path);
    if (base.IsSequence() && override_node.IsSequence()) {
        YAML::Node out = YAML::Clone(base);
        for (const auto& item : override_node)
            out.push_back(YAML::Clone(item));
        return out;
    }
    return YAML::Clone(override_node);
}

} // namespace

Result<YAML::Node> merge_compose_files(const YAML::Node& base, const YAML::Node& override_node) {
    YAML::Node merged;
    try {
        merged = merge_nodes(base, override_node, YamlPath());
    } catch (const YAML::Exception& e) { // a tree shape parse_compose_yaml should have refused
        return fail(ErrorCategory::Invalid, "merging: yaml: {}", e.msg);
    }
    if (auto unique = enforce_unicity(merged); !unique)
        return std::unexpected(unique.error());
    return merged;
}

} // namespace berth::compose
