// RUN: a container from the step's image, through the container service as
// `docker run` would make it (the default network unless `networkmode`), its
// output relayed as stream lines while it runs, then its diff committed as
// the step's layer. Docker's classic builder words and codes a failure as:
//   The command '/bin/sh -c false' returned a non-zero code: 1

#include "build/builder/builder.h"

#include "api/version.h"
#include "base/digest.h"
#include "base/files.h"
#include "base/go_errno.h"
#include "base/log.h"
#include "build/dockerfile/heredoc.h"
#include "build/dockerfile/instruction_rules.h"
#include "containers/container_service.h"
#include "images/layer_stack.h"
#include "logs/stream_framing.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <future>
#include <thread>
#include <sys/stat.h>
#include <unistd.h>

namespace berth::build {
namespace {

using dockerfile::Instruction;
using nlohmann::json;

// Removes the step's container when the step ends, unless rm=false. A failed
// step's goes too (Docker keeps it unless --force-rm; issue 12 asks for no
// dangling containers).
class StepContainer {
public:
    StepContainer(containers::ContainerService& service, std::string id, bool keep)
        : service_(service), id_(std::move(id)), keep_(keep) {}
    ~StepContainer() {
        if (keep_) return;
        if (auto removed = service_.remove(id_, true, true); !removed)
            log::warn("build: removing the intermediate container {}: {}", id_, removed.error().message());
    }
    StepContainer(const StepContainer&) = delete;
    StepContainer& operator=(const StepContainer&) = delete;
    const std::string& id() const { return id_; }

private:
    containers::ContainerService& service_;
    std::string id_;
    bool keep_;
};

// The container's stdout and stderr (stdcopy frames) as stream lines.
void relay_output(int fd, const ProgressStream& progress) {
    logs::FrameDecoder decoder;
    char buffer[32768];
    while (true) {
        ssize_t got = ::read(fd, buffer, sizeof buffer);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        decoder.feed(std::string_view(buffer, static_cast<size_t>(got)));
        while (true) {
            auto frame = decoder.next();
            if (!frame || !*frame) break;
            progress.say((*frame)->payload);
        }
    }
}

std::string joined(const std::vector<std::string>& words) {
    std::string text;
    for (const auto& word : words) text += (text.empty() ? "" : " ") + word;
    return text;
}

// Where a `RUN <<EOF` script starting with #! is mounted (BuildKit's place).
constexpr const char* kScriptDir = "/dev/pipes";

// `RUN <<EOF` whose body (tabs stripped for `<<-`) starts with #!.
std::optional<dockerfile::Heredoc> shebang_heredoc(const Instruction& instruction) {
    if (instruction.json || instruction.heredocs.empty()) return std::nullopt;
    auto whole = dockerfile::parse_heredoc_word(joined(instruction.args));
    if (!whole || !*whole) return std::nullopt;
    dockerfile::Heredoc heredoc = instruction.heredocs.front();
    if (heredoc.chomp) heredoc.content = chomp_heredoc(heredoc.content);
    if (!heredoc.content.starts_with("#!") || heredoc.name.find('/') != std::string::npos) return std::nullopt;
    return heredoc;
}

// The script's directory on the host, removed when the step ends.
class ScriptFile {
public:
    ScriptFile() = default;
    ScriptFile(const ScriptFile&) = delete;
    ScriptFile& operator=(const ScriptFile&) = delete;
    ~ScriptFile() {
        std::error_code ec;
        if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
    }
    Result<> write(const std::string& dir, const dockerfile::Heredoc& heredoc) {
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        if (ec) return fail(ErrorCategory::System, "making {}: {}", dir, go_error_text(ec));
        dir_ = dir;
        if (::chmod(dir.c_str(), 0755) != 0) return fail_errno("preparing {}", dir);
        text_ = "\n" + heredoc.content;
        return write_file_atomically(dir + "/" + heredoc.name, heredoc.content, 0755);
    }
    const std::string& dir() const { return dir_; }
    const std::string& text() const { return text_; }

private:
    std::string dir_;
    std::string text_;
};

} // namespace

std::string chomp_heredoc(std::string_view content) {
    std::string out;
    bool line_start = true;
    for (char c : content) {
        if (line_start && c == '\t') continue;
        line_start = c == '\n';
        out += c;
    }
    return out;
}

Result<std::string> heredoc_script(const Instruction& instruction) {
    std::string command = joined(instruction.args);
    if (instruction.heredocs.empty()) return command;
    auto whole = dockerfile::parse_heredoc_word(command);
    if (whole && *whole) {
        // `RUN <<EOF`: the body is the script, as BuildKit runs it.
        const auto& heredoc = instruction.heredocs.front();
        std::string body = heredoc.chomp ? chomp_heredoc(heredoc.content) : heredoc.content;
        return body; // (one starting with #! is run_step's: a file of its own)
    }
    // `RUN cat <<EOF >file`: the line and the bodies with their delimiters,
    // for the shell to read as the here-documents they are.
    for (const auto& heredoc : instruction.heredocs) command += "\n" + heredoc.content + heredoc.name;
    return command;
}

// RUN --mount: a tmpfs goes to HostConfig.Tmpfs; a cache is a directory of
// <data-root>/build-cache (cache_mounts.h), named by a digest of its id, made on first use with
// the mount's mode and owner, bound into the container (so none of it lands in
// the step's layer) and kept between builds and restarts; its `sharing` is
// honoured by the lease (cache_mounts.h), held until the step ends.
Result<> Builder::add_run_mounts(nlohmann::json& host_config, const std::vector<RunMount>& mounts,
                                 const std::string& command, HeldCacheMounts& leases) const {
    bool has_cache = false;
    for (const auto& mount : mounts) {
        if (mount.type == RunMount::Type::Tmpfs)
            host_config["Tmpfs"][mount.target] = mount.size ? std::format("size={}", *mount.size) : "";
        else
            has_cache = true;
    }
    if (!has_cache) return {};
    if (services_.cache_mounts_dir.empty())
        return fail(ErrorCategory::NotImplemented, "RUN --mount=type=cache is not available: no cache directory");
    auto held = acquire_cache_mounts(services_.cache_mounts_dir, mounts, command);
    if (!held) return std::unexpected(held.error());
    size_t next = 0;
    for (const auto& mount : mounts)
        if (mount.type == RunMount::Type::Cache) host_config["Binds"].push_back(held->dirs[next++] + ":" + mount.target);
    leases = std::move(*held);
    return {};
}

// The mount points the runtime makes for the bind mounts (the target and the
// directories above it that the image lacks), deepest first: they go before the
// commit, as BuildKit removes its mount stubs, so that nothing of a bind is in the layer.
Result<std::vector<std::string>> Builder::mount_stubs(const StageState& state, const std::vector<RunMount>& mounts) const {
    auto layers = services_.images.layer_paths(state.image_id);
    if (!layers) return std::unexpected(layers.error());
    images::LayerStack image(*layers);
    std::vector<std::string> stubs;
    for (const auto& mount : mounts) {
        if (mount.type != RunMount::Type::Bind) continue;
        for (std::string path = mount.target; path != "/" && !image.lookup(path);
             path = path.substr(0, std::max<size_t>(path.rfind('/'), 1)))
            if (!std::ranges::contains(stubs, path)) stubs.push_back(path);
    }
    std::ranges::sort(stubs, std::greater<>()); // a path sorts before what it holds: reversed, deepest first
    return stubs;
}

// Each stub removed when still empty: a directory the RUN wrote into stays (its files are the step's).
Result<> Builder::remove_mount_stubs(const std::string& container, const std::vector<std::string>& stubs) {
    if (stubs.empty()) return {};
    return services_.containers.with_rootfs(
        container,
        [&](const containers::Container&, const std::string& root) -> Result<> {
            for (const auto& stub : stubs) {
                // Through a link of the image (/var/run -> /run) the path may be
                // one the image has: left alone, never deleted from the image.
                auto scoped = resolve_in_scope(root, stub, false);
                if (!scoped || scoped->inside != stub) continue;
                struct stat info{};
                if (::lstat(scoped->host.c_str(), &info) != 0) continue;
                if (S_ISREG(info.st_mode) && info.st_size == 0) ::unlink(scoped->host.c_str());
                else if (S_ISDIR(info.st_mode)) ::rmdir(scoped->host.c_str()); // only when empty
            }
            return {};
        },
        containers::ContainerService::RootView::OwnFiles);
}

void Builder::running(const std::string& container, bool started) {
    std::lock_guard lock(shared_mutex_);
    if (!started) {
        running_.erase(container);
        return;
    }
    running_.insert(container);
    if (cancelled_) kill_running_locked(); // the cancel came between start and here
}

void Builder::cancel() {
    std::lock_guard lock(shared_mutex_);
    cancelled_ = true;
    kill_running_locked();
}

void Builder::kill_running_locked() {
    for (const auto& id : running_)
        if (auto killed = services_.containers.kill(id, "SIGKILL"); !killed)
            log::info("build: stopping the RUN container {}: {}", id, killed.error().message());
}

Result<> Builder::run_step(StageState& state, const Instruction& instruction) {
    auto flags = dockerfile::parse_instruction_flags(instruction);
    if (!flags) return fail(ErrorCategory::Invalid, "{}", flags.error());
    for (const char* flag : {"network", "security"})
        if (flags->has(flag))
            return fail(ErrorCategory::NotImplemented, "RUN --{} is not supported by berthd's builder yet", flag);
    std::vector<RunMount> mounts;
    // As BuildKit: the mounts' values expand with the ARGs and ENV in scope.
    const dockerfile::ShellLexer lexer(dockerfile::ShellLexerOptions{.escape_token = escape_});
    const dockerfile::EnvLookup env_in_scope = lookup(state);
    auto expand = [&](const std::string& word) { return lexer.process_word(word, env_in_scope); };
    for (const auto& value : flags->values("mount")) {
        auto mount = parse_run_mount(value, state.config.value("WorkingDir", ""), expand);
        if (!mount)
            return fail(mount.error().unsupported ? ErrorCategory::NotImplemented : ErrorCategory::Invalid, "{}",
                        mount.error().message);
        mounts.push_back(*mount);
    }
    if (state.image_id.empty())
        return fail(ErrorCategory::Invalid, "RUN needs a base image: this stage is FROM scratch with nothing in it yet");
    std::vector<std::string> argv;
    ScriptFile script_file;
    if (auto shebang = shebang_heredoc(instruction)) {
        // As BuildKit: the body is a file of its own, run by its #! line.
        auto written = script_file.write(services_.images.scratch_path("run-script"), *shebang);
        if (!written) return std::unexpected(written.error());
        argv = shell_of(state);
        argv.push_back(std::string(kScriptDir) + "/" + shebang->name);
    } else if (instruction.json) {
        argv = instruction.args;
    } else {
        auto script = heredoc_script(instruction);
        if (!script) return std::unexpected(script.error());
        argv = shell_of(state);
        argv.push_back(*script);
    }
    // The history line, as Docker's: the build args the step sees ("|2 A=1 B=2
    // /bin/sh -c make"), so that a different value misses the cache.
    std::string history = joined(argv) + script_file.text(); // a #! script's text is its cache key
    // A bind's line carries the checksum of what it binds: a changed file
    // misses. Only the checksum: the copy is made after a miss.
    std::string mount_words;
    for (const auto& mount : mounts) {
        mount_words += "--mount=" + mount.spec + " ";
        if (mount.type != RunMount::Type::Bind) continue;
        auto checksum = bind_checksum(state, mount);
        if (!checksum) return std::unexpected(checksum.error());
        mount_words += *checksum + " ";
    }
    history = mount_words + history;
    if (!state.args.empty()) {
        std::string args;
        for (const auto& [name, value] : state.args) args += " " + name + "=" + value;
        history = std::format("|{}{} {}", state.args.size(), args, history);
    }
    auto cached = use_cache(state, history);
    if (!cached) return std::unexpected(cached.error());
    if (*cached) return {};

    // A miss: the container, its mounts (the bind copies, the cache leases) and the mount stubs.
    // The step sees the build args in scope as environment variables (ENV wins);
    // the image keeps only its ENV.
    json env = state.config.value("Env", json::array());
    for (const auto& [name, value] : state.args) {
        bool shadowed = false;
        for (const auto& entry : env)
            if (entry.is_string() && entry.get<std::string>().starts_with(name + "=")) shadowed = true;
        if (!shadowed) env.push_back(name + "=" + value);
    }
    for (const auto& [name, value] : request_.build_args) // the proxy args need no ARG
        if (value && !state.args.contains(name) &&
            (name.ends_with("_PROXY") || name.ends_with("_proxy")))
            env.push_back(name + "=" + *value);
    json body = {{"Image", state.image_id},
                 {"Cmd", argv},
                 {"Entrypoint", {""}},
                 {"Env", env},
                 {"User", state.config.value("User", "")},
                 {"WorkingDir", state.config.value("WorkingDir", "")},
                 {"AttachStdout", true},
                 {"AttachStderr", true},
                 {"HostConfig", {{"NetworkMode", request_.network_mode.empty() ? "default" : request_.network_mode}}}};
    if (state.config.contains("Volumes")) body["Volumes"] = state.config["Volumes"];
    HeldCacheMounts cache_leases; // in use (safe from prune) until the step ends
    if (auto mounted = add_run_mounts(body["HostConfig"], mounts, joined(argv), cache_leases); !mounted) return mounted;
    if (!script_file.dir().empty()) body["HostConfig"]["Binds"].push_back(script_file.dir() + ":" + kScriptDir + ":ro");
    std::vector<BoundCopy> bound; // type=bind: the copies bound, gone when the step ends
    for (const auto& mount : mounts) {
        if (mount.type != RunMount::Type::Bind) continue;
        auto copy = bind_copy(state, mount);
        if (!copy) return std::unexpected(copy.error());
        body["HostConfig"]["Mounts"].push_back({{"Type", "bind"}, {"Source", copy->host},
                                                {"Target", mount.target}, {"ReadOnly", !mount.readwrite}});
        bound.push_back(std::move(*copy));
    }
    auto stubs = mount_stubs(state, mounts);
    if (!stubs) return std::unexpected(stubs.error());
    body["HostConfig"].update(request_.host_config);
    auto& service = services_.containers;
    auto created = service.create("", body, api::kMaxApiVersion);
    if (!created) return std::unexpected(created.error().wrap("creating the container for RUN"));
    StepContainer container(service, created->value("Id", ""), !request_.remove);
    state.progress->say(std::format(" ---> Running in {}\n", ProgressStream::short_id(container.id())));

    std::promise<Result<UniqueFd>> delivered;
    auto output = delivered.get_future();
    auto attached = service.attach(container.id(), {.in = false, .out = true, .err = true},
                                   [&delivered](Result<UniqueFd> fd) { delivered.set_value(std::move(fd)); });
    if (!attached) return std::unexpected(attached.error().wrap("attaching to the RUN container"));
    auto waiting = service.wait_begin(container.id(), "next-exit");
    if (!waiting) return std::unexpected(waiting.error());
    if (auto started = service.start(container.id()); !started) return std::unexpected(started.error());
    running(container.id(), true);
    if (output.wait_for(std::chrono::seconds(30)) == std::future_status::ready) {
        auto fd = output.get();
        if (fd) relay_output(fd->get(), *state.progress);
    }
    std::optional<containers::WaitResult> exit;
    while (!(exit = service.wait_poll(*waiting))) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    running(container.id(), false);
    if (cancelled()) return fail(ErrorCategory::System, "build stopped: another stage failed");
    if (exit->status_code != 0) {
        state.run_failed_code = exit->status_code;
        return fail(ErrorCategory::Invalid, "The command '{}' returned a non-zero code: {}", joined(argv),
                    exit->status_code);
    }
    if (auto removed = remove_mount_stubs(container.id(), *stubs); !removed) return removed;
    images::CommitOptions options;
    options.config = state.config;
    options.exact_config = true;
    options.author = state.author;
    options.created_by = history;
    auto id = service.commit(container.id(), options, false);
    if (!id) return std::unexpected(id.error());
    if (request_.remove) state.progress->say(std::format("Removing intermediate container {}\n", ProgressStream::short_id(container.id())));
    state.image_id = *id;
    state.progress->image(*id);
    return {};
}

} // namespace berth::build
