// The container records: create, inspect, list, rename, remove. Running and
// stopping containers is in container_lifecycle.cpp.
#include "containers/container_service.h"

#include "base/clock.h"
#include "base/files.h"
#include "base/ids.h"
#include "base/log.h"
#include "containers/config/container_name.h"
#include "containers/config/create_request.h"
#include "containers/config/image_merge.h"

#include <csignal>
#include <filesystem>
#include <random>
#include <thread>
#include <unistd.h>

namespace berth::containers {

namespace fs = std::filesystem;
using nlohmann::json;

ContainerService::ContainerService(ContainerServiceOptions options, ContainerStore& store,
                                   images::ImageService& images, images::Snapshotter& snapshotter,
                                   runtime::CgroupManager* cgroups, network::NetworkService* networks,
                                   ContainerEventSink events)
    : options_(std::move(options)), store_(store), images_(images), snapshotter_(snapshotter), cgroups_(cgroups),
      networks_(networks), events_(std::move(events)) {
    std::error_code ec;
    fs::create_directories(options_.exec_root + "/containers", ec);
    fs::create_directories(options_.exec_root + "/netns", ec);
}

ContainerService::~ContainerService() {
    std::lock_guard lock(mutex_);
    shutting_down_ = true;
}

void ContainerService::emit(const std::string& action, const Container& container,
                            std::map<std::string, std::string> extra) {
    if (events_) events_(action, container, extra);
}

void ContainerService::notify_changed(const std::string& id) {
    changed_.notify_all();
    for (const auto& [handle, listening] : change_listeners_)
        if (id.empty() || listening.id.empty() || listening.id == id) listening.listener();
}

uint64_t ContainerService::add_change_listener(std::string id, ChangeListener listener) {
    std::lock_guard lock(mutex_);
    uint64_t handle = next_listener_++;
    change_listeners_.emplace(handle, ChangeListening{std::move(id), std::move(listener)});
    return handle;
}

void ContainerService::remove_change_listener(uint64_t handle) {
    std::lock_guard lock(mutex_);
    change_listeners_.erase(handle);
}

void ContainerService::commit(const Container& container) {
    if (auto written = store_.commit(container); !written)
        log::error("saving container {}: {}", container.id, written.error().message());
    std::lock_guard lock(mutex_);
    notify_changed(container.id);
}

std::shared_ptr<std::mutex> ContainerService::operation_lock(const std::string& id) {
    std::lock_guard lock(mutex_);
    auto& slot = operation_locks_[id];
    if (!slot) slot = std::make_shared<std::mutex>();
    return slot;
}

Result<json> ContainerService::create(const std::string& requested_name, const json& body,
                                      api::ApiVersion api_version) {
    std::string name = requested_name;
    if (!name.empty()) {
        auto valid = config::validate_container_name(name);
        if (!valid) return std::unexpected(valid.error());
        name = *valid;
    }
    config::CreateContext context;
    context.api_version = api_version;
    context.host.cpus = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    context.host.cgroup_v2 = cgroups_ && cgroups_->version() == "2";
    context.host.path_exists = [](const std::string& path) {
        std::error_code ec;
        return fs::exists(path, ec);
    };
    auto request = config::parse_create_request(body, context);
    if (!request) return std::unexpected(request.error());
    std::string image_name = request->config.image;
    if (image_name.empty()) return fail(ErrorCategory::Invalid, "No image specified"); // never reached with the CLI
    auto image_id = images_.resolve(image_name);
    if (!image_id) return std::unexpected(image_id.error());
    auto image = images_.inspect(*image_id);
    if (!image) return std::unexpected(image.error());
    Container container;
    container.id = random_hex(32);
    config::MergeContext merge_context;
    merge_context.container_id = container.id;
    merge_context.network_mode = request->inspect_host_config.value("NetworkMode", "");
    char host_name[256] = {};
    ::gethostname(host_name, sizeof(host_name) - 1);
    merge_context.host_hostname = host_name;
    auto merged = config::merge_image_config(request->config, (*image)["Config"], merge_context);
    if (!merged) return std::unexpected(merged.error());
    // A generated name is reserved as it is picked, as moby's
    // generateAndReserveName does: one that another create reserved meanwhile
    // (a container not committed yet, or the same random pick) is passed
    // over, where checking first and reserving later answered 409 now and then.
    bool reserved = false;
    std::optional<Error> reserve_error;
    if (name.empty()) {
        static thread_local std::mt19937_64 rng{std::random_device{}()};
        name = config::generate_container_name(
            [&](std::string_view candidate) {
                auto taken = store_.reserve(container.id, std::string(candidate));
                if (!taken && taken.error().category() == ErrorCategory::Conflict) return true;
                if (!taken) reserve_error = taken.error();
                reserved = taken.has_value();
                return false;
            },
            container.id, rng);
        if (reserve_error) return std::unexpected(*reserve_error);
    }
    container.name = name;
    container.created = format_rfc3339_nano(now_ns());
    container.image_id = *image_id;
    container.path = merged->path;
    container.args = merged->args;
    container.config = merged->config;
    container.config["Image"] = image_name;
    container.host_config = request->inspect_host_config;
    container.endpoints_config = request->endpoints_config;
    std::string dir = store_.directory(container.id);
    container.hostname_path = dir + "/hostname";
    container.hosts_path = dir + "/hosts";
    container.resolv_conf_path = dir + "/resolv.conf";
    container.bundle = bundle_dir(container.id);
    std::string driver = container.host_config.value("LogConfig", json::object()).value("Type", "json-file");
    if (driver == "json-file") container.log_path = dir + "/" + container.id + "-json.log";
    else if (driver == "local") container.log_path = dir + "/local-logs/container.log";

    if (auto reserving = reserved ? Result<>{} : store_.reserve(container.id, name); !reserving)
        return std::unexpected(reserving.error());
    auto mount_points = acquire_volumes(container.id, request->host_config, container.config);
    if (!mount_points) {
        store_.release(container.id);
        return std::unexpected(mount_points.error());
    }
    container.mount_points = std::move(*mount_points);
    if (auto committed = store_.commit(container); !committed) {
        release_volumes(container, true);
        store_.release(container.id);
        return std::unexpected(committed.error());
    }
    emit("create", container);
    return json{{"Id", container.id}, {"Warnings", request->warnings}};
}

Result<> ContainerService::rename(const std::string& reference, const std::string& new_name) {
    auto container = store_.find(reference);
    if (!container) return std::unexpected(container.error());
    auto valid = config::validate_container_name(new_name);
    if (!valid) return std::unexpected(valid.error());
    std::string name = *valid;
    if (name == container->name)
        return fail(ErrorCategory::Invalid, "Renaming a container with the same name as its current name");
    if (auto renamed = store_.rename(container->id, name); !renamed) return renamed;
    std::string old_name = container->name;
    container->name = name;
    emit("rename", *container, {{"oldName", "/" + old_name}});
    return {};
}

Result<> ContainerService::remove(const std::string& reference, bool force, bool volumes) {
    auto found = store_.find(reference);
    if (!found) return std::unexpected(found.error());
    auto lock = operation_lock(found->id);
    std::unique_lock operation(*lock);
    auto container = store_.get(found->id);
    if (!container) return fail(ErrorCategory::NotFound, "No such container: {}", reference);
    if (container->state.running()) {
        if (!force) {
            std::string verb = container->state.status == "paused" ? "paused" : "running";
            return fail(ErrorCategory::Conflict,
                        "cannot remove container \"/{}\": container is {}: stop the container before removing or "
                        "force remove",
                        container->name, verb);
        }
        if (container->state.status == "paused" && cgroups_) (void)cgroups_->freeze(container->id, false);
        operation.unlock();
        (void)signal_container(*container, SIGKILL);
        wait_until_stopped(container->id, 30);
        operation.lock();
        container = store_.get(found->id);
        if (!container) return {};
    }
    if (auto removed = snapshotter_.remove(store_.directory(container->id)); !removed)
        log::warn("removing the rootfs of {}: {}", container->id, removed.error().message());
    std::error_code ec;
    fs::remove_all(bundle_dir(container->id), ec);
    if (auto removed = store_.remove(container->id); !removed) return removed;
    release_volumes(*container, volumes);
    images_.release_held(container->image_id); // its image's layers, when `docker rmi -f` deleted it
    {
        std::lock_guard state(mutex_);
        last_exit_codes_[container->id] = container->state.exit_code;
        pending_attaches_.erase(container->id);
        operation_locks_.erase(container->id);
        notify_changed(container->id);
    }
    emit("destroy", *container);
    return {};
}

Result<json> ContainerService::prune(const api::Filters& filters) {
    if (auto allowed = filters.allow_only({"until", "label", "label!"}); !allowed) return std::unexpected(allowed.error());
    std::optional<int64_t> until;
    if (filters.has("until")) {
        auto parsed = parse_time_or_duration(filters.values("until").front()); // as dockerd: "24h" too
        if (!parsed) return std::unexpected(parsed.error());
        until = *parsed;
    }
    json deleted = json::array();
    int64_t reclaimed = 0;
    for (const auto& container : store_.list()) {
        if (container.state.running()) continue;
        if (until && parse_api_timestamp(container.created).value_or(0) >= *until) continue;
        if (!filters.matches_labels(container.config.value("Labels", json::object()))) continue;
        auto size = static_cast<int64_t>(tree_bytes(snapshotter_.changes(store_.directory(container.id))));
        if (auto removed = remove(container.id, false, false); !removed) {
            log::warn("pruning {}: {}", container.id, removed.error().message());
            continue;
        }
        deleted.push_back(container.id);
        reclaimed += size;
    }
    return json{{"ContainersDeleted", deleted.empty() ? json(nullptr) : deleted}, {"SpaceReclaimed", reclaimed}};
}

std::vector<images::ImageUser> ContainerService::image_users(const std::string& image_id) const {
    std::vector<images::ImageUser> users;
    for (const auto& container : store_.list())
        if (container.image_id == image_id) users.push_back({container.id, container.state.running()});
    return users;
}

std::array<int, 3> ContainerService::counts() const {
    std::array<int, 3> counts{};
    for (const auto& container : store_.list()) {
        if (container.state.status == "paused") ++counts[1];
        else if (container.state.running()) ++counts[0];
        else ++counts[2];
    }
    return counts;
}

} // namespace berth::containers
