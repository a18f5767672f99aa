#pragma once
// Sizes as Docker's users write them (go-units): "512m", "1.5GB", "10k".

#include "base/error.h"

#include <cstdint>
#include <string_view>

namespace berth {

// Docker's RAMInBytes (--memory, --shm-size, --memory-swap): binary units,
// case-insensitive, optional "b"/"ib": "512m" = 512 MiB, "1g" = 1 GiB, "100" = 100 bytes.
// Invalid: "invalid size: '<text>'".
Result<int64_t> parse_ram_size(std::string_view text);

// Docker's FromHumanSize (--log-opt max-size, --storage-opt): decimal units,
// "1kB" = 1000, "1.5GB" = 1.5e9.
Result<int64_t> parse_human_size(std::string_view text);

} // namespace berth
