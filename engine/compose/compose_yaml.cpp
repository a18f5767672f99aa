#include "compose/compose_yaml.h"

#include "compose/yaml_path.h"

#include <format>
#include <fstream>
#include <sstream>
#include <vector>

namespace berth::compose {

std::string describe_location(std::string_view file, const YAML::Mark& mark) {
    if (mark.is_null())
        return std::string(file);
    return std::format("{}:{}:{}", file, mark.line + 1, mark.column + 1);
}

namespace {

// yaml-cpp reads `<<: *anchor` as an ordinary key; compose (go-yaml) merges the
// anchored mapping(s) in: keys written next to `<<` win, then earlier sources.
// This walk is the first over the tree, so it also bounds what later walks see:
// depth (an alias inside its own anchor is a cycle) and the number of nodes
// reached through aliases (nested aliases grow exponentially: "billion laughs").
struct WalkBudget {
    size_t nodes_left = 200'000; // real files have a few thousand; the interpolated copy stays small
};

Result<void> resolve_merge_keys(YAML::Node node, std::string_view file, WalkBudget& budget, int depth = 0) {
    if (depth > 256)
        return fail(ErrorCategory::Invalid, "{}: document nested too deeply", describe_location(file, node.Mark()));
    if (budget.nodes_left-- == 0)
        return fail(ErrorCategory::Invalid, "{}: document too large once its aliases are expanded", file);
    if (node.IsSequence()) {
        for (auto item : node)
            if (auto done = resolve_merge_keys(item, file, budget, depth + 1); !done)
                return done;
        return {};
    }
    if (!node.IsMap())
        return {};
    for (auto entry : node) {
        // Compose keys are strings; a null, tagged-empty or complex key (`? [a]`) is refused here
        // so no later walk meets one.
        if (!entry.first.IsScalar())
            return fail(ErrorCategory::Invalid, "{}: mapping keys must be strings",
                        describe_location(file, entry.first.Mark()));
        if (auto done = resolve_merge_keys(entry.second, file, budget, depth + 1); !done)
            return done;
    }
    YAML::Node sources = node["<<"];
    if (!sources.IsDefined())
        return {};
    std::vector<YAML::Node> maps;
    if (sources.IsMap())
        maps.push_back(sources);
    else if (sources.IsSequence())
        for (const auto& source : sources)
            maps.push_back(source);
    for (const auto& source : maps)
        if (!source.IsMap())
            return fail(ErrorCategory::Invalid, "{}: map merge requires map or sequence of maps as the value",
                        describe_location(file, sources.Mark()));
    node.remove("<<");
    const YAML::Node& present = node; // const lookups never add a key
    for (const auto& source : maps)
        for (const auto& entry : source)
            if (!present[entry.first.Scalar()].IsDefined())
                node[entry.first.Scalar()] = entry.second;
    return {};
}

} // namespace

Result<YAML::Node> parse_compose_yaml(std::string_view content, std::string_view file) {
    try {
        YAML::Node root = YAML::Load(std::string(content));
        if (!root || root.IsNull())
            return YAML::Node(YAML::NodeType::Map);
        if (!root.IsMap())
            return fail(ErrorCategory::Invalid, "{}: top-level object must be a mapping",
                        describe_location(file, root.Mark()));
        WalkBudget budget;
        if (auto merged = resolve_merge_keys(root, file, budget); !merged)
            return std::unexpected(merged.error());
        return root;
    } catch (const YAML::Exception& e) {
        return fail(ErrorCategory::Invalid, "{}: yaml: {}", describe_location(file, e.mark), e.msg);
    }
}

Result<YAML::Node> load_compose_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return fail(ErrorCategory::NotFound, "open {}: no such file or directory", path.string());
    std::ostringstream content;
    content << in.rdbuf();
    return parse_compose_yaml(content.str(), path.string());
}

namespace {

// Builds a new tree rather than editing in place: an anchored node reached through
// several aliases (or `<<` merge keys) is one yaml-cpp node, and interpolating it
// once per alias would read a `$$` twice. Tags are kept (`!reset`, `!override`).
Result<YAML::Node> interpolate_node(const YAML::Node& node, const YamlPath& path, const VariableLookup& lookup,
                                    std::string_view file) {
    if (node.IsScalar()) {
        const std::string& text = node.Scalar();
        if (text.find('$') == std::string::npos)
            return YAML::Clone(node);
        auto value = interpolate(text, lookup);
        if (!value)
            return std::unexpected(
                std::move(value.error()).wrap("{}: {}", describe_location(file, node.Mark()), path.to_string()));
        YAML::Node out(*value);
        out.SetTag(node.Tag());
        return out;
    }
    if (node.IsSequence()) {
        YAML::Node out(YAML::NodeType::Sequence);
        out.SetTag(node.Tag());
        for (size_t i = 0; i < node.size(); ++i) {
            auto item = interpolate_node(node[i], path.index(i), lookup, file);
            if (!item)
                return item;
            out.push_back(*item);
        }
        return out;
    }
    if (node.IsMap()) {
        YAML::Node out(YAML::NodeType::Map);
        out.SetTag(node.Tag());
        for (const auto& entry : node) {
            auto value = interpolate_node(entry.second, path.next(entry.first.Scalar()), lookup, file);
            if (!value)
                return value;
            out[entry.first.Scalar()] = *value;
        }
        return out;
    }
    return YAML::Clone(node);
}

} // namespace

Result<YAML::Node> interpolated_tree(const YAML::Node& root, const VariableLookup& lookup, std::string_view file) {
    try {
        return interpolate_node(root, YamlPath(), lookup, file);
    } catch (const YAML::Exception& e) { // a tree shape parse_compose_yaml should have refused
        return fail(ErrorCategory::Invalid, "{}: yaml: {}", describe_location(file, e.mark), e.msg);
    }
}

Result<void> interpolate_tree(YAML::Node& root, const VariableLookup& lookup, std::string_view file) {
    auto interpolated = interpolated_tree(root, lookup, file);
    if (!interpolated)
        return std::unexpected(interpolated.error());
    root = *interpolated;
    return {};
}

} // namespace berth::compose
