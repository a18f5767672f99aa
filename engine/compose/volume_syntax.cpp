#include "compose/volume_syntax.h"

#include "base/units.h"
#include "compose/yaml_values.h"

#include <array>
#include <string>
#include <vector>

namespace berth::compose {
namespace {

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    size_t start = 0;
    while (true) {
        auto end = text.find(separator, start);
        parts.push_back(text.substr(start, end - start));
        if (end == std::string_view::npos)
            return parts;
        start = end + 1;
    }
}

bool is_one_of(std::string_view word, std::initializer_list<std::string_view> words) {
    for (auto candidate : words)
        if (candidate == word)
            return true;
    return false;
}

// Options after the second colon: "ro,z", "nocopy", "rslave", "cached".
Result<void> apply_options(std::string_view options, ConfigValue& volume, ConfigValue& bind, ConfigValue& named) {
    for (auto option : split(options, ',')) {
        if (option == "ro")
            volume.set("read_only", ConfigValue::boolean(true));
        else if (option == "rw")
            continue;
        else if (option == "z" || option == "Z")
            bind.set("selinux", ConfigValue::string(std::string(option)));
        else if (option == "nocopy")
            named.set("nocopy", ConfigValue::boolean(true));
        else if (is_one_of(option, {"shared", "rshared", "slave", "rslave", "private", "rprivate"}))
            bind.set("propagation", ConfigValue::string(std::string(option)));
        else if (is_one_of(option, {"consistent", "cached", "delegated"}))
            volume.set("consistency", ConfigValue::string(std::string(option)));
        else
            return fail(ErrorCategory::Invalid, "invalid spec: {}: unknown option: {}", options, option);
    }
    return {};
}

Result<ConfigValue> normalize_long_volume(const YAML::Node& node) {
    ConfigValue volume = typed_value(node);
    if (auto* tmpfs = volume.find("tmpfs")) {
        if (auto* size = tmpfs->find("size"); size && !size->is_null()) {
            std::string text = size->kind() == ConfigValue::Kind::String ? size->as_string()
                                                                        : scalar_text(node["tmpfs"]["size"]);
            auto bytes = parse_ram_size(text);
            if (!bytes)
                return std::unexpected(bytes.error().wrap("tmpfs size"));
            *size = ConfigValue::string(std::to_string(*bytes));
        }
    }
    if (auto* source = volume.find("source"); source && source->kind() != ConfigValue::Kind::String)
        *source = ConfigValue::string(scalar_text(node["source"]));
    volume.order_keys({"type", "source", "target", "read_only", "consistency", "bind", "volume", "tmpfs", "image"});
    return volume;
}

} // namespace

bool is_host_path(std::string_view source) {
    return source.starts_with('.') || source.starts_with('/') || source.starts_with('~') ||
           (source.size() > 2 && source[1] == ':' && (source[2] == '\\' || source[2] == '/'));
}

Result<ConfigValue> parse_short_volume(std::string_view spec) {
    auto parts = split(spec, ':');
    if (parts.size() > 3 || spec.empty())
        return fail(ErrorCategory::Invalid, "invalid spec: {}: too many colons", spec);
    ConfigValue volume = ConfigValue::map();
    ConfigValue bind = ConfigValue::map();
    ConfigValue named = ConfigValue::map();
    std::string_view source = parts.size() >= 2 ? parts[0] : std::string_view{};
    std::string_view target = parts.size() >= 2 ? parts[1] : parts[0];
    if (parts.size() == 3)
        if (auto applied = apply_options(parts[2], volume, bind, named); !applied)
            return std::unexpected(applied.error());
    bool host = !source.empty() && is_host_path(source);
    volume.set("type", ConfigValue::string(host ? "bind" : "volume"));
    if (!source.empty())
        volume.set("source", ConfigValue::string(std::string(source)));
    volume.set("target", ConfigValue::string(std::string(target)));
    if (host) {
        bind.set("create_host_path", ConfigValue::boolean(true));
        volume.set("bind", std::move(bind));
    } else {
        volume.set("volume", std::move(named));
    }
    volume.order_keys({"type", "source", "target", "read_only", "consistency", "bind", "volume"});
    return volume;
}

Result<ConfigValue> normalize_volumes(const YAML::Node& volumes) {
    ConfigValue out = ConfigValue::list();
    for (const auto& item : volumes) {
        auto volume = is_map(item) ? normalize_long_volume(item) : parse_short_volume(scalar_text(item));
        if (!volume)
            return std::unexpected(volume.error());
        out.push_back(std::move(*volume));
    }
    return out;
}

} // namespace berth::compose
