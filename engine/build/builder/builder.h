#pragma once
// Internal to engine/build/builder: one build's state and its steps. The
// orchestration, FROM and the config-only instructions are image_builder.cpp;
// RUN is run_step.cpp; COPY, ADD and WORKDIR (the steps that write a layer
// themselves) are copy_step.cpp; config_instructions.cpp reads the
// instructions that only change the image config.

#include "build/builder/build_context.h"
#include "build/builder/build_output.h"
#include "build/builder/image_builder.h"
#include "build/builder/cache_mounts.h"
#include "build/builder/cache_sources.h"
#include "build/builder/run_mounts.h"
#include "build/builder/stage_plan.h"
#include "build/dockerfile/node.h"
#include "build/dockerfile/shell_lexer.h"
#include "images/image_service.h"

#include <atomic>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace berth::build {

// Where one stage stands between steps.
struct StageState {
    std::string image_id;                          // "" while a FROM scratch stage has no image yet
    nlohmann::json config = nlohmann::json::object(); // the image's Config (Engine API shape)
    std::string author;                            // MAINTAINER
    std::map<std::string, std::string> args;       // ARGs in scope that have a value
    bool cmd_set = false;                          // a CMD in this stage (an ENTRYPOINT then keeps it)
    size_t index = 0;                              // the stage's index in the Dockerfile
    const ProgressStream* progress = nullptr;      // this stage's messages (stages may run side by side)
    std::optional<int> run_failed_code;            // a failed RUN's exit code
    // `cachefrom`'s images, narrowed to one once a step is restored from it
    // (per stage: stages run side by side); none without `cachefrom`.
    std::optional<CacheSources> cache_sources;
};

// A failing RUN: its exit code goes to the CLI as Docker's does.
struct RunFailed {
    int code = 0;
};

// run_step.cpp: heredocs as BuildKit reads them. `<<-` strips each line's
// leading tabs; a RUN's shell script: the body of `RUN <<EOF`, else the line
// with the bodies after it (`cat <<EOF >f` and the body, then `EOF`).
std::string chomp_heredoc(std::string_view content);
Result<std::string> heredoc_script(const dockerfile::Instruction& instruction);

// RUN --mount=type=bind (copy_step.cpp): what the mount names, copied into a
// directory of its own (<data-root>/tmp) that the RUN container binds and that
// goes when the step ends, so that neither the context nor a stage changes and
// a rw mount's writes are discarded. Made only when the step misses the cache
// (the key needs only the checksum: bind_checksum).
class BoundCopy {
public:
    BoundCopy() = default;
    BoundCopy(BoundCopy&& other) noexcept;
    BoundCopy& operator=(BoundCopy&& other) noexcept; // the old copy goes with `other`
    BoundCopy(const BoundCopy&) = delete;
    ~BoundCopy();
    std::string dir;      // the copy, removed with this
    std::string host;     // what is bound: `dir`, or the one file in it
};

class Builder {
public:
    Builder(BuildServices& services, const BuildRequest& request, const BuildContext& context,
            const ProgressStream& progress)
        : services_(services), request_(request), context_(context), progress_(progress) {}

    std::expected<std::string, BuildFailure> run(const dockerfile::ParsedDockerfile& dockerfile);
    // The first failure, or BuildStop: the stages stop at their next step,
    // their running RUN containers are killed. From any thread.
    void cancel();

private:
    // stage_runner.cpp: the needed stages, independent ones side by side
    // (at most kParallelStages at once); the first failure cancels the rest.
    Result<> build_stages(const StagePlan& plan, size_t total);
    Result<> build_stage(StageState& state, const StagePlan& plan, const Stage& stage, size_t step, size_t total);
    // Another stage failed: this one stops at its next step (a running RUN is killed).
    bool cancelled() const { return cancelled_.load(); }
    // run_step.cpp: the RUN containers running now, which cancel() kills.
    void running(const std::string& container, bool started);
    void kill_running_locked();
    Result<> from(StageState& state, const StagePlan& plan, const Stage& stage);
    Result<> run_triggers(StageState& state);
    Result<> dispatch(StageState& state, const dockerfile::Instruction& raw);
    Result<std::string> base_image(const std::string& name, const ProgressStream& progress);
    Result<> declare_arg(StageState& state, const std::string& word);

    // config_instructions.cpp: ENV LABEL EXPOSE VOLUME USER STOPSIGNAL
    // ENTRYPOINT CMD SHELL HEALTHCHECK ONBUILD MAINTAINER on the state's config.
    Result<> apply_config(StageState& state, const std::string& keyword, const dockerfile::Instruction& instruction);

    // A new image from the state's image: the config as it stands now and
    // the layer `write` makes (none: a config-only step).
    Result<> commit(StageState& state, const std::string& created_by, const images::LayerWriter& write);
    Result<> commit_config(StageState& state, const dockerfile::Instruction& instruction);
    Result<> commit_config(StageState& state, const std::string& created_by);

    // build_cache.cpp: Docker's classic cache. An image committed on the
    // state's image by the same step (its history's created_by, which for
    // COPY/ADD holds the checksum of what they add and for RUN the build args
    // it sees) with the same config is reused: ` ---> Using cache`. Never
    // with `nocache`, nor on FROM scratch. With `cachefrom`, only such an
    // image in a source's parent chain, else the step as a source's history
    // has it (cache_sources.h), restored. False: a miss; an error: a restore failed.
    Result<bool> use_cache(StageState& state, const std::string& created_by);
    std::optional<std::string> local_cache_hit(const StageState& state, const std::string& created_by) const;
    Result<std::optional<std::string>> source_cache_hit(StageState& state, const std::string& created_by);
    bool in_source_chain(const StageState& state, const std::string& id) const;
    // `cachefrom`'s images that exist (the others skipped, as dockerd does); none without `cachefrom`.
    std::optional<std::vector<CacheImage>> load_cache_sources() const;

    Result<> run_step(StageState& state, const dockerfile::Instruction& instruction);
    // `leases` keep the cache mounts in use until the step ends.
    Result<> add_run_mounts(nlohmann::json& host_config, const std::vector<RunMount>& mounts, const std::string& command,
                            HeldCacheMounts& leases) const;
    // copy_step.cpp: a bind mount's files, read as COPY reads its sources:
    // their checksum as COPY's ("dir:<hex>", for the step's cache key), and
    // the copy the RUN binds (after a cache miss only).
    Result<std::string> bind_checksum(StageState& state, const RunMount& mount);
    Result<BoundCopy> bind_copy(StageState& state, const RunMount& mount);
    // `use` with the root the mount reads (the context, with its .dockerignore,
    // or a stage's or image's root, held only while `use` runs).
    Result<> with_bind_root(StageState& state, const RunMount& mount,
                            const std::function<Result<>(const std::string& root, const IgnoreMatcher* ignore)>& use);
    // The image a `--from` names: a stage built before this one, else an image (pulled when missing).
    Result<std::string> from_image(StageState& state, const std::string& from, std::string_view what);
    // The bind mounts' mount points the image lacks, and their removal before the commit.
    Result<std::vector<std::string>> mount_stubs(const StageState& state, const std::vector<RunMount>& mounts) const;
    Result<> remove_mount_stubs(const std::string& container, const std::vector<std::string>& stubs);
    Result<> copy_step(StageState& state, const dockerfile::Instruction& instruction, bool add);
    Result<> workdir_step(StageState& state, const dockerfile::Instruction& instruction);

    dockerfile::EnvLookup lookup(const StageState& state) const;
    std::vector<std::string> shell_of(const StageState& state) const;
    std::string created_by(const StageState& state, const dockerfile::Instruction& instruction) const;
    // "<shell> #(nop) <text>": a history line of a step that runs nothing.
    std::string nop_line(const StageState& state, std::string_view text) const;
    // A container from `image` held only while `use` runs (COPY --from reads its root).
    // The image of the built stage `name` ("build", "0") names, if it names one before the current stage.
    std::optional<std::string> stage_image(const std::string& name, size_t before) const;
    Result<> with_image_root(const std::string& image, const std::function<Result<>(const std::string& root)>& use);

    BuildServices& services_;
    const BuildRequest& request_;
    const BuildContext& context_;
    const ProgressStream& progress_;
    char32_t escape_ = '\\';
    std::map<std::string, std::string> global_args_; // the global ARGs that have a value
    std::set<std::string> global_declared_;
    mutable std::mutex shared_mutex_;                 // guards consumed_, built_ and running_ (stages run side by side)
    std::set<std::string> consumed_;                  // build args some ARG declared
    std::map<size_t, StageState> built_;              // finished stages
    std::set<std::string> running_;                   // RUN containers running now
    std::optional<int> run_failed_code_;              // the failed stage's, set once the stages are done
    std::atomic<bool> cancelled_ = false;
    std::optional<std::vector<CacheImage>> cache_from_; // what each stage's cache_sources starts from
    const StagePlan* plan_ = nullptr;
};

} // namespace berth::build
