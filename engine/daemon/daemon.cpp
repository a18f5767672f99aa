#include "daemon/daemon.h"

#include "api/server/server.h"
#include "base/build_info.h"
#include "base/files.h"
#include "base/go_errno.h"
#include "base/ids.h"
#include "daemon/daemon_lock.h"
#include "daemon/host_info.h"
#include "daemon/idle_release.h"
#include "containers/container_service.h"
#include "daemon/archive_handlers.h"
#include "daemon/build_handlers.h"
#include "daemon/container_handlers.h"
#include "daemon/default_seccomp_profile.h"
#include "daemon/image_handlers.h"
#include "images/snapshotter.h"
#include "images/store_check.h"
#include "monitor/resident_pages.h"
#include "runtime/cgroups/attach_warmer.h"
#include "daemon/network_handlers.h"
#include "network/network_controller.h"
#include "registry/tls.h"
#include "runtime/cgroups/detect.h"
#include "store/image_store.h"
#include "daemon/system_handlers.h"
#include "daemon/volume_handlers.h"

#include <pthread.h>
#include <charconv>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <grp.h>
#include <malloc.h>
#include <mutex>
#include <sys/stat.h>
#include <thread>

namespace berth::daemon {
namespace {

namespace fs = std::filesystem;
namespace asio = api::asio;

Result<> make_directory(const std::string& path, fs::perms perms) {
    std::error_code ec;
    fs::create_directories(path, ec);
    if (ec) return fail(ErrorCategory::System, "creating {}: {}", path, go_error_text(ec));
    fs::permissions(path, perms, ec);
    if (ec) return fail(ErrorCategory::System, "setting the mode of {}: {}", path, go_error_text(ec));
    return {};
}

// The engine's ID, made once and kept in the data root like dockerd's engine-id.
Result<std::string> load_engine_id(const std::string& data_root) {
    std::string path = data_root + "/engine-id";
    if (auto existing = read_file(path); existing && !existing->empty()) {
        std::string id = *existing;
        while (!id.empty() && id.back() == '\n') id.pop_back();
        return id;
    }
    std::string id = random_uuid();
    if (auto written = write_file_atomically(path, id + "\n", 0600); !written) return std::unexpected(written.error());
    return id;
}

// The configuration, shared with handlers and replaced on reload.
class LiveConfig {
public:
    explicit LiveConfig(DaemonConfig config) : config_(std::move(config)) {}
    DaemonConfig get() const {
        std::lock_guard lock(mutex_);
        return config_;
    }
    void set(DaemonConfig config) {
        std::lock_guard lock(mutex_);
        config_ = std::move(config);
    }

private:
    mutable std::mutex mutex_;
    DaemonConfig config_;
};

// SIGHUP: read the configuration file again and apply what can change while
// running (the log level and, as dockerd reloads them, the insecure registries,
// the mirrors and the certs.d directory: the next pull or push uses them), then
// tell /events subscribers, as dockerd does.
void reload(const CommandLine& command_line, LiveConfig& live, EventBus& events, const std::string& engine_id) {
    auto fresh = load_config(command_line);
    if (!fresh) {
        log::error("reloading the configuration: {}", fresh.error().message());
        return;
    }
    DaemonConfig current = live.get();
    current.log_level = fresh->log_level;
    current.insecure_registries = fresh->insecure_registries;
    current.registry_mirrors = fresh->registry_mirrors;
    current.registry_certs_dir = fresh->registry_certs_dir;
    registry::TlsContext::forget_shared(); // the system CA store and certs.d read afresh
    log::set_level(current.log_level);
    live.set(current);
    Event event{.type = "daemon", .action = "reload", .actor_id = engine_id, .attributes = current.describe()};
    event.attributes["name"] = read_host_facts().hostname;
    events.publish(std::move(event));
    log::info("configuration reloaded");
}

// As dockerd does: roots and pid file absolute with symlinks resolved, whatever
// directory berthd was started in.
void make_paths_absolute(DaemonConfig& config) {
    for (std::string* path : {&config.data_root, &config.exec_root, &config.pidfile}) {
        std::error_code ec;
        if (path->empty()) continue;
        auto resolved = fs::weakly_canonical(fs::absolute(*path), ec);
        if (!ec) *path = resolved.string();
    }
}

// berth-monitor and berth-init live beside berthd: in the same directory, in
// ../libexec/berth when installed, or in their own directories of a build tree.
std::string helper_binary(const std::string& name) {
    std::error_code ec;
    fs::path self = fs::read_symlink("/proc/self/exe", ec);
    fs::path dir = self.parent_path();
    for (const auto& candidate : {dir / name, dir.parent_path() / "libexec/berth" / name, dir.parent_path() / name / name})
        if (fs::exists(candidate, ec)) return candidate.string();
    return (dir / name).string();
}

// The networks: the default bridge (unless the host cannot have one: then
// containers on it fail to start with a clear error, and the rest works) and the
// user-defined ones a previous run left.
std::unique_ptr<network::NetworkController> make_networks(const DaemonConfig& config, const std::string& engine_id) {
    network::NetworkControllerOptions options;
    options.engine_id = engine_id; // seeds the IPv6 ULA pool, as dockerd's
    options.state_dir = config.data_root + "/network";
    options.default_bridge.state_dir = options.state_dir;
    options.default_bridge.bridge = config.bridge;
    // One NAT table per bridge, so daemons side by side (tests) leave each other's alone.
    options.default_bridge.nft_table = config.bridge == "berth0" ? "berth" : "berth_" + config.bridge;
    std::error_code ec;
    fs::create_directories(options.state_dir, ec);
    auto networks = std::make_unique<network::NetworkController>(options);
    if (auto started = networks->start(); !started) {
        log::warn("networks are not available: {}", started.error().message());
        return nullptr;
    }
    return networks;
}

} // namespace

Result<gid_t> resolve_socket_group(const DaemonConfig& config) {
    const std::string& name = config.group;
    gid_t gid = 0;
    auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), gid);
    if (ec == std::errc() && end == name.data() + name.size()) return gid;
    std::vector<char> buffer(16384);
    group entry{};
    group* found = nullptr;
    int error = getgrnam_r(name.c_str(), &entry, buffer.data(), buffer.size(), &found);
    if (found) return found->gr_gid;
    if (!config.chosen.contains("group")) {
        log::warn("the socket group \"{}\" does not exist: only root can use the socket", name);
        return gid_t{0};
    }
    if (error != 0) return std::unexpected(Error::from_errno(error, "looking up group " + name));
    return fail(ErrorCategory::NotFound, "group {} not found", name);
}

namespace {

// berthd idle again (issue 15; daemon/idle_release.h): the heap's free memory
// goes back to the system, and the pages of berthd's text and its libraries
// that work mapped in are dropped from its page tables.
void release_idle_memory() {
    if (auto released = monitor::release_idle_pages(); !released)
        log::warn("releasing idle memory: {}", released.error().message());
    else
        log::debug("idle: memory given back");
}

} // namespace

Result<> run_daemon(const CommandLine& command_line) {
    // berthd stays small (issue 15): eight malloc arenas instead of one per
    // worker thread (glibc's default: 8 per core), and buffers over 256 KiB
    // mmapped so that freeing them gives them back (a fixed threshold stops
    // glibc from raising it after each large free). Not fewer arenas: with two,
    // some 30 threads shared them, and under load (issue 14's soak) the io
    // threads answering /_ping spent three quarters of their waits on an arena's
    // lock held by a preempted thread; eight cost ~1.5 MB more after that load
    // (tests/bench/README.md, soak). glibc's own MALLOC_ARENA_MAX wins.
    if (!std::getenv("MALLOC_ARENA_MAX")) ::mallopt(M_ARENA_MAX, 8);
    ::mallopt(M_MMAP_THRESHOLD, 256 * 1024);
    auto loaded = load_config(command_line);
    if (!loaded) return std::unexpected(loaded.error());
    DaemonConfig config = std::move(*loaded);
    log::set_level(config.log_level);
    make_paths_absolute(config);

    auto socket_paths = config.socket_paths();
    if (!socket_paths) return std::unexpected(socket_paths.error());
    auto group = resolve_socket_group(config);
    if (!group) return std::unexpected(group.error());
    if (auto made = make_directory(config.data_root, fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec); !made)
        return made;
    if (auto made = make_directory(config.exec_root, fs::perms::owner_all); !made) return made;
    auto claimed = DaemonLock::acquire(config.data_root, config.exec_root, config.effective_pidfile());
    if (!claimed) return std::unexpected(claimed.error());
    auto engine_id = load_engine_id(config.data_root);
    if (!engine_id) return std::unexpected(engine_id.error());
    // Before the bridge, nft and cgroups are touched: a second daemon on a live
    // socket goes away leaving no trace on the host.
    for (const auto& path : *socket_paths)
        if (auto free = api::check_socket_free(path); !free) return free;

    auto content = store::ContentStore::open(config.data_root + "/content");
    if (!content) return std::unexpected(content.error());
    auto image_index = store::ImageStore::open(config.data_root + "/image/index.json");
    if (!image_index) return std::unexpected(image_index.error());

    auto container_store = containers::ContainerStore::open(config.data_root + "/containers");
    if (!container_store) return std::unexpected(container_store.error());

    LiveConfig live(config);
    EventBus events;
    images::ImageService image_service(config.data_root, *content, **image_index,
                                       [&events](const std::string& action, const std::string& id,
                                                 const std::string& name) {
                                           Event event{.type = "image", .action = action, .actor_id = id, .attributes = {}};
                                           if (!name.empty()) event.attributes["name"] = name;
                                           events.publish(std::move(event));
                                       });
    std::string driver_choice;
    auto snapshotter = images::make_snapshotter(config.storage_driver, config.data_root + "/tmp", driver_choice);
    if (!snapshotter) return std::unexpected(snapshotter.error());
    log::info("storage driver {}: {}", (*snapshotter)->name(), driver_choice);
    if (auto respelled = image_service.set_whiteout_format((*snapshotter)->whiteouts()); !respelled)
        return std::unexpected(respelled.error());
    images::check_image_store(image_service); // logs what it finds, marks what it cannot repair
    auto cgroups = runtime::make_host_cgroup_manager("/sys/fs/cgroup", config.cgroup_parent);
    if (!cgroups) log::warn("containers run without resource limits: {}", cgroups.error().message());
    auto networks = make_networks(config, *engine_id);
    // Published ports (-p, -P): host ports held by berthd, DNAT in a table per container.
    std::optional<network::PortPublisher> port_publisher;
    if (networks) port_publisher.emplace(network::make_nftables_firewall());
    runtime::AttachWarmer attach_warmer(
        cgroups ? runtime::own_cgroup_dir("/sys/fs/cgroup", (*cgroups)->version(), read_file("/proc/self/cgroup").value_or(""))
                : "");
    HostFacts host = read_host_facts();
    containers::ContainerServiceOptions container_options;
    container_options.data_root = config.data_root;
    container_options.exec_root = config.exec_root;
    container_options.monitor_binary = helper_binary("berth-monitor");
    container_options.init_binary = helper_binary("berth-init");
    container_options.seccomp_profile = std::string(default_seccomp_profile());
    container_options.go_arch = go_arch(host.architecture);
    container_options.kernel_version = host.kernel_version;
    container_options.cgroup_parent = config.cgroup_parent;
    container_options.machine_memory = static_cast<uint64_t>(host.mem_total);
    container_options.warm_cgroup_attach = [&attach_warmer] { attach_warmer.warm(); };
    containers::ContainerService container_service(
        container_options, **container_store, image_service, **snapshotter, cgroups ? cgroups->get() : nullptr,
        networks.get(),
        [&events](const std::string& action, const containers::Container& container,
                  const std::map<std::string, std::string>& extra) {
            Event event{.type = "container", .action = action, .actor_id = container.id, .attributes = {}};
            event.attributes["name"] = container.name;
            event.attributes["image"] = container.config.value("Image", "");
            if (container.config.contains("Labels") && container.config["Labels"].is_object())
                for (const auto& [key, value] : container.config["Labels"].items())
                    if (value.is_string()) event.attributes[key] = value.get<std::string>();
            for (const auto& [key, value] : extra) event.attributes[key] = value;
            events.publish(std::move(event));
        });
    auto volume_store = volumes::VolumeStore::open(config.data_root + "/volumes");
    if (!volume_store) return std::unexpected(volume_store.error());
    volumes::VolumePlugins volume_plugins(config.plugins_dir.empty() ? volumes::PluginDirs::docker_defaults()
                                                                     : volumes::PluginDirs::single(config.plugins_dir));
    volumes::VolumeService volume_service(
        std::move(*volume_store),
        [&events](const std::string& action, const std::string& name,
                  const std::map<std::string, std::string>& attributes) {
            events.publish(Event{.type = "volume", .action = action, .actor_id = name, .attributes = attributes});
        },
        &volume_plugins);
    container_service.set_volumes(&volume_service);
    if (port_publisher) container_service.set_port_publisher(&*port_publisher);
    container_service.recover();
    image_service.set_users([&container_service](const std::string& id) { return container_service.image_users(id); });
    image_service.release_unused_held(); // deleted images whose last container went while berthd stopped

    SystemContext system{.engine_id = *engine_id,
                         .config = [&live] { return live.get(); },
                         .events = events,
                         .counts = [&image_service, &container_service] {
                             auto [running, paused, stopped] = container_service.counts();
                             return ObjectCounts{.containers = running + paused + stopped,
                                                 .running = running,
                                                 .paused = paused,
                                                 .stopped = stopped,
                                                 .images = static_cast<int>(image_service.count())};
                         },
                         .storage_driver = (*snapshotter)->name()};
    // Blocking work (unpacking layers, starting and stopping containers, waits)
    // runs here, off the io threads. Waits hold no thread (they are notified).
    // Its threads start with work and end after 10 s without (none when idle).
    api::BlockingPool blocking_pool("berthd-blocking", 16, std::chrono::seconds(10));
    auto registry_options = [&live] {
        DaemonConfig current = live.get();
        registry::RegistryOptions options;
        options.insecure_registries = current.insecure_registries;
        options.mirrors = current.registry_mirrors;
        options.certs_dir = current.registry_certs_dir;
        return options;
    };
    ImageContext image_context{image_service, blocking_pool, registry_options, &container_service, &volume_service};
    image_context.build_cache_dir = config.data_root + "/build-cache";
    api::Router router;
    add_system_routes(router, system);
    add_image_routes(router, image_context);
    ContainerContext container_context{container_service, blocking_pool, static_cast<uint64_t>(host.mem_total)};
    add_container_routes(router, container_context);
    add_archive_routes(router, container_context);
    BuildContext build_context{image_service, container_service, registry_options, go_arch(host.architecture)};
    build_context.cache_mounts_dir = config.data_root + "/build-cache";
    build_context.blocking_pool = &blocking_pool;
    add_build_routes(router, build_context);
    VolumeContext volume_context{volume_service, blocking_pool};
    add_volume_routes(router, volume_context);
    std::optional<NetworkContext> network_context;
    if (networks) {
        network_context.emplace(NetworkContext{*networks, blocking_pool, &container_service, &events});
        add_network_routes(router, *network_context);
    }

    // Large uploads (image load and import) are spooled here; what a crash left goes.
    std::string upload_dir = config.data_root + "/tmp/uploads";
    std::error_code ignored;
    std::filesystem::remove_all(upload_dir, ignored);
    std::filesystem::create_directories(upload_dir, ignored);
    std::filesystem::permissions(upload_dir, std::filesystem::perms::owner_all, ignored);

    asio::io_context io;
    std::vector<std::unique_ptr<api::ApiServer>> servers;
    for (const auto& path : *socket_paths) {
        auto server = std::make_unique<api::ApiServer>(io, router, api::AccessPolicy(*group),
                                                       std::format("berthd/{} (linux)", berth_version()));
        if (auto listening = server->listen(path); !listening) {
            // The sockets bound so far go too: a daemon that did not start leaves nothing.
            for (const auto& bound : servers) ::unlink(bound->socket_path().c_str());
            return listening;
        }
        server->set_upload_dir(upload_dir);
        server->start();
        log::info("API listening on {} (socket group gid {})", path, *group);
        servers.push_back(std::move(server));
    }

    std::signal(SIGPIPE, SIG_IGN);
    asio::signal_set shutdown_signals(io, SIGTERM, SIGINT);
    shutdown_signals.async_wait([&](boost::system::error_code ec, int signal) {
        if (ec) return;
        log::info("shutting down on {}", signal == SIGTERM ? "SIGTERM" : "SIGINT");
        for (auto& server : servers) server->stop();
        // Let the connections close, then end.
        asio::post(io, [&io] { io.stop(); });
    });
    asio::signal_set reload_signal(io, SIGHUP);
    std::function<void()> wait_for_reload = [&] {
        reload_signal.async_wait([&](boost::system::error_code ec, int) {
            if (ec) return;
            reload(command_line, live, events, *engine_id);
            wait_for_reload();
        });
    };
    wait_for_reload();
    log::info("berthd {} started (data root {}, exec root {}, API {})", berth_version(), config.data_root,
              config.exec_root, api::kMaxApiVersion.str());
    // What starting up and each burst of requests mapped in goes once idle again.
    IdleRelease idle_release(io, std::chrono::seconds(10), [&router] { return router.requests(); },
                             release_idle_memory);
    idle_release.start();

    // Two threads by default: enough for many idle streams, small when idle.
    std::vector<std::jthread> workers;
    for (unsigned i = 1; i < std::max(2u, std::thread::hardware_concurrency()); ++i)
        workers.emplace_back([&io] {
            ::pthread_setname_np(::pthread_self(), "berthd-io");
            io.run();
        });
    io.run();
    workers.clear();
    blocking_pool.join();
    for (const auto& path : *socket_paths) ::unlink(path.c_str());
    log::info("berthd stopped");
    return {};
}

} // namespace berth::daemon
