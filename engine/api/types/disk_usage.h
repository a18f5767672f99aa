#pragma once
// GET /system/df (`docker system df`), read into the four rows the docker CLI
// prints: images, containers, local volumes, build cache, each with its count,
// how many are active, the space used and the space a prune would reclaim.
// The sums follow the CLI's (cli/command/formatter/disk_usage.go).

#include "base/error.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace berth::api::types {

struct DiskUsageRow {
    std::string kind;        // "Images", "Containers", "Local Volumes", "Build Cache"
    int64_t total = 0;       // TOTAL
    int64_t active = 0;      // ACTIVE
    int64_t size = 0;        // SIZE, bytes
    int64_t reclaimable = 0; // RECLAIMABLE, bytes

    bool operator==(const DiskUsageRow&) const = default;
};

// The four rows, in the CLI's order; a kind the engine did not report is a row of zeros.
Result<std::vector<DiskUsageRow>> disk_usage_from_json(const nlohmann::json& json);

} // namespace berth::api::types
