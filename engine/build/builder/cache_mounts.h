#pragma once
// The `RUN --mount=type=cache` directories: berthd's build cache beside the
// intermediate images (which are images, in `docker system df`'s image rows
// as in dockerd's classic builder). Each is <root>/<name> (name: 32 hex of the
// digest of the mount's id), with <root>/<name>.json beside it recording when
// it was made and last used, how often, and by what. They are the
// `BuildCache` rows of `GET /system/df` (type "exec.cachemount", as BuildKit
// calls them) and what `POST /build/prune` removes, never one in use.

#include "api/filters.h"
#include "base/error.h"
#include "build/builder/run_mounts.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace berth::build {

// One row of Docker's BuildCache list.
struct CacheRecord {
    std::string id;          // the directory's name
    std::string description; // "cached mount /root/.cache from exec /bin/sh -c make"
    bool in_use = false;     // a RUN has it mounted now
    uint64_t size = 0;       // bytes of its regular files
    int64_t created_ns = 0;
    int64_t last_used_ns = 0;
    int64_t usage_count = 0;
};
nlohmann::json to_api_json(const CacheRecord& record);

// Holds a cache directory as in use (InUse, and safe from prune) while it lives.
class CacheLease {
public:
    CacheLease() = default;
    // Waits while `sharing` forbids taking it now (a locked holder, or any
    // holder for a locked one).
    CacheLease(std::string dir, RunMount::Sharing sharing);
    CacheLease(CacheLease&& other) noexcept : dir_(std::exchange(other.dir_, {})) {}
    CacheLease& operator=(CacheLease&&) = delete;
    CacheLease(const CacheLease&) = delete;
    ~CacheLease();
    const std::string& dir() const { return dir_; }

private:
    std::string dir_;
};

// Makes (with the mount's mode and owner) or reuses the directory of `mount`
// under `root`, records this use, and holds it until the lease ends.
Result<CacheLease> acquire_cache_mount(const std::string& root, const RunMount& mount, const std::string& command);

std::vector<CacheRecord> list_cache_mounts(const std::string& root);

struct CachePruneOptions {
    api::Filters filters;
    bool all = false;               // every unused record (ours are all unused-and-dangling alike)
    uint64_t keep_storage = 0;      // bytes to keep: the least recently used go first
};
struct CachePruneReport {
    std::vector<std::string> deleted;
    uint64_t reclaimed = 0;
};
// Checks the filters as dockerd does (unknown keys: "invalid filter 'x'"),
// then removes the matching records not in use.
Result<CachePruneReport> prune_cache_mounts(const std::string& root, const CachePruneOptions& options);

} // namespace berth::build
