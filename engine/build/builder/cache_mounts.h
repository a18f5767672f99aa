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
// Leases are taken under one process-wide lock, which prune holds too while it
// moves a directory away: a directory is either leased or being pruned, never both.
class CacheLease {
public:
    CacheLease() = default;
    // Waits while `sharing` forbids taking it now (a locked holder, or any
    // holder for a locked one). Private never waits: its lease is `dir` when no
    // one holds it, else the first free copy (`dir-1`, `dir-2`, ...), chosen
    // and taken in one step so that two private RUNs never get the same one.
    CacheLease(std::string dir, RunMount::Sharing sharing);
    CacheLease(CacheLease&& other) noexcept : dir_(std::exchange(other.dir_, {})) {}
    CacheLease& operator=(CacheLease&&) = delete;
    CacheLease(const CacheLease&) = delete;
    ~CacheLease();
    const std::string& dir() const { return dir_; }

private:
    std::string dir_;
};

// How many lease requests wait now (for a locked holder, or as a locked one);
// lets tests see a RUN blocked on a lease without timing it.
size_t waiting_cache_leases();

// The cache directories one RUN mounts, held until it ends: `dirs[i]` is the
// directory of the i-th cache mount of the list given (tmpfs ones skipped).
struct HeldCacheMounts {
    std::vector<CacheLease> leases;
    std::vector<std::string> dirs;
};

// Makes (with the mount's mode and owner) or reuses the directory of each
// cache mount of `mounts` under `root`, records this use, and holds them until
// the result ends. Mounts of one id share one lease (the locked kind if any
// is locked), and the leases that can wait are taken in the order of their
// paths, so that a RUN never waits on itself and two RUNs never wait on each
// other (X then Y against Y then X).
Result<HeldCacheMounts> acquire_cache_mounts(const std::string& root, const std::vector<RunMount>& mounts,
                                             const std::string& command);

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
