// The build cache, as Docker's classic builder keeps it: no store of its own,
// the images the steps committed are the cache (so it survives a restart and
// goes with `docker image prune`). A step hits when an image whose parent is
// the step's image has the same last history line and the same config.

#include "build/builder/builder.h"

namespace berth::build {

bool Builder::use_cache(StageState& state, const std::string& created_by) {
    if (request_.no_cache || state.image_id.empty()) return false;
    nlohmann::json wanted = images::image_config_of(state.config);
    for (const auto& record : services_.images.records()) {
        if (record.parent != state.image_id || !services_.images.check_usable(record.id)) continue;
        auto text = services_.images.content().read(record.id);
        if (!text) continue;
        auto config = nlohmann::json::parse(*text, nullptr, false);
        if (!config.is_object() || !config.contains("history") || !config["history"].is_array() ||
            config["history"].empty() || !config["history"].back().is_object())
            continue;
        if (config["history"].back().value("created_by", "") != created_by) continue;
        if (config.value("config", nlohmann::json::object()) != wanted) continue;
        if (config.value("author", "") != state.author) continue;
        state.image_id = record.id;
        state.progress->say(" ---> Using cache\n");
        state.progress->image(record.id);
        return true;
    }
    return false;
}

} // namespace berth::build
