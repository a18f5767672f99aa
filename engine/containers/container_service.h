#pragma once
// The container verbs of the Engine API without HTTP: create, start, stop,
// kill, wait, remove, list, inspect, attach, rename, pause. It owns the
// containers' records (ContainerStore) and runtime resources: the rootfs
// mount (Snapshotter), the network namespace and endpoint (NetworkService),
// the cgroup (CgroupManager) and the monitor (berth-monitor) that runs each
// container's process and outlives berthd.
//
// Threads: API handlers call in from a blocking pool; exits arrive on the
// ExitWatcher's thread. `mutex_` guards records and waiters for short spans;
// one operation mutex per container serialises start/stop/remove/exit handling.

#include "api/filters.h"
#include "api/version.h"
#include "base/error.h"
#include "base/unique_fd.h"
#include "containers/archive/archive.h"
#include "containers/container_store.h"
#include "containers/exit_watcher.h"
#include "images/image_service.h"
#include "containers/archive/changes.h"
#include "containers/config/config_types.h"
#include "images/snapshotter.h"
#include "network/network_service.h"
#include "network/port_publisher.h"
#include "runtime/cgroups/docker_stats.h"
#include "runtime/cgroups/manager.h"
#include "runtime/spec.h"
#include "volumes/volume_service.h"

#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace berth::containers {

// Something happened to a container: "create", "start", "die", "stop", "kill",
// "destroy", "rename", "pause", "unpause", "oom", "attach", "restart".
using ContainerEventSink = std::function<void(const std::string& action, const Container& container,
                                              const std::map<std::string, std::string>& extra)>;

// What a network connect or disconnect did, for its "network" event.
struct NetworkChange {
    std::string container_id;
    std::string network_id;
    std::string network_name;
    std::string driver;
};

struct ContainerServiceOptions {
    std::string data_root;
    std::string exec_root;
    std::string monitor_binary;
    std::string init_binary;
    std::string seccomp_profile; // Docker's default profile JSON
    std::string go_arch, kernel_version;
    std::string cgroup_parent = "berth";
    uint64_t machine_memory = 0; // MemTotal: the memory limit docker stats shows for unlimited containers
    // Called as a start begins, before the rootfs and network are made: the
    // daemon's runtime::AttachWarmer gets the cgroup move's wait under way.
    std::function<void()> warm_cgroup_attach;
};

struct AttachStreams {
    bool in = false, out = false, err = false;
};

// What POST /containers/{id}/wait answers.
struct WaitResult {
    int status_code = 0;
    std::string error;
};

class ContainerService {
public:
    ContainerService(ContainerServiceOptions options, ContainerStore& store, images::ImageService& images,
                     images::Snapshotter& snapshotter, runtime::CgroupManager* cgroups,
                     network::NetworkService* networks, ContainerEventSink events);
    ~ContainerService();

    // Volumes for -v, --mount type=volume, VOLUME and --volumes-from; without
    // it, containers that ask for volumes are refused. Set before recover().
    void set_volumes(volumes::VolumeService* volumes);
    // Published ports (-p, -P); without it, containers that publish ports fail
    // to start with a 501. Set before recover().
    void set_port_publisher(network::PortPublisher* ports);

    // After a berthd restart: follow the monitors that are still there, record
    // the exits that happened meanwhile, restart what the restart policy says.
    void recover();

    Result<nlohmann::json> create(const std::string& name, const nlohmann::json& body, api::ApiVersion api_version);
    // Already running: Conflict-free "not modified" (true).
    Result<bool> start(const std::string& reference);
    Result<bool> stop(const std::string& reference, std::optional<int> timeout, std::optional<std::string> signal);
    Result<> restart(const std::string& reference, std::optional<int> timeout, std::optional<std::string> signal);
    Result<> kill(const std::string& reference, const std::string& signal);
    Result<> remove(const std::string& reference, bool force, bool volumes);
    Result<> rename(const std::string& reference, const std::string& new_name);
    Result<> pause(const std::string& reference, bool paused);
    Result<> resize(const std::string& reference, unsigned rows, unsigned cols);

    Result<nlohmann::json> inspect(const std::string& reference, bool size) const;
    Result<nlohmann::json> list(bool all, int limit, bool size, const api::Filters& filters) const;
    Result<nlohmann::json> top(const std::string& reference, const std::string& ps_args) const;
    // One stats sample of a container in Docker's shape (docker stats), with
    // `previous` for the CPU deltas; a stopped container's figures are zero.
    Result<nlohmann::json> stats(const std::string& reference, runtime::DockerStatsStream& stream) const;
    Result<std::pair<std::string, std::string>> stats_names(const std::string& reference) const; // name, id
    // docker update: resources and the restart policy, applied live to a running container.
    Result<nlohmann::json> update(const std::string& reference, const nlohmann::json& body);
    Result<Container> find(const std::string& reference) const { return store_.find(reference); }
    size_t count() const { return store_.list().size(); }
    // The containers made from an image (ImageService::set_users).
    std::vector<images::ImageUser> image_users(const std::string& image_id) const;
    std::array<int, 3> counts() const; // running, paused, stopped

    // POST /containers/{id}/wait in two steps, as the CLI needs the answer's
    // headers before it starts the container: begin checks the container and the
    // condition ("not-running" (default), "next-exit", "removed") and notes where
    // things stand; poll answers once the condition holds. Waits hold no thread:
    // the caller polls again when a change listener fires.
    struct WaitToken {
        std::string id;
        std::string condition;
        int exits_before = 0;
        int last_exit_code = 0;
    };
    Result<WaitToken> wait_begin(const std::string& reference, const std::string& condition);
    std::optional<WaitResult> wait_poll(const WaitToken& token) const;

    // Called (on whatever thread made the change, with internal locks held: post,
    // do not call back in) whenever the state of container `id` (its full ID) or
    // of one of its execs changes, and on changes that name no container; an
    // empty `id` listens to every container. A `docker wait` listens to its own
    // container only: waking every waiter on every change made each of them copy
    // its record dozens of times a second under load, on the io threads.
    using ChangeListener = std::function<void()>;
    uint64_t add_change_listener(std::string id, ChangeListener listener);
    void remove_change_listener(uint64_t handle);

    // A connection to the container's output (stdcopy frames) and stdin. A
    // container not running yet gets it once started: `deliver` runs then (on
    // the starting thread), or with an error if the container is removed first.
    Result<> attach(const std::string& reference, AttachStreams streams,
                    std::function<void(Result<UniqueFd>)> deliver);

    // docker exec: create an exec instance in a running container, start it
    // (detached, or with its output delivered like attach's), inspect, resize.
    Result<std::string> exec_create(const std::string& reference, const nlohmann::json& body);
    Result<> exec_start(const std::string& exec_id, bool detach, std::function<void(Result<UniqueFd>)> deliver);
    Result<nlohmann::json> exec_inspect(const std::string& exec_id);
    Result<> exec_resize(const std::string& exec_id, unsigned rows, unsigned cols);
    Result<bool> exec_tty(const std::string& exec_id) const;

    // POST /containers/prune: the stopped containers go (filters until, label).
    Result<nlohmann::json> prune(const api::Filters& filters);

    // A container's files (container_archive.cpp): docker diff, export and cp.
    // GET /containers/{id}/changes: the writable layer against the image's, less
    // what berthd itself puts there (/etc/hosts and the other mount points).
    Result<nlohmann::json> changes(const std::string& reference) const;
    // Bytes the container's writable layer adds to its image's (SizeRw).
    int64_t writable_size(const Container& container) const;
    // SizeRootFs: the image's layers and the writable layer's bytes; the
    // layers count also once a forced rmi deleted the image (they stay as long
    // as the container does).
    int64_t root_fs_size(const Container& container, int64_t writable) const;
    // The container as it is once its operation lock is held: what start, stop
    // and remove serialise on. The lock goes with the value.
    struct LockedContainer {
        std::shared_ptr<std::mutex> mutex;
        std::unique_lock<std::mutex> hold;
        Container container;
    };
    Result<LockedContainer> lock_container(const std::string& reference);
    // Runs `use` on the container's root filesystem: a running container's as it
    // is mounted; a stopped one's mounted for the call and unmounted after, with
    // the container's operation lock held throughout (a start waits for it).
    // WithMounts: a running container's root as it sees it (with its volumes
    // and tmpfs mounts, as docker cp reaches them); OwnFiles: its own files only.
    enum class RootView { WithMounts, OwnFiles };
    Result<> with_rootfs(const std::string& reference,
                         const std::function<Result<>(const Container& container, const std::string& root)>& use,
                         RootView view = RootView::WithMounts);
    // HEAD /containers/{id}/archive.
    Result<PathStat> archive_stat(const std::string& reference, const std::string& path);
    // GET /containers/{id}/archive: the stat goes to `on_stat` before the tar's first byte.
    Result<> archive_get(const std::string& reference, const std::string& path,
                         const std::function<void(const PathStat&)>& on_stat, const TarSink& sink);
    // PUT /containers/{id}/archive: Forbidden for a read-only rootfs (--read-only).
    struct ArchivePutOptions {
        bool no_overwrite_dir_non_dir = false; // noOverwriteDirNonDir
        bool copy_uid_gid = false;             // copyUIDGID: owned by the container's user
    };
    Result<> archive_put(const std::string& reference, const std::string& path, std::string_view tar,
                         ArchivePutOptions options);
    // GET /containers/{id}/export.
    Result<> export_rootfs(const std::string& reference, const TarSink& sink);
    // Whether a container that was started still has its writable layer on disk.
    Result<> check_writable_layer(const Container& container) const;
    // POST /commit: the container's changes as a new image (paused meanwhile
    // when `pause` and it runs). `options.container_config` is filled in here.
    Result<std::string> commit(const std::string& reference, images::CommitOptions options, bool pause);

    // POST /networks/{id}/connect and /disconnect (container_networks.cpp):
    // a running container gets or loses the interface at once; every container
    // keeps the network for its next start. Docker's refusals and errors.
    Result<NetworkChange> connect_network(const std::string& reference, const std::string& network,
                                          const nlohmann::json& endpoint_config);
    Result<NetworkChange> disconnect_network(const std::string& reference, const std::string& network, bool force);

private:
    // What the container changed, as its storage driver keeps it (an upper dir
    // or a whole tree), berthd's own mount points left out; empty when it never
    // started. `changed_bytes` as tree_changes gives it (whole trees only).
    Result<std::vector<Change>> writable_changes(const Container& container, uint64_t* changed_bytes = nullptr) const;

    struct ExecInstance {
        std::string id;
        std::string container_id;
        nlohmann::json body; // the create request: Cmd, Env, User, WorkingDir, Tty, Privileged, Attach*
        std::string bundle;
        bool started = false;
        bool running = false;
        std::optional<int> exit_code;
        int pid = 0;
    };
    void finish_exec(const std::string& exec_id);
    // Healthchecks (container_health.cpp): one thread per running container with
    // a HEALTHCHECK, ended when that run of the container ends.
    void start_health_checks(const Container& container);
    void run_health_checks(std::string id, std::string started_at, nlohmann::json healthcheck);
    struct ProbeResult {
        int exit_code = -1;
        std::string output;
    };
    ProbeResult run_probe(const std::string& id, const std::vector<std::string>& command, int64_t timeout_ns);
    bool same_run(const std::string& id, const std::string& started_at) const;

    struct PendingAttach {
        AttachStreams streams;
        std::function<void(Result<UniqueFd>)> deliver;
    };
    struct Waiter {
        std::string condition;
        int seen_exits = 0;
    };

    std::shared_ptr<std::mutex> operation_lock(const std::string& id);
    Result<bool> start_locked(Container container);
    Result<> prepare_network(Container& container, std::map<runtime::NamespaceKind, std::string>& joins,
                             std::vector<runtime::NamespaceKind>& host);
    void release_network(Container& container);
    // container_networks.cpp: every network the container wants, in order
    // (its namespace is c.network["netns"]); their removal.
    Result<> attach_networks(Container& container);
    void detach_networks(Container& container);
    Result<network::Attachment> connect_one(Container& container, const std::string& network,
                                            const nlohmann::json& settings,
                                            const std::vector<network::Attachment>& current);
    bool gives_default_route(const std::vector<network::Attachment>& attachments) const;
    // The attachment with the default route: the first on a network that is not --internal.
    std::optional<network::Attachment> default_route_holder(const std::vector<network::Attachment>& attachments) const;
    // container_etc_files.cpp: /etc/hostname, /etc/hosts, /etc/resolv.conf
    // written at start; a running container's kept true in place after a
    // network connect or disconnect (`before`: its attachments until then).
    std::string etc_hostname(const Container& container, bool host_uts) const;
    std::string resolv_conf_of(const Container& container, bool host_network) const;
    Result<> write_etc_files(const Container& container, const std::string& hostname, bool host_network);
    void refresh_etc_files(const Container& container, const std::vector<network::Attachment>& before);
    // container_ports.cpp: the network step's published ports (saved in
    // container.network["ports"]), their removal, and their return after a
    // berthd restart.
    Result<> publish_ports(Container& container, const network::Attachment& attachment);
    void unpublish_ports(Container& container);
    void restore_ports(const Container& container);

    void release_runtime(Container& container);
    void release_interrupted_start(Container& container);
    bool stop_unrecorded_process(const Container& container);
    // container_volumes.cpp
    Result<nlohmann::json> acquire_volumes(const std::string& id, const config::HostConfig& host,
                                           const nlohmann::json& merged_config);
    Result<> mount_volume_points(Container& container);
    void unmount_volume_points(Container& container);
    void release_volumes(const Container& container, bool remove_anonymous);
    void recover_volumes();
    void handle_exit(const std::string& id);
    void record_exit(Container& container, int exit_code, bool oom, const std::string& finished_at,
                     const std::string& error);
    void maybe_restart(const std::string& id);
    void watch_exit(const Container& container);
    Result<> signal_container(const Container& container, int signo);
    bool wait_until_stopped(const std::string& id, int timeout_seconds);
    void commit(const Container& container);
    void notify_changed(const std::string& id = {}); // with mutex_ held; no id: a change of any container
    void emit(const std::string& action, const Container& container, std::map<std::string, std::string> extra = {});
    std::string bundle_dir(const std::string& id) const { return options_.exec_root + "/containers/" + id; }
    std::string netns_path(const std::string& id) const { return options_.exec_root + "/netns/" + id; }
    nlohmann::json inspect_json(const Container& container, bool size) const;
    nlohmann::json list_entry(const Container& container, bool size) const;
    std::string image_shown(const Container& container) const; // docker ps's IMAGE

    ContainerServiceOptions options_;
    ContainerStore& store_;
    images::ImageService& images_;
    images::Snapshotter& snapshotter_;
    runtime::CgroupManager* cgroups_;
    network::NetworkService* networks_; // may be null: no bridge on this host
    volumes::VolumeService* volumes_ = nullptr;
    network::PortPublisher* ports_ = nullptr;
    ContainerEventSink events_;

    mutable std::mutex mutex_;
    std::condition_variable changed_; // a container's state changed or it was removed
    struct ChangeListening {
        std::string id; // empty: every container
        ChangeListener listener;
    };
    std::map<uint64_t, ChangeListening> change_listeners_;
    uint64_t next_listener_ = 1;
    mutable std::map<std::string, int> exits_; // exits seen per container, for next-exit waiters
    std::map<std::string, int> last_exit_codes_; // for "removed" waiters of --rm containers
    std::map<std::string, std::shared_ptr<std::mutex>> operation_locks_;
    std::map<std::string, std::vector<PendingAttach>> pending_attaches_;
    std::map<std::string, int> restart_generation_; // a newer start cancels a scheduled restart
    std::map<std::string, ExecInstance> execs_;
    ExitWatcher watcher_;
    bool shutting_down_ = false;
};

} // namespace berth::containers
