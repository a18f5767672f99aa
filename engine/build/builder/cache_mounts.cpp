#include "build/builder/cache_mounts.h"

#include "base/clock.h"
#include "base/files.h"
#include "base/log.h"
#include "base/digest.h"
#include "base/go_errno.h"

#include <algorithm>
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

// The directories RUN containers have mounted now: how many RUNs, and whether
// one holds it locked (sharing=locked).
struct Holders {
    int count = 0;
    bool locked = false;
};
std::mutex g_leases_mutex;
std::condition_variable g_lease_released;
std::map<std::string, Holders, std::less<>> g_leases;

bool leased(const std::string& dir) {
    std::lock_guard lock(g_leases_mutex);
    return g_leases.contains(dir);
}

std::string record_path(const std::string& dir) { return dir + ".json"; }

json read_record(const std::string& dir) {
    auto text = read_file(record_path(dir));
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

CacheLease::CacheLease(std::string dir, RunMount::Sharing sharing) : dir_(std::move(dir)) {
    std::unique_lock lock(g_leases_mutex);
    // Shared users wait out a locked one; a locked one waits for every other.
    g_lease_released.wait(lock, [&] {
        auto it = g_leases.find(dir_);
        if (it == g_leases.end()) return true;
        return sharing == RunMount::Sharing::Locked ? it->second.count == 0 : !it->second.locked;
    });
    auto& holders = g_leases[dir_];
    ++holders.count;
    holders.locked = sharing == RunMount::Sharing::Locked;
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

Result<CacheLease> acquire_cache_mount(const std::string& root, const RunMount& mount, const std::string& command) {
    Sha256 hash;
    hash.update(mount.id);
    std::string dir = root + "/" + hash.digest().substr(7, 32);
    // sharing=private: another RUN has it mounted, so this one gets one of its own.
    for (int copy = 1; mount.sharing == RunMount::Sharing::Private && leased(dir); ++copy)
        dir = root + "/" + hash.digest().substr(7, 32) + "-" + std::to_string(copy);
    std::error_code ec;
    fs::create_directories(root, ec);
    CacheLease lease(dir, mount.sharing); // before it exists: a prune running now leaves it alone
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
    if (auto written = write_file_atomically(record_path(dir), record.dump(), 0600, Durability::Replaced); !written)
        log::warn("build cache: recording the use of {}: {}", dir, written.error().message());
    return lease;
}

std::vector<CacheRecord> list_cache_mounts(const std::string& root) {
    std::vector<CacheRecord> records;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(root, ec)) {
        std::error_code kind_ec;
        if (!entry.is_directory(kind_ec) || entry.is_symlink(kind_ec)) continue;
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
    auto records = list_cache_mounts(root); // least recently used first
    uint64_t total = 0;
    for (const auto& record : records) total += record.size;
    CachePruneReport report;
    for (const auto& record : records) {
        if (options.keep_storage > 0 && total <= options.keep_storage) break;
        if (record.in_use || !matches(record, options.filters, *until)) continue;
        std::string dir = root + "/" + record.id;
        if (leased(dir)) continue; // taken since it was listed
        std::error_code ec;
        fs::remove_all(dir, ec);
        if (ec) {
            log::warn("build cache: removing {}: {}", dir, go_error_text(ec));
            continue;
        }
        fs::remove(record_path(dir), ec);
        report.deleted.push_back(record.id);
        report.reclaimed += record.size;
        total -= record.size;
    }
    return report;
}

} // namespace berth::build
