#include "volumes/volume_service.h"

#include "base/clock.h"
#include "base/ids.h"
#include "base/log.h"
#include "volumes/local_options.h"

#include <algorithm>
#include <filesystem>
#include <format>

namespace berth::volumes {

namespace {

// Docker's CreatedAt: RFC 3339 to the second.
std::string created_now() {
    std::string nano = format_rfc3339_nano(now_ns());
    auto dot = nano.find('.');
    return dot == std::string::npos ? nano : nano.substr(0, dot) + "Z";
}

std::string join_ids(const std::set<std::string>& ids) {
    std::string out;
    for (const auto& id : ids) out += (out.empty() ? "" : " ") + id;
    return out;
}

} // namespace

VolumeService::VolumeService(VolumeStore store, VolumeEventSink events, VolumePlugins* plugins)
    : store_(std::move(store)), events_(std::move(events)), plugins_(plugins) {}

Result<> VolumeService::check_driver(const std::string& driver) const {
    if (driver.empty() || driver == "local") return {};
    // Without plugins: dockerd's answer when none of that name is found.
    if (!plugins_)
        return fail(ErrorCategory::NotFound, "error looking up volume plugin {}: plugin \"{}\" not found", driver, driver);
    return plugins_->check(driver);
}

Volume VolumeService::with_plugin_view(Volume volume, const PluginVolume& seen) const {
    if (!seen.mountpoint.empty()) volume.mountpoint = seen.mountpoint;
    volume.status = seen.status;
    if (plugins_) volume.scope = plugins_->scope(volume.driver);
    return volume;
}

void VolumeService::emit(const std::string& action, const std::string& name,
                         std::map<std::string, std::string> attributes) const {
    if (events_) events_(action, name, attributes);
}

Result<Volume> VolumeService::create_locked(VolumeRequest request, bool& created) {
    created = false;
    // Without a driver (-v name:/ctr) an existing volume is taken whatever its driver, as dockerd.
    bool driver_given = !request.driver.empty();
    if (!driver_given) request.driver = "local";
    if (auto known = check_driver(request.driver); !known)
        return std::unexpected(known.error().wrap("create {}", request.name));
    if (request.name.empty()) {
        request.name = random_hex(32);
        if (!request.labels) request.labels.emplace();
        (*request.labels)[kAnonymousLabel] = "";
    }
    if (auto existing = store_.get(request.name)) {
        if (driver_given && existing->driver != request.driver)
            return fail(ErrorCategory::Conflict, "create {}: volume name must be unique: a volume with driver {} exists",
                        request.name, existing->driver);
        return existing;
    }
    bool local = request.driver == "local";
    if (local) {
        if (auto planned = plan_local_mount(request.options); !planned)
            return std::unexpected(planned.error().wrap("create {}", request.name));
    } else if (auto made = plugins_->create(request.driver, request.name, request.options); !made) {
        return std::unexpected(made.error().wrap("create {}", request.name));
    }
    std::string name = request.name;
    std::string driver = request.driver;
    Volume volume;
    volume.name = request.name;
    volume.driver = request.driver;
    volume.labels = std::move(request.labels);
    if (!request.options.empty()) volume.options = std::move(request.options);
    volume.created_at = created_now();
    auto made = store_.create(std::move(volume));
    if (made) created = true;
    else if (!local) (void)plugins_->remove(driver, name); // not left behind in the plugin
    if (made && !local) made->mountpoint.clear(); // the plugin's path, known once mounted or inspected
    return made;
}

Result<Volume> VolumeService::create(VolumeRequest request) {
    // `docker volume create` without a name: a random one, but a named volume all the same.
    if (request.name.empty()) request.name = random_hex(32);
    bool created = false;
    Result<Volume> volume = [&] {
        std::lock_guard lock(mutex_);
        return create_locked(std::move(request), created);
    }();
    if (created) emit("create", volume->name, {{"driver", volume->driver}});
    return volume;
}

Result<Volume> VolumeService::inspect(const std::string& name) const {
    auto volume = [&] {
        std::lock_guard lock(mutex_);
        return store_.get(name);
    }();
    if (!volume || volume->local() || !plugins_) return volume;
    auto seen = plugins_->get(volume->driver, name);
    if (!seen) return std::unexpected(seen.error().wrap("get {}", name));
    return with_plugin_view(std::move(*volume), *seen);
}

std::vector<Volume> VolumeService::with_plugin_lists(std::vector<Volume> stored, std::vector<std::string>* warnings) const {
    if (!plugins_) return stored;
    std::set<std::string> drivers;
    for (const auto& volume : stored)
        if (!volume.local()) drivers.insert(volume.driver);
    for (const auto& driver : drivers) {
        auto listed = plugins_->list(driver);
        if (!listed) {
            // Still shown from the records: the user must be able to see and remove them.
            // dockerd's warning: "list DRIVER: <error>".
            std::string warning = std::format("list {}: {}", driver, listed.error().message());
            log::warn("{}", warning);
            if (warnings) warnings->push_back(std::move(warning));
            continue;
        }
        for (const auto& seen : *listed) {
            auto known = std::ranges::find(stored, seen.name, &Volume::name);
            if (known != stored.end()) {
                if (known->driver == driver) known->mountpoint = seen.mountpoint;
                continue;
            }
            // The plugin's own volumes (made before, or by another daemon): shown, as dockerd does.
            Volume extra;
            extra.name = seen.name;
            extra.driver = driver;
            extra.mountpoint = seen.mountpoint;
            extra.created_at = seen.created_at;
            stored.push_back(std::move(extra));
        }
    }
    for (auto& volume : stored)
        if (!volume.local() && volume.mountpoint.starts_with(store_.data_path(volume.name))) volume.mountpoint.clear();
    std::ranges::sort(stored, {}, &Volume::name);
    return stored;
}

Result<std::vector<Volume>> VolumeService::list(const api::Filters& filters, std::vector<std::string>* warnings) const {
    if (auto allowed = filters.allow_only({"dangling", "label", "label!", "name", "driver"}); !allowed)
        return std::unexpected(allowed.error());
    std::optional<bool> dangling;
    for (const auto& value : filters.values("dangling")) {
        if (value == "true" || value == "1") dangling = true;
        else if (value == "false" || value == "0") dangling = false;
        else return fail(ErrorCategory::Invalid, "invalid filter 'dangling={}'", value);
    }
    std::vector<Volume> stored;
    {
        std::lock_guard lock(mutex_);
        stored = store_.list();
    }
    // The plugins are asked without the lock: a slow one holds up nothing else.
    auto all = with_plugin_lists(std::move(stored), warnings);
    std::lock_guard lock(mutex_);
    std::vector<Volume> out;
    for (auto& volume : all) {
        auto refs = references_.find(volume.name);
        bool unused = refs == references_.end() || refs->second.empty();
        if (dangling && *dangling != unused) continue;
        if (filters.has("name")) {
            auto names = filters.values("name");
            if (!std::ranges::any_of(names, [&](const std::string& n) { return volume.name.find(n) != std::string::npos; }))
                continue;
        }
        if (!filters.accepts("driver", volume.driver)) continue;
        nlohmann::json labels = volume.labels ? nlohmann::json(*volume.labels) : nlohmann::json::object();
        if (!filters.matches_labels(labels)) continue;
        out.push_back(std::move(volume));
    }
    return out;
}

Result<> VolumeService::remove_locked(const Volume& volume, bool force) {
    if (auto refs = references_.find(volume.name); refs != references_.end() && !refs->second.empty())
        return fail(ErrorCategory::Conflict, "remove {}: volume is in use - [{}]", volume.name, join_ids(refs->second));
    if (!volume.local() && plugins_)
        if (auto gone = plugins_->remove(volume.driver, volume.name); !gone) {
            // dockerd's -f: the record goes even when its plugin refuses or is gone.
            if (!force) return std::unexpected(gone.error().wrap("remove {}", volume.name));
            log::warn("volume {}: forgotten although its plugin failed: {}", volume.name, gone.error().message());
        }
    if (auto removed = store_.remove(volume.name); !removed) return removed;
    references_.erase(volume.name);
    return {};
}

Result<> VolumeService::remove(const std::string& name, bool force) {
    std::string driver;
    {
        std::lock_guard lock(mutex_);
        auto volume = store_.get(name);
        if (!volume) {
            if (force) return {};
            return std::unexpected(volume.error());
        }
        if (auto removed = remove_locked(*volume, force); !removed) return removed;
        driver = volume->driver;
    }
    emit("destroy", name, {{"driver", driver}});
    return {};
}

Result<nlohmann::json> VolumeService::prune(const api::Filters& filters) {
    if (auto allowed = filters.allow_only({"label", "label!", "all"}); !allowed) return std::unexpected(allowed.error());
    bool all = false;
    for (const auto& value : filters.values("all")) {
        if (value == "true" || value == "1") all = true;
        else if (value == "false" || value == "0") all = false;
        else return fail(ErrorCategory::Invalid, "invalid filter 'all={}'", value);
    }
    nlohmann::json deleted = nlohmann::json::array();
    int64_t reclaimed = 0;
    std::vector<Volume> gone;
    {
        std::lock_guard lock(mutex_);
        for (const auto& volume : store_.list()) {
            if (auto refs = references_.find(volume.name); refs != references_.end() && !refs->second.empty()) continue;
            // Docker 23+: named volumes only with all=true.
            if (!all && !volume.anonymous()) continue;
            nlohmann::json labels = volume.labels ? nlohmann::json(*volume.labels) : nlohmann::json::object();
            if (!filters.matches_labels(labels)) continue;
            int64_t size = store_.size(volume.name);
            if (auto removed = remove_locked(volume, false); !removed) {
                log::warn("pruning volume {}: {}", volume.name, removed.error().message());
                continue;
            }
            deleted.push_back(volume.name);
            reclaimed += size;
            gone.push_back(volume);
        }
    }
    for (const auto& volume : gone) emit("destroy", volume.name, {{"driver", volume.driver}});
    return nlohmann::json{{"VolumesDeleted", deleted.empty() ? nlohmann::json(nullptr) : deleted},
                          {"SpaceReclaimed", reclaimed}};
}

std::vector<std::pair<Volume, UsageData>> VolumeService::usage() const {
    std::lock_guard lock(mutex_);
    std::vector<std::pair<Volume, UsageData>> out;
    for (auto& volume : store_.list()) {
        auto refs = references_.find(volume.name);
        int64_t count = refs == references_.end() ? 0 : static_cast<int64_t>(refs->second.size());
        int64_t size = volume.local() ? store_.size(volume.name) : -1; // as dockerd: unknown for plugins
        out.emplace_back(std::move(volume), UsageData{.size = size, .ref_count = count});
    }
    return out;
}

Result<Volume> VolumeService::acquire(const std::string& container_id, VolumeRequest request) {
    bool created = false;
    Result<Volume> volume = [&]() -> Result<Volume> {
        std::lock_guard lock(mutex_);
        auto made = create_locked(std::move(request), created);
        if (made) references_[made->name].insert(container_id);
        return made;
    }();
    if (created) emit("create", volume->name, {{"driver", volume->driver}});
    return volume;
}

void VolumeService::release(const std::string& container_id, const std::string& name, bool remove_anonymous) {
    std::string driver;
    {
        std::lock_guard lock(mutex_);
        auto refs = references_.find(name);
        if (refs != references_.end()) refs->second.erase(container_id);
        if (!remove_anonymous) return;
        auto volume = store_.get(name);
        if (!volume || !volume->anonymous()) return;
        if (auto removed = remove_locked(*volume, false); !removed) {
            // Docker's rm -v leaves a volume another container still uses, silently.
            if (removed.error().category() != ErrorCategory::Conflict)
                log::warn("removing volume {}: {}", name, removed.error().message());
            return;
        }
        driver = volume->driver;
    }
    emit("destroy", name, {{"driver", driver}});
}

std::vector<std::string> VolumeService::users(const std::string& name) const {
    std::lock_guard lock(mutex_);
    auto refs = references_.find(name);
    if (refs == references_.end()) return {};
    return {refs->second.begin(), refs->second.end()};
}

Result<std::string> VolumeService::mount(const std::string& name, const std::string& container_id,
                                         const std::function<Result<>(const std::string& dir)>& populate,
                                         const std::map<std::string, std::string>& event_attributes) {
    std::string driver;
    std::string path;
    {
        std::lock_guard lock(mutex_);
        auto volume = store_.get(name);
        if (!volume) return std::unexpected(volume.error());
        if (!volume->local()) {
            if (!plugins_) return fail(ErrorCategory::NotFound, "error looking up volume plugin {}", volume->driver);
            auto mounted = plugins_->mount(volume->driver, name, container_id);
            if (!mounted) return std::unexpected(mounted.error().wrap("error while mounting volume '{}'", name));
            // As dockerd: the image's files go straight into an empty plugin volume nobody else has mounted.
            std::error_code ec;
            if (populate && mounts_[name] == 0 && std::filesystem::is_empty(*mounted, ec) && !ec)
                if (auto filled = populate(*mounted); !filled) {
                    (void)plugins_->unmount(volume->driver, name, container_id);
                    return std::unexpected(filled.error().wrap("copying the image's files into volume {}", name));
                }
            ++mounts_[name];
            driver = volume->driver;
            path = *mounted;
        } else {
            auto local = mount_local_volume(*volume, populate);
            if (!local) return std::unexpected(local.error());
            driver = volume->driver;
            path = volume->mountpoint;
        }
    }
    auto attributes = event_attributes;
    attributes["container"] = container_id;
    attributes["driver"] = driver;
    emit("mount", name, std::move(attributes));
    return path;
}

// The local driver's part of mount (under the mutex): options mounted by the first user, copy-up.
Result<> VolumeService::mount_local_volume(const Volume& volume,
                                           const std::function<Result<>(const std::string& dir)>& populate) {
    const std::string& name = volume.name;
    {
        auto planned = plan_local_mount(volume.options.value_or(std::map<std::string, std::string>{}));
        if (!planned) return std::unexpected(planned.error().wrap("mounting volume {}", name));
        int& running = mounts_[name];
        if (*planned && running == 0 && !is_mount_point(volume.mountpoint))
            if (auto mounted = mount_local(**planned, volume.mountpoint); !mounted)
                return std::unexpected(mounted.error().wrap("error while mounting volume '{}'", volume.mountpoint));
        // Filled only while no other container sees it: the swap would pull it from under them.
        if (populate && running == 0)
            if (auto filled = store_.populate(name, populate); !filled) {
                if (*planned) (void)unmount_local(volume.mountpoint);
                return std::unexpected(filled.error());
            }
        ++running;
    }
    return {};
}

Result<std::string> VolumeService::remount(const std::string& name, const std::string& container_id,
                                           const std::map<std::string, std::string>& event_attributes) {
    {
        std::lock_guard lock(mutex_);
        auto volume = store_.get(name);
        if (!volume) return std::unexpected(volume.error());
        if (!volume->local() && plugins_) {
            ++mounts_[name];
            auto path = plugins_->path(volume->driver, name);
            if (!path) return std::unexpected(path.error().wrap("volume {}", name));
            return path;
        }
    }
    return mount(name, container_id, nullptr, event_attributes);
}

void VolumeService::unmount(const std::string& name, const std::string& container_id) {
    std::string driver;
    {
        std::lock_guard lock(mutex_);
        auto volume = store_.get(name);
        if (!volume) return;
        int& running = mounts_[name];
        if (running > 0) --running;
        if (!volume->local() && plugins_) {
            // Every use is unmounted: the plugin counts them (dockerd's contract).
            if (auto unmounted = plugins_->unmount(volume->driver, name, container_id); !unmounted)
                log::warn("volume {}: {}", name, unmounted.error().message());
            if (running == 0) mounts_.erase(name);
        } else if (running == 0) {
            mounts_.erase(name);
            if (volume->options && is_mount_point(volume->mountpoint))
                if (auto unmounted = unmount_local(volume->mountpoint); !unmounted)
                    log::warn("volume {}: {}", name, unmounted.error().message());
        }
        driver = volume->driver;
    }
    emit("unmount", name, {{"container", container_id}, {"driver", driver}});
}

} // namespace berth::volumes
