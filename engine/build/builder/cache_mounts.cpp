#include "build/builder/cache_mounts.h"

#include "base/clock.h"
#include "base/files.h"
#include "base/go_errno.h"
#include "base/log.h"
#include "base/digest.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <tuple>
#include <filesystem>
#include <map>
#include <condition_variable>
#include <mutex>
#include <sys/stat.h>
#include <unistd.h>

namespace berth::build {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string record_path_of(const std::string& dir) { return dir + ".json"; }

// The directories RUN containers have mounted now: how many RUNs, and whether
// one holds it locked (sharing=locked).
struct Holders {
    int count = 0;
    bool locked = false;
};
std::mutex g_leases_mutex;
std::condition_variable g_lease_released;
std::map<std::string, Holders, std::less<>> g_leases;
size_t g_waiting = 0; // lease requests blocked now

bool leased(const std::string& dir) {
    std::lock_guard lock(g_leases_mutex);
    return g_leases.contains(dir);
}

// A pruned directory is renamed to <root>/.pruned-<name>-<unique> under the
// lease lock and removed from there outside it; list_cache_mounts skips these.
constexpr std::string_view kTombstonePrefix = ".pruned-";
std::atomic<uint64_t> g_tombstones{0};

std::string cache_dir_of(const std::string& root, const std::string& id) {
    Sha256 hash;
    hash.update(id);
    return root + "/" + hash.digest().substr(7, 32);
}

// Moves `dir` aside unless a RUN holds it, in one step under the lease lock, so
// that a RUN taking the cache right after gets a new directory, never a
// half-removed one. Its record goes with it.
bool move_aside_unless_leased(const std::string& dir, const std::string& tombstone) {
    std::lock_guard lock(g_leases_mutex);
    if (g_leases.contains(dir)) return false;
    if (::rename(dir.c_str(), tombstone.c_str()) != 0) {
        if (errno != ENOENT) log::warn("build cache: moving {} aside to remove it: {}", dir, go_strerror(errno));
        return false;
    }
    ::unlink(record_path_of(dir).c_str());
    return true;
}

// Tombstones a prune could not finish (berthd stopped midway).
void remove_leftover_tombstones(const std::string& root) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(root, ec))
        if (entry.path().filename().string().starts_with(kTombstonePrefix)) {
            std::error_code ignored; // another prune may be removing it now
            fs::remove_all(entry.path(), ignored);
        }
}


json read_record(const std::string& dir) {
    auto text = read_file(record_path_of(dir));
    json record = text ? json::parse(*text, nullptr, false) : json();
    return record.is_object() ? record : json::object();
}

uint64_t tree_size(const fs::path& dir) {
    uint64_t total = 0;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        struct stat info{};
        if (::lstat(it->path().c_str(), &info) == 0 && S_ISREG(info.st_mode)) total += static_cast<uint64_t>(info.st_size);
    }
    return total;
}

// "true"/"1" and "false"/"0", as the filter values Docker's CLI passes.
std::optional<bool> filter_bool(const api::Filters& filters, std::string_view key) {
    if (!filters.has(key)) return std::nullopt;
    auto values = filters.values(key);
    if (values.empty() || values.front().empty()) return true;
    return values.front() == "true" || values.front() == "1";
}

bool matches(const CacheRecord& record, const api::Filters& filters, std::optional<int64_t> until) {
    if (until && record.last_used_ns >= *until) return false; // used within the window: kept
    if (filters.has("id")) {
        bool found = false;
        for (const auto& value : filters.values("id")) found = found || record.id.find(value) != std::string::npos;
        if (!found) return false;
    }
    if (!filters.accepts("type", "exec.cachemount")) return false;
    if (!filters.accepts("description", record.description)) return false;
    if (filters.has("parent")) return false; // a cache mount has no parent
    if (auto in_use = filter_bool(filters, "inuse"); in_use && *in_use != record.in_use) return false;
    if (auto shared = filter_bool(filters, "shared"); shared && *shared) return false; // none is shared with an image
    if (auto private_ = filter_bool(filters, "private"); private_ && !*private_) return false;
    return true;
}

Result<std::optional<int64_t>> until_of(const api::Filters& filters) {
    // "unused-for" is the older name of "until"; dockerd refuses both at once.
    if (filters.has("until") && filters.has("unused-for"))
        return fail(ErrorCategory::Invalid, "conflicting filters: \"until\" and \"unused-for\"");
    std::string key = filters.has("unused-for") ? "unused-for" : "until";
    auto values = filters.values(key);
    if (values.empty()) return std::optional<int64_t>();
    if (values.size() > 1) return fail(ErrorCategory::Invalid, "filters expect only one value");
    auto moment = parse_time_or_duration(values.front());
    if (!moment)
        return fail(ErrorCategory::Invalid, "\"{}\" filter expects a duration (e.g., '24h') or a timestamp: {}", key,
                    moment.error().message());
    return std::optional<int64_t>(*moment);
}

} // namespace

json to_api_json(const CacheRecord& record) {
    return {{"ID", record.id},
            {"Parent", ""},
            {"Parents", nullptr},
            {"Type", "exec.cachemount"},
            {"Description", record.description},
            {"InUse", record.in_use},
            {"Shared", false},
            {"Size", record.size},
            {"CreatedAt", format_rfc3339_nano(record.created_ns)},
            {"LastUsedAt", record.last_used_ns ? json(format_rfc3339_nano(record.last_used_ns)) : json(nullptr)},
            {"UsageCount", record.usage_count}};
}

CacheLease::CacheLease(std::string dir, RunMount::Sharing sharing) {
    std::unique_lock lock(g_leases_mutex);
    if (sharing == RunMount::Sharing::Private) {
        // Chosen and taken under one lock: no other private RUN can pick it meanwhile.
        std::string base = dir;
        for (int copy = 1; g_leases.contains(dir); ++copy) dir = base + "-" + std::to_string(copy);
    } else {
        // Shared users wait out a locked one; a locked one waits for every other.
        auto may_take = [&] {
            auto it = g_leases.find(dir);
            if (it == g_leases.end()) return true;
            return sharing == RunMount::Sharing::Locked ? it->second.count == 0 : !it->second.locked;
        };
        if (!may_take()) {
            ++g_waiting;
            g_lease_released.wait(lock, may_take);
            --g_waiting;
        }
    }
    auto& holders = g_leases[dir];
    ++holders.count;
    holders.locked = sharing == RunMount::Sharing::Locked;
    dir_ = std::move(dir);
}

size_t waiting_cache_leases() {
    std::lock_guard lock(g_leases_mutex);
    return g_waiting;
}

CacheLease::~CacheLease() {
    if (dir_.empty()) return;
    {
        std::lock_guard lock(g_leases_mutex);
        if (auto it = g_leases.find(dir_); it != g_leases.end() && --it->second.count == 0) g_leases.erase(it);
        else if (it != g_leases.end()) it->second.locked = false;
    }
    g_lease_released.notify_all();
}

namespace {

// Makes the leased directory on first use (with the mount's mode and owner) and records this use.
Result<> prepare_cache_dir(const std::string& dir, const RunMount& mount, const std::string& command) {
    int64_t now = now_ns();
    json record = read_record(dir);
    if (::mkdir(dir.c_str(), mount.mode) == 0) {
        if (::chmod(dir.c_str(), mount.mode) != 0 || ::chown(dir.c_str(), mount.uid, mount.gid) != 0)
            return fail_errno("preparing the cache directory {}", dir);
        record = {{"Created", now}, {"UsageCount", 0}};
    } else if (errno != EEXIST) {
        return fail_errno("making the cache directory {}", dir);
    }
    record["LastUsed"] = now;
    record["UsageCount"] = record.value("UsageCount", int64_t{0}) + 1;
    record["Description"] = std::format("cached mount {} from exec {}", mount.target, command);
    if (!record.contains("Created")) record["Created"] = now;
    // Bookkeeping only: a record not written leaves the cache usable.
    if (auto written = write_file_atomically(record_path_of(dir), record.dump(), 0600, Durability::Replaced); !written)
        log::warn("build cache: recording the use of {}: {}", dir, written.error().message());
    return {};
}

// One lease a RUN asks for: the mounts of one id (but private ones) share it.
struct LeaseRequest {
    std::string dir;
    RunMount::Sharing sharing;
    const RunMount* mount;
};

} // namespace

Result<HeldCacheMounts> acquire_cache_mounts(const std::string& root, const std::vector<RunMount>& mounts,
                                             const std::string& command) {
    std::vector<LeaseRequest> requests;
    std::vector<size_t> request_of_mount;
    for (const auto& mount : mounts) {
        if (mount.type != RunMount::Type::Cache) continue;
        std::string dir = cache_dir_of(root, mount.id);
        auto same = std::ranges::find_if(requests, [&](const LeaseRequest& request) {
            return mount.sharing != RunMount::Sharing::Private && request.sharing != RunMount::Sharing::Private &&
                   request.dir == dir;
        });
        if (same != requests.end()) { // mounted twice: one lease, or the RUN would wait on itself
            if (mount.sharing == RunMount::Sharing::Locked) same->sharing = RunMount::Sharing::Locked;
            request_of_mount.push_back(static_cast<size_t>(same - requests.begin()));
            continue;
        }
        request_of_mount.push_back(requests.size());
        requests.push_back({dir, mount.sharing, &mount});
    }
    // The leases that may wait in the order of their paths (every RUN takes
    // them in the same order: no two wait on each other), then the private
    // ones, which never wait.
    std::vector<size_t> order(requests.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::ranges::stable_sort(order, [&](size_t a, size_t b) {
        bool a_private = requests[a].sharing == RunMount::Sharing::Private;
        bool b_private = requests[b].sharing == RunMount::Sharing::Private;
        return std::tie(a_private, requests[a].dir) < std::tie(b_private, requests[b].dir);
    });
    std::error_code ec;
    fs::create_directories(root, ec);
    HeldCacheMounts held;
    std::vector<std::string> dir_of_request(requests.size());
    for (size_t index : order) {
        CacheLease lease(requests[index].dir, requests[index].sharing); // before it exists: a prune now leaves it alone
        if (auto prepared = prepare_cache_dir(lease.dir(), *requests[index].mount, command); !prepared)
            return std::unexpected(prepared.error());
        dir_of_request[index] = lease.dir();
        held.leases.push_back(std::move(lease));
    }
    for (size_t index : request_of_mount) held.dirs.push_back(dir_of_request[index]);
    return held;
}

std::vector<CacheRecord> list_cache_mounts(const std::string& root) {
    std::vector<CacheRecord> records;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(root, ec)) {
        std::error_code kind_ec;
        if (!entry.is_directory(kind_ec) || entry.is_symlink(kind_ec)) continue;
        if (entry.path().filename().string().starts_with(kTombstonePrefix)) continue; // being pruned
        std::string dir = entry.path().string();
        json saved = read_record(dir);
        struct stat info{};
        int64_t made = ::lstat(dir.c_str(), &info) == 0 ? info.st_mtim.tv_sec * 1'000'000'000LL + info.st_mtim.tv_nsec : 0;
        CacheRecord record;
        record.id = entry.path().filename().string();
        record.description = saved.value("Description", "cached mount");
        record.in_use = leased(dir);
        record.size = tree_size(entry.path());
        record.created_ns = saved.value("Created", made);
        record.last_used_ns = saved.value("LastUsed", made);
        record.usage_count = saved.value("UsageCount", int64_t{1});
        records.push_back(std::move(record));
    }
    std::ranges::sort(records, {}, &CacheRecord::last_used_ns);
    return records;
}

Result<CachePruneReport> prune_cache_mounts(const std::string& root, const CachePruneOptions& options) {
    // dockerd's build cache filter keys (BuildKit's fields it exposes).
    if (auto allowed = options.filters.allow_only({"until", "unused-for", "id", "parent", "type", "description",
                                                   "inuse", "shared", "private"});
        !allowed)
        return std::unexpected(allowed.error());
    auto until = until_of(options.filters);
    if (!until) return std::unexpected(until.error());
    remove_leftover_tombstones(root);
    auto records = list_cache_mounts(root); // least recently used first
    uint64_t total = 0;
    for (const auto& record : records) total += record.size;
    CachePruneReport report;
    for (const auto& record : records) {
        if (options.keep_storage > 0 && total <= options.keep_storage) break;
        if (record.in_use || !matches(record, options.filters, *until)) continue;
        std::string dir = root + "/" + record.id;
        std::string tombstone = std::format("{}/{}{}-{}-{}", root, kTombstonePrefix, record.id, now_ns(),
                                            g_tombstones.fetch_add(1));
        if (!move_aside_unless_leased(dir, tombstone)) continue; // taken since it was listed
        std::error_code ec;
        fs::remove_all(tombstone, ec); // outside the lock: a RUN taking the cache now gets a new directory
        if (ec) log::warn("build cache: removing {}: {}", tombstone, ec.message());
        report.deleted.push_back(record.id);
        report.reclaimed += record.size;
        total -= record.size;
    }
    return report;
}

} // namespace berth::build
