// The build cache, as Docker's classic builder keeps it: no store of its own,
// the images the steps committed are the cache (so it survives a restart and
// goes with `docker image prune`). A step hits when an image whose parent is
// the step's image has the same last history line and the same config.
// With `cachefrom` (cache_sources.h) a local hit counts only when it is in a
// source's parent chain, and otherwise the sources' histories are asked: a
// step found there is restored on the step's image from the source's entry
// and layer, with the build's own config (moby's ImageCache.GetCache).

#include "build/builder/builder.h"

#include "base/log.h"

namespace berth::build {
namespace {

std::optional<nlohmann::json> read_config(const images::ImageService& images, const std::string& id) {
    auto text = images.content().read(id);
    if (!text) return std::nullopt;
    auto config = nlohmann::json::parse(*text, nullptr, false);
    if (!config.is_object()) return std::nullopt;
    return config;
}

nlohmann::json history_of(const nlohmann::json& config) {
    auto history = config.value("history", nlohmann::json());
    return history.is_array() ? history : nlohmann::json::array();
}

CacheImage as_cache_image(const std::string& id, const nlohmann::json& config) {
    CacheImage image{id, {}, {}};
    for (const auto& entry : history_of(config)) {
        if (!entry.is_object()) continue;
        image.history.push_back({entry.value("created_by", ""), entry.value("empty_layer", false), entry.dump()});
    }
    auto diff_ids = config.value("rootfs", nlohmann::json::object()).value("diff_ids", nlohmann::json());
    if (diff_ids.is_array())
        for (const auto& diff_id : diff_ids)
            if (diff_id.is_string()) image.diff_ids.push_back(diff_id.get<std::string>());
    return image;
}

} // namespace

std::optional<std::vector<CacheImage>> Builder::load_cache_sources() const {
    if (request_.cache_from.empty()) return std::nullopt;
    std::vector<CacheImage> sources;
    for (const auto& name : request_.cache_from) {
        // As dockerd: an image it cannot find is skipped, with a line in the daemon's log only.
        auto id = services_.images.resolve(name);
        if (id) {
            if (auto usable = services_.images.check_usable(*id); !usable) id = std::unexpected(usable.error());
        }
        std::optional<nlohmann::json> config;
        if (id) config = read_config(services_.images, *id);
        if (!id || !config) {
            log::warn("Could not look up {} for cache resolution, skipping: {}", name,
                      id ? "its config cannot be read" : id.error().message());
            continue;
        }
        sources.push_back(as_cache_image(*id, *config));
    }
    return sources;
}

bool Builder::in_source_chain(const StageState& state, const std::string& id) const {
    for (const auto& source : state.cache_sources->images()) {
        std::string at = source.id;
        for (int depth = 0; !at.empty() && depth < 10'000; ++depth) { // bounded: a store is never cyclic, but a walk must end
            if (at == id) return true;
            auto record = services_.images.record(at);
            if (!record) break;
            at = record->parent;
        }
    }
    return false;
}

std::optional<std::string> Builder::local_cache_hit(const StageState& state, const std::string& created_by) const {
    if (state.image_id.empty()) return std::nullopt;
    nlohmann::json wanted = images::image_config_of(state.config);
    for (const auto& record : services_.images.records()) {
        if (record.parent != state.image_id || !services_.images.check_usable(record.id)) continue;
        auto config = read_config(services_.images, record.id);
        if (!config) continue;
        auto history = history_of(*config);
        if (history.empty() || !history.back().is_object()) continue;
        if (history.back().value("created_by", "") != created_by) continue;
        if (config->value("config", nlohmann::json::object()) != wanted) continue;
        if (config->value("author", "") != state.author) continue;
        if (state.cache_sources && !in_source_chain(state, record.id)) continue;
        return record.id;
    }
    return std::nullopt;
}

Result<std::optional<std::string>> Builder::source_cache_hit(StageState& state, const std::string& created_by) {
    std::optional<nlohmann::json> parent_config;
    std::optional<CacheImage> parent;
    if (!state.image_id.empty()) {
        parent_config = read_config(services_.images, state.image_id);
        if (!parent_config) return fail(ErrorCategory::System, "reading the config of {}", state.image_id);
        parent = as_cache_image(state.image_id, *parent_config);
    }
    auto hit = state.cache_sources->find(parent ? &*parent : nullptr, created_by);
    if (!hit) return std::optional<std::string>();
    nlohmann::json wanted = images::image_config_of(state.config);
    const CacheImage& source = *hit->source;
    if (hit->last) {
        // The source is the step's image, if its config is the build's (a
        // config-only step's line may name a variable whose value differs).
        auto config = read_config(services_.images, source.id);
        if (config && config->value("config", nlohmann::json::object()) == wanted &&
            config->value("author", "") == state.author) {
            if (auto adopted = services_.images.adopt_parent(source.id, state.image_id); !adopted)
                return std::unexpected(adopted.error().wrap("recording the parent of {}", source.id));
            return std::optional(source.id);
        }
    }
    // Restored: the parent's config with the source's entry and layer on it.
    nlohmann::json config = parent_config ? *parent_config
                                          : nlohmann::json{{"architecture", services_.go_arch}, {"os", "linux"}};
    nlohmann::json entry = nlohmann::json::parse(source.history[hit->position].whole);
    config["config"] = wanted;
    if (entry.contains("created")) config["created"] = entry["created"]; // as moby: the entry's time, so a restore is the same image each time
    else config.erase("created");
    if (state.author.empty()) config.erase("author");
    else config["author"] = state.author;
    auto history = history_of(config);
    history.push_back(entry);
    config["history"] = history;
    std::vector<std::string> diff_ids = parent ? parent->diff_ids : std::vector<std::string>{};
    if (hit->layer) diff_ids.push_back(*hit->layer);
    config["rootfs"] = {{"type", "layers"}, {"diff_ids", diff_ids}};
    auto id = services_.images.add_from_layers(state.image_id, config);
    if (!id) return std::unexpected(id.error().wrap("restoring a cached step from {}", source.id));
    return std::optional(*id);
}

Result<bool> Builder::use_cache(StageState& state, const std::string& created_by) {
    if (request_.no_cache) return false;
    std::optional<std::string> hit = local_cache_hit(state, created_by);
    if (!hit && state.cache_sources) {
        auto restored = source_cache_hit(state, created_by);
        if (!restored) return std::unexpected(restored.error());
        hit = *restored;
    }
    if (!hit) return false;
    state.image_id = *hit;
    state.progress->say(" ---> Using cache\n");
    state.progress->image(*hit);
    return true;
}

} // namespace berth::build
