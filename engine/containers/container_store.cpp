#include "containers/container_store.h"

#include "base/files.h"
#include "base/go_errno.h"
#include "base/log.h"

#include <filesystem>

namespace berth::containers {

namespace fs = std::filesystem;

Result<std::unique_ptr<ContainerStore>> ContainerStore::open(std::string root) {
    std::error_code ec;
    fs::create_directories(root, ec);
    if (ec) return fail(ErrorCategory::System, "creating {}: {}", root, go_error_text(ec));
    std::unique_ptr<ContainerStore> store(new ContainerStore(root));
    for (const auto& entry : fs::directory_iterator(root, ec)) {
        std::string record = entry.path().string() + "/container.json";
        auto text = read_file(record);
        if (!text) {
            log::warn("removing {}: a container whose creation never finished", entry.path().string());
            fs::remove_all(entry.path(), ec);
            continue;
        }
        try {
            Container container = container_from_json(nlohmann::json::parse(*text));
            store->names_[container.name] = container.id;
            std::string id = container.id;
            store->containers_[id] = std::make_shared<const Container>(std::move(container));
        } catch (const nlohmann::json::exception& e) {
            log::error("skipping the unreadable container record {}: {}", record, e.what());
        }
    }
    return store;
}

Result<> ContainerStore::reserve(const std::string& id, const std::string& name) {
    {
        std::lock_guard lock(mutex_);
        if (auto taken = names_.find(name); taken != names_.end())
            return fail(ErrorCategory::Conflict,
                        "Conflict. The container name \"/{}\" is already in use by container \"{}\". You have to "
                        "remove (or rename) that container to be able to reuse that name.",
                        name, taken->second);
        names_[name] = id;
    }
    std::error_code ec;
    fs::create_directories(directory(id), ec);
    if (!ec) return {};
    std::lock_guard lock(mutex_);
    names_.erase(name);
    return fail(ErrorCategory::System, "creating {}: {}", directory(id), go_error_text(ec));
}

void ContainerStore::release(const std::string& id) {
    std::shared_ptr<const Container> gone; // freed after the lock is let go
    {
        std::lock_guard lock(mutex_);
        std::erase_if(names_, [&](const auto& entry) { return entry.second == id; });
        if (auto found = containers_.find(id); found != containers_.end()) {
            gone = std::move(found->second);
            containers_.erase(found);
        }
    }
    std::lock_guard disk(disk_mutex_);
    std::error_code ec;
    fs::remove_all(directory(id), ec);
}

Result<> ContainerStore::commit(const Container& container) {
    std::lock_guard disk(disk_mutex_);
    if (auto written = write_file_atomically(directory(container.id) + "/container.json",
                                             to_json(container).dump(), 0600);
        !written)
        return written;
    auto committed = std::make_shared<const Container>(container); // copied before the lock
    std::lock_guard lock(mutex_);
    containers_[container.id].swap(committed); // the one replaced is freed after the lock
    return {};
}

Result<> ContainerStore::remove(const std::string& id) {
    std::lock_guard disk(disk_mutex_);
    std::error_code ec;
    // The record goes first: a crash midway leaves a directory that open() sweeps.
    fs::remove(directory(id) + "/container.json", ec);
    if (ec) return fail(ErrorCategory::System, "removing the record of {}: {}", id, go_error_text(ec));
    std::shared_ptr<const Container> gone; // freed after the lock is let go
    {
        std::lock_guard lock(mutex_);
        std::erase_if(names_, [&](const auto& entry) { return entry.second == id; });
        if (auto found = containers_.find(id); found != containers_.end()) {
            gone = std::move(found->second);
            containers_.erase(found);
        }
    }
    fs::remove_all(directory(id), ec);
    return {};
}

Result<> ContainerStore::rename(const std::string& id, const std::string& new_name) {
    // Rare: the name check, the write and the maps' change stay one step.
    std::lock_guard disk(disk_mutex_);
    std::unique_lock lock(mutex_);
    auto found = containers_.find(id);
    if (found == containers_.end()) return fail(ErrorCategory::NotFound, "No such container: {}", id);
    if (auto taken = names_.find(new_name); taken != names_.end())
        return fail(ErrorCategory::Conflict,
                    "Conflict. The container name \"/{}\" is already in use by container \"{}\". You have to "
                    "remove (or rename) that container to be able to reuse that name.",
                    new_name, taken->second);
    auto renamed = std::make_shared<Container>(*found->second);
    std::string old_name = renamed->name;
    renamed->name = new_name;
    if (auto written = write_file_atomically(directory(id) + "/container.json", to_json(*renamed).dump(), 0600);
        !written)
        return written;
    names_.erase(old_name);
    names_[new_name] = id;
    found->second = std::move(renamed);
    return {};
}

std::optional<std::string> ContainerStore::resolve_locked(const std::string& reference) const {
    if (reference.empty()) return std::nullopt;
    if (containers_.contains(reference)) return reference;
    std::string name = reference.starts_with('/') ? reference.substr(1) : reference;
    if (auto named = names_.find(name); named != names_.end() && containers_.contains(named->second))
        return named->second;
    std::optional<std::string> match;
    for (auto it = containers_.lower_bound(reference); it != containers_.end() && it->first.starts_with(reference);
         ++it) {
        if (match) return std::nullopt; // ambiguous
        match = it->first;
    }
    return match;
}

Result<Container> ContainerStore::find(const std::string& reference) const {
    auto found = find_snapshot(reference);
    if (!found) return std::unexpected(found.error());
    return **found;
}

Result<std::shared_ptr<const Container>> ContainerStore::find_snapshot(const std::string& reference) const {
    std::shared_ptr<const Container> found;
    {
        std::lock_guard lock(mutex_);
        if (auto id = resolve_locked(reference)) found = containers_.at(*id);
    }
    if (!found) return fail(ErrorCategory::NotFound, "No such container: {}", reference);
    return found;
}

std::optional<Container> ContainerStore::get(const std::string& id) const {
    auto found = snapshot(id);
    if (!found) return std::nullopt;
    return *found;
}

std::shared_ptr<const Container> ContainerStore::snapshot(const std::string& id) const {
    std::lock_guard lock(mutex_);
    auto found = containers_.find(id);
    return found == containers_.end() ? nullptr : found->second;
}

std::vector<Container> ContainerStore::list() const {
    std::vector<std::shared_ptr<const Container>> snapshots;
    {
        std::lock_guard lock(mutex_);
        snapshots.reserve(containers_.size());
        for (const auto& [id, container] : containers_) snapshots.push_back(container);
    }
    std::vector<Container> all;
    all.reserve(snapshots.size());
    for (const auto& container : snapshots) all.push_back(*container);
    return all;
}

} // namespace berth::containers
