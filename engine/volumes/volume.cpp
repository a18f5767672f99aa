#include "volumes/volume.h"

namespace berth::volumes {

using nlohmann::json;

namespace {

json optional_map(const std::optional<std::map<std::string, std::string>>& map) {
    return map ? json(*map) : json(nullptr);
}

std::optional<std::map<std::string, std::string>> map_from(const json& value) {
    if (!value.is_object()) return std::nullopt;
    return value.get<std::map<std::string, std::string>>();
}

} // namespace

json to_api_json(const Volume& volume, std::optional<UsageData> usage) {
    json out{{"CreatedAt", volume.created_at},   {"Driver", volume.driver},
             {"Labels", optional_map(volume.labels)}, {"Mountpoint", volume.mountpoint},
             {"Name", volume.name},                {"Options", optional_map(volume.options)},
             {"Scope", volume.scope}};
    if (volume.status) out["Status"] = *volume.status;
    if (usage) out["UsageData"] = {{"Size", usage->size}, {"RefCount", usage->ref_count}};
    return out;
}

json to_record(const Volume& volume) {
    return {{"Name", volume.name},
            {"Driver", volume.driver},
            {"Labels", optional_map(volume.labels)},
            {"Options", optional_map(volume.options)},
            {"CreatedAt", volume.created_at}};
}

Volume volume_from_record(const json& record, const std::string& mountpoint) {
    Volume volume;
    volume.name = record.at("Name").get<std::string>();
    volume.driver = record.value("Driver", "local");
    volume.labels = map_from(record.value("Labels", json()));
    volume.options = map_from(record.value("Options", json()));
    volume.created_at = record.value("CreatedAt", "");
    volume.mountpoint = mountpoint;
    return volume;
}

} // namespace berth::volumes
