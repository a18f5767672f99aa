#include "api/types/disk_usage.h"

#include "api/types/json_fields.h"

namespace berth::api::types {

namespace {

const nlohmann::json& list(const nlohmann::json& json, const char* key) {
    static const nlohmann::json empty = nlohmann::json::array();
    auto it = json.find(key);
    return it != json.end() && it->is_array() ? *it : empty;
}

bool flag(const nlohmann::json& object, const char* key) {
    auto it = object.find(key);
    return it != object.end() && it->is_boolean() && it->get<bool>();
}

} // namespace

Result<std::vector<DiskUsageRow>> disk_usage_from_json(const nlohmann::json& json) {
    if (!json.is_object()) return fail(ErrorCategory::Invalid, "the disk usage answer is not a JSON object");
    try {
        DiskUsageRow images{"Images"}, containers{"Containers"}, volumes{"Local Volumes"}, cache{"Build Cache"};
        // Images: SIZE is LayersSize (shared layers once); RECLAIMABLE what unused images hold alone.
        images.size = integer_field(json, "LayersSize");
        int64_t used = 0;
        for (const auto& image : list(json, "Images")) {
            ++images.total;
            if (integer_field(image, "Containers") > 0) {
                ++images.active;
                used += integer_field(image, "Size") - std::max<int64_t>(integer_field(image, "SharedSize"), 0);
            }
        }
        images.reclaimable = std::max<int64_t>(images.size - used, 0);
        for (const auto& container : list(json, "Containers")) {
            ++containers.total;
            const int64_t size = integer_field(container, "SizeRw");
            containers.size += size;
            const std::string state = text_field(container, "State");
            if (state == "running" || state == "paused" || state == "restarting") ++containers.active;
            else containers.reclaimable += size;
        }
        for (const auto& volume : list(json, "Volumes")) {
            ++volumes.total;
            const auto usage = volume.contains("UsageData") ? volume["UsageData"] : nlohmann::json::object();
            const int64_t size = std::max<int64_t>(integer_field(usage, "Size"), 0); // -1: not computed
            volumes.size += size;
            if (integer_field(usage, "RefCount") > 0) ++volumes.active;
            else volumes.reclaimable += size;
        }
        for (const auto& record : list(json, "BuildCache")) {
            ++cache.total;
            const int64_t size = integer_field(record, "Size");
            cache.size += size;
            if (flag(record, "InUse")) ++cache.active;
            if (!flag(record, "InUse") && !flag(record, "Shared")) cache.reclaimable += size;
        }
        return std::vector<DiskUsageRow>{images, containers, volumes, cache};
    } catch (const nlohmann::json::exception& e) {
        return fail(ErrorCategory::Invalid, "reading the disk usage: {}", e.what());
    }
}

} // namespace berth::api::types
