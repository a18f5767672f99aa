#include "build/builder/builder.h"

#include "api/version.h"
#include "base/log.h"
#include "build/dockerfile/expansion.h"
#include "build/dockerfile/instruction_rules.h"
#include "build/dockerfile/parser.h"
#include "containers/container_service.h"
#include "images/image_puller.h"
#include "images/reference.h"

#include <algorithm>
#include <cctype>

namespace berth::build {
namespace {

using dockerfile::Instruction;

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// The proxy variables every build may set without an ARG (Docker's
// builtinAllowedBuildArgs): usable in RUN, never reported as unconsumed.
bool predefined_arg(const std::string& name) {
    static const std::set<std::string> names = {"HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy",
                                                "FTP_PROXY",  "ftp_proxy",  "NO_PROXY",    "no_proxy",
                                                "ALL_PROXY",  "all_proxy"};
    return names.contains(name);
}

// An empty layer: the two zero blocks that end a tar.
Result<> write_no_layer(const std::function<bool(std::string_view)>& sink) {
    if (!sink(std::string(1024, '\0'))) return fail(ErrorCategory::System, "writing the empty layer");
    return {};
}

Error as_error(const dockerfile::ParseError& error) { return Error(ErrorCategory::Invalid, error.describe()); }

} // namespace

dockerfile::EnvLookup Builder::lookup(const StageState& state) const {
    std::vector<std::string> entries;
    for (const auto& [name, value] : state.args) entries.push_back(name + "=" + value);
    // ENV wins over an ARG of the same name, as in Docker.
    for (const auto& entry : state.config.value("Env", nlohmann::json::array()))
        if (entry.is_string()) entries.push_back(entry.get<std::string>());
    return dockerfile::env_from_list(std::move(entries));
}

std::vector<std::string> Builder::shell_of(const StageState& state) const {
    auto shell = state.config.value("Shell", nlohmann::json());
    if (shell.is_array() && !shell.empty()) return shell.get<std::vector<std::string>>();
    return {"/bin/sh", "-c"};
}

std::string Builder::nop_line(const StageState& state, std::string_view text) const {
    std::string line;
    for (const auto& part : shell_of(state)) line += part + " ";
    return line + "#(nop) " + std::string(text);
}

std::string Builder::created_by(const StageState& state, const Instruction& instruction) const {
    return nop_line(state, " " + instruction.original); // two spaces, as Docker's ("#(nop) ", "ENV a=b")
}

Result<> Builder::commit(StageState& state, const std::string& history, const images::LayerWriter& write) {
    auto cached = use_cache(state, history);
    if (!cached) return std::unexpected(cached.error());
    if (*cached) return {};
    images::CommitOptions options;
    options.config = state.config;
    options.exact_config = true;
    options.created_by = history;
    options.author = state.author;
    options.scratch_config = {{"architecture", services_.go_arch}, {"os", "linux"}};
    auto id = services_.images.commit(state.image_id, write, options);
    if (!id) return std::unexpected(id.error());
    state.image_id = *id;
    state.progress->image(*id);
    return {};
}

Result<> Builder::commit_config(StageState& state, const Instruction& instruction) {
    return commit_config(state, created_by(state, instruction));
}

Result<> Builder::commit_config(StageState& state, const std::string& history) {
    return commit(state, history, write_no_layer);
}

Result<std::string> Builder::base_image(const std::string& name, const ProgressStream& progress) {
    auto reference = images::parse_reference(name);
    if (!reference) return std::unexpected(reference.error());
    images::Reference full = images::with_default_tag(*reference);
    if (!request_.pull) {
        if (auto local = services_.images.resolve(full.str())) return *local;
    }
    images::PullRequest pull{full, std::nullopt, request_.credentials};
    auto pulled = images::pull_image(services_.images, services_.registry, pull,
                                     [&progress](const nlohmann::json& message) { return progress.raw(message); });
    if (!pulled) return std::unexpected(pulled.error().wrap("pulling {}", full.familiar()));
    return services_.images.resolve(full.str());
}

Result<> Builder::declare_arg(StageState& state, const std::string& word) {
    auto equals = word.find('=');
    std::string name = word.substr(0, equals);
    if (name.empty()) return fail(ErrorCategory::Invalid, "ARG requires a name: {}", word);
    std::optional<std::string> value;
    if (equals != std::string::npos) value = word.substr(equals + 1);
    if (auto given = request_.build_args.find(name); given != request_.build_args.end()) {
        std::lock_guard lock(shared_mutex_);
        consumed_.insert(name);
        if (given->second) value = given->second;
    } else if (!value) {
        if (auto global = global_args_.find(name); global != global_args_.end()) value = global->second;
    }
    if (value) state.args[name] = *value;
    else state.args.erase(name);
    return {};
}

Result<> Builder::from(StageState& state, const StagePlan& plan, const Stage& stage) {
    std::vector<std::string> globals;
    for (const auto& [name, value] : global_args_) globals.push_back(name + "=" + value);
    auto expanded = dockerfile::expand_instruction(*stage.from, dockerfile::env_from_list(globals), escape_);
    if (!expanded) return std::unexpected(as_error(expanded.error()));
    auto flags = dockerfile::parse_instruction_flags(expanded->instruction);
    if (flags && flags->has("platform") && !flags->value("platform").empty())
        log::info("build: FROM --platform={} taken as the host's platform", flags->value("platform"));
    std::string base = expanded->instruction.args.at(0);
    std::optional<StageState> source;
    if (auto previous = plan.stage_named(lower(base), stage.index)) {
        std::lock_guard lock(shared_mutex_);
        if (built_.contains(*previous)) source = built_.at(*previous);
    }
    if (source) {
        state.image_id = source->image_id;
        state.config = source->config;
        state.author = source->author;
    } else if (lower(base) == "scratch") {
        state.image_id.clear();
        state.config = nlohmann::json::object();
    } else {
        auto id = base_image(base, *state.progress);
        if (!id) return std::unexpected(id.error());
        auto text = services_.images.content().read(*id);
        if (!text) return std::unexpected(text.error().wrap("reading the config of {}", base));
        auto config = nlohmann::json::parse(*text, nullptr, false);
        state.image_id = *id;
        state.config = config.is_object() && config.contains("config") && config["config"].is_object()
                           ? config["config"]
                           : nlohmann::json::object();
        state.progress->image(*id);
    }
    return run_triggers(state);
}

Result<> Builder::run_triggers(StageState& state) {
    auto triggers = state.config.value("OnBuild", nlohmann::json());
    state.config.erase("OnBuild"); // the triggers are the base's, not passed on
    if (!triggers.is_array() || triggers.empty()) return {};
    state.progress->say(std::format("# Executing {} build trigger{}\n", triggers.size(), triggers.size() == 1 ? "" : "s"));
    for (const auto& trigger : triggers) {
        if (!trigger.is_string()) continue;
        auto parsed = dockerfile::parse_dockerfile(trigger.get<std::string>());
        if (!parsed) return std::unexpected(as_error(parsed.error()).wrap("in the ONBUILD trigger {}", trigger.get<std::string>()));
        for (const auto& instruction : parsed->instructions)
            if (auto done = dispatch(state, instruction); !done) return done;
    }
    return {};
}

Result<> Builder::dispatch(StageState& state, const Instruction& raw) {
    std::string keyword = lower(raw.keyword);
    if (!raw.heredocs.empty() && keyword != "run" && keyword != "copy" && keyword != "add")
        return fail(ErrorCategory::Invalid, "{} does not take heredocs (line {})", raw.keyword, raw.range.start_line);
    auto expanded = dockerfile::expand_instruction(raw, lookup(state), escape_);
    if (!expanded) return std::unexpected(as_error(expanded.error()));
    const Instruction& instruction = expanded->instruction;
    if (keyword == "run") return run_step(state, instruction);
    if (keyword == "copy") return copy_step(state, instruction, false);
    if (keyword == "add") return copy_step(state, instruction, true);
    if (keyword == "workdir") return workdir_step(state, instruction);
    if (keyword == "arg") {
        for (const auto& word : instruction.args)
            if (auto declared = declare_arg(state, word); !declared) return declared;
        return commit_config(state, instruction);
    }
    if (auto applied = apply_config(state, keyword, instruction); !applied) return applied;
    return commit_config(state, instruction);
}

std::optional<std::string> Builder::stage_image(const std::string& name, size_t before) const {
    if (!plan_) return std::nullopt;
    auto index = plan_->stage_named(name, before);
    std::lock_guard lock(shared_mutex_);
    if (!index || !built_.contains(*index)) return std::nullopt;
    return built_.at(*index).image_id;
}

Result<> Builder::build_stage(StageState& state, const StagePlan& plan, const Stage& stage, size_t step, size_t total) {
    const ProgressStream& progress = *state.progress;
    auto stopped = [&]() -> Result<> {
        if (progress.gone()) return fail(ErrorCategory::System, "the client went away: build stopped");
        if (cancelled()) return fail(ErrorCategory::System, "build stopped: another stage failed");
        return {};
    };
    if (auto stop = stopped(); !stop) return stop;
    if (cache_from_) state.cache_sources.emplace(*cache_from_);
    progress.step(step, total, stage.from->original);
    if (auto based = from(state, plan, stage); !based) return based;
    for (const Instruction* instruction : stage.instructions) {
        if (auto stop = stopped(); !stop) return stop;
        progress.step(++step, total, instruction->original);
        if (auto done = dispatch(state, *instruction); !done) return done;
    }
    bool target = stage.index == plan.order.back();
    if (target && !request_.labels.empty()) {
        // As Docker: the `labels` parameter is one more LABEL step at the end.
        std::string line = "LABEL";
        for (const auto& [key, value] : request_.labels) line += " " + nlohmann::json(key).dump() + "=" + nlohmann::json(value).dump();
        auto parsed = dockerfile::parse_dockerfile(line);
        if (!parsed) return std::unexpected(as_error(parsed.error()));
        progress.step(++step, total, line);
        if (auto done = dispatch(state, parsed->instructions.front()); !done) return done;
    }
    if (state.image_id.empty()) {
        // FROM scratch and nothing else: Docker refuses an image of nothing.
        if (target) return fail(ErrorCategory::Invalid, "No image was generated. Is your Dockerfile empty?");
    }
    std::lock_guard lock(shared_mutex_);
    built_[stage.index] = state;
    return {};
}

std::expected<std::string, BuildFailure> Builder::run(const dockerfile::ParsedDockerfile& dockerfile) {
    auto failed = [this](const Error& error) {
        return std::unexpected(BuildFailure{error.message(), run_failed_code_.value_or(1)});
    };
    if (auto checked = dockerfile::check_dockerfile(dockerfile); !checked) return failed(as_error(checked.error()));
    escape_ = dockerfile.escape_token;
    std::vector<std::string> globals_so_far;
    auto plan = plan_stages(dockerfile, request_.target, [&](const std::string& word) {
        std::vector<std::string> entries;
        for (const auto& [name, value] : global_args_) entries.push_back(name + "=" + value);
        auto expanded = dockerfile::ShellLexer().process_word(word, dockerfile::env_from_list(entries));
        return expanded ? *expanded : word;
    });
    if (!plan) return failed(Error(ErrorCategory::Invalid, plan.error()));
    plan_ = &*plan;
    if (!request_.no_cache) cache_from_ = load_cache_sources();
    size_t total = plan->step_count() + (request_.labels.empty() ? 0 : 1);
    size_t step = 0;
    // The global ARGs: values for FROM lines and defaults for a stage's `ARG NAME`.
    for (const Instruction* instruction : plan->global_args) {
        progress_.step(++step, total, instruction->original);
        StageState globals;
        globals.args = global_args_;
        auto expanded = dockerfile::expand_instruction(*instruction, lookup(globals), escape_);
        if (!expanded) return failed(as_error(expanded.error()));
        for (const auto& word : expanded->instruction.args) {
            if (auto declared = declare_arg(globals, word); !declared) return failed(declared.error());
            global_declared_.insert(word.substr(0, word.find('=')));
        }
        global_args_ = globals.args;
    }
    if (auto built = build_stages(*plan, total); !built) return failed(built.error());

    std::vector<std::string> unused;
    for (const auto& [name, value] : request_.build_args)
        if (!consumed_.contains(name) && !predefined_arg(name)) unused.push_back(name);
    if (!unused.empty()) {
        std::string names;
        for (const auto& name : unused) names += (names.empty() ? "" : " ") + name;
        progress_.say(std::format("[Warning] One or more build-args [{}] were not consumed\n", names));
    }
    return built_.at(plan->order.back()).image_id;
}

Result<> Builder::with_image_root(const std::string& image, const std::function<Result<>(const std::string& root)>& use) {
    nlohmann::json body = {{"Image", image}, {"Cmd", {"/berth-build-copy"}}, {"Entrypoint", {""}},
                           {"HostConfig", {{"NetworkMode", "none"}}}};
    auto created = services_.containers.create("", body, api::kMaxApiVersion);
    if (!created) return std::unexpected(created.error().wrap("preparing to read {}", image));
    std::string id = created->value("Id", "");
    auto used = services_.containers.with_rootfs(
        id, [&](const containers::Container&, const std::string& root) { return use(root); },
        containers::ContainerService::RootView::OwnFiles);
    if (auto removed = services_.containers.remove(id, true, true); !removed)
        log::warn("build: removing the container {} that read {}: {}", id, image, removed.error().message());
    return used;
}

void BuildStop::stop() {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    if (on_stop_) on_stop_();
}

void BuildStop::attach(std::function<void()> on_stop) {
    std::lock_guard lock(mutex_);
    on_stop_ = std::move(on_stop);
    if (stopped_) on_stop_();
}

void BuildStop::detach() {
    std::lock_guard lock(mutex_);
    on_stop_ = {};
}

std::expected<std::string, BuildFailure> build_image(BuildServices& services, const BuildRequest& request,
                                                     const containers::TarSource& source, const BuildOutput& output,
                                                     BuildStop* stop) {
    ProgressStream progress(output, request.quiet);
    auto failed = [](const Error& error) { return std::unexpected(BuildFailure{error.message(), 1}); };
    // The tags are checked before any work, as Docker does.
    std::vector<images::Reference> tags;
    for (const auto& tag : request.tags) {
        auto reference = images::parse_reference(tag);
        if (!reference) return failed(Error(ErrorCategory::Invalid, std::format("invalid reference format: {}", tag)));
        if (reference->digest) return failed(Error(ErrorCategory::Invalid, "refusing to create a tag with a digest reference"));
        tags.push_back(images::with_default_tag(*reference));
    }
    // The context first: receiving it lasts as long as the upload, and a
    // stalled client must not hold the store's Busy lease (which stops prune).
    auto context = BuildContext::receive(services.images.scratch_path("build"), source);
    if (!context) return failed(context.error());
    images::ImageService::Busy busy(services.images); // what the steps commit stays until tagged
    auto text = context->dockerfile(request.dockerfile);
    if (!text) return failed(text.error());
    auto parsed = dockerfile::parse_dockerfile(*text);
    if (!parsed) return failed(as_error(parsed.error()));
    Builder builder(services, request, *context, progress);
    // Detached before the builder goes, however run() ends.
    struct Attached {
        BuildStop* stop;
        ~Attached() {
            if (stop) stop->detach();
        }
    } attached{stop};
    if (stop) stop->attach([&builder] { builder.cancel(); });
    auto id = builder.run(*parsed);
    if (!id) return id;
    progress.aux_id(*id);
    progress.say(std::format("Successfully built {}\n", ProgressStream::short_id(*id)));
    for (const auto& tag : tags) {
        auto tagged = services.images.tag(*id, tag.repository(), tag.tag.value_or("latest"));
        if (!tagged) return failed(tagged.error());
        progress.say(std::format("Successfully tagged {}\n", tag.familiar()));
    }
    progress.quiet_result(*id);
    return id;
}

} // namespace berth::build
