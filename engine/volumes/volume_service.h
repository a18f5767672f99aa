#pragma once
// The volume verbs of the Engine API without HTTP (create, inspect, list,
// remove, prune, usage) and what containers need of volumes: a reference per
// container that uses one, and the volume mounted while a container using it
// runs. Words: a volume is *in use* while any container, running or stopped,
// references it; such a volume is never removed, whatever `force` says (as
// Docker: force only silences "no such volume"). A volume is *dangling* when
// nothing references it.
//
// Lifecycle seen from a container: `acquire` at create (the volume made when
// missing, the reference recorded), `mount` / `unmount` around each run
// (volumes with local options are mounted on their _data by the first and
// unmounted by the last), `release` at remove (anonymous volumes removed with
// it when asked: `docker rm -v`, --rm). References live in memory; after a
// restart ContainerService::recover acquires them again from the records.
//
// Plugin drivers (`-d NAME`, volume_plugins.h): the volume's record is kept in
// the store as for a local one (so the driver of a name is known after a
// restart; its _data stays empty), and the plugin is asked to create, remove,
// mount (each container start, with the container's id; the plugin keeps its
// own count) and unmount it; inspect shows the plugin's Mountpoint and Status,
// list adds what the plugin lists. The image's files are copied straight into
// an empty plugin volume at its first mount (no swap: the plugin owns the
// directory).
//
// Threads: every call may come from any thread; one mutex makes the in-use
// check and the removal one step (plugin calls that change or mount a volume
// are made under it too: a slow plugin holds up other volume verbs, simple and
// safe first; inspect and list ask plugins without it).

#include "api/filters.h"
#include "base/error.h"
#include "volumes/volume.h"
#include "volumes/volume_plugins.h"
#include "volumes/volume_store.h"

#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace berth::volumes {

// "create", "destroy", "mount", "unmount" for a volume, with Docker's attributes.
using VolumeEventSink = std::function<void(const std::string& action, const std::string& name,
                                           const std::map<std::string, std::string>& attributes)>;

struct VolumeRequest {
    std::string name; // "" = anonymous: a random name and the anonymous label
    std::string driver = "local";
    std::map<std::string, std::string> options;
    std::optional<std::map<std::string, std::string>> labels;
};

class VolumeService {
public:
    // `plugins` null: only the local driver (a plugin driver is "not found").
    VolumeService(VolumeStore store, VolumeEventSink events, VolumePlugins* plugins = nullptr);

    // POST /volumes/create: an existing volume of the same name is answered as
    // is; no name: a random one (not an anonymous volume).
    Result<Volume> create(VolumeRequest request);
    Result<Volume> inspect(const std::string& name) const;
    // GET /volumes with filters dangling, label, label!, name (a substring), driver.
    // `warnings`: a plugin that could not list its volumes (its recorded ones are still listed).
    Result<std::vector<Volume>> list(const api::Filters& filters, std::vector<std::string>* warnings = nullptr) const;
    // DELETE /volumes/{name}: Conflict while in use; a missing one is fine with `force`.
    Result<> remove(const std::string& name, bool force);
    // POST /volumes/prune: unused anonymous volumes, or all unused with all=true;
    // label filters. {"VolumesDeleted": [...], "SpaceReclaimed": n}.
    Result<nlohmann::json> prune(const api::Filters& filters);
    // Size and reference count of every volume (system df).
    std::vector<std::pair<Volume, UsageData>> usage() const;

    // A container's reference, the volume made if missing (with the request's
    // driver and options); the named volume it got.
    Result<Volume> acquire(const std::string& container_id, VolumeRequest request);
    // Drops the reference; `remove_anonymous` removes an anonymous volume no
    // one else references (docker rm -v).
    void release(const std::string& container_id, const std::string& name, bool remove_anonymous);
    std::vector<std::string> users(const std::string& name) const;

    // Around a container's run: the path to bind into the container, with the
    // volume's own mount made first when it has options. `copy_from` (the
    // image's directory at the destination, "" for none) fills an empty volume
    // the first time, unless another container has it mounted right now.
    Result<std::string> mount(const std::string& name, const std::string& container_id,
                              const std::function<Result<>(const std::string& dir)>& populate,
                              const std::map<std::string, std::string>& event_attributes);
    void unmount(const std::string& name, const std::string& container_id);
    // A container that kept running while berthd restarted: its use counted
    // again. A plugin is not asked to Mount again (it still has that mount and
    // counts it once: the one Unmount at the container's stop must balance it),
    // only for the Path.
    Result<std::string> remount(const std::string& name, const std::string& container_id,
                                const std::map<std::string, std::string>& event_attributes);

private:
    Result<Volume> create_locked(VolumeRequest request, bool& created);
    Result<> remove_locked(const Volume& volume, bool force);
    Result<> mount_local_volume(const Volume& volume, const std::function<Result<>(const std::string& dir)>& populate);
    std::vector<Volume> with_plugin_lists(std::vector<Volume> stored, std::vector<std::string>* warnings) const;
    Result<> check_driver(const std::string& driver) const;
    Volume with_plugin_view(Volume volume, const PluginVolume& seen) const;
    void emit(const std::string& action, const std::string& name, std::map<std::string, std::string> attributes) const;

    mutable std::mutex mutex_;
    VolumeStore store_;
    VolumeEventSink events_;
    VolumePlugins* plugins_;
    std::map<std::string, std::set<std::string>> references_; // volume -> container ids
    std::map<std::string, int> mounts_;                       // volume -> running containers using it
};

} // namespace berth::volumes
