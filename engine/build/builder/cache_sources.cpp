#include "build/builder/cache_sources.h"

#include <algorithm>

namespace berth::build {

bool continues(const CacheImage& source, const CacheImage* parent) {
    if (source.history.empty()) return false;
    if (!parent || (parent->history.empty() && parent->diff_ids.empty())) return true;
    if (parent->history.size() >= source.history.size()) return false;
    if (parent->diff_ids.size() > source.diff_ids.size()) return false;
    auto same_entry = [](const CacheHistoryEntry& a, const CacheHistoryEntry& b) { return a.whole == b.whole; };
    return std::equal(parent->history.begin(), parent->history.end(), source.history.begin(), same_entry) &&
           std::equal(parent->diff_ids.begin(), parent->diff_ids.end(), source.diff_ids.begin());
}

std::optional<SourceHit> match_in_history(const CacheImage& source, const CacheImage* parent,
                                          std::string_view created_by) {
    if (!continues(source, parent)) return std::nullopt;
    size_t position = parent ? parent->history.size() : 0;
    const CacheHistoryEntry& entry = source.history[position];
    if (entry.created_by != created_by) return std::nullopt;
    SourceHit hit{&source, position, std::nullopt, position + 1 == source.history.size()};
    if (entry.empty_layer) return hit;
    // The entry's layer: the one after the layers of the entries before it.
    size_t layer = static_cast<size_t>(std::count_if(source.history.begin(), source.history.begin() + static_cast<long>(position),
                                                     [](const CacheHistoryEntry& before) { return !before.empty_layer; }));
    if (layer >= source.diff_ids.size()) return std::nullopt; // a history that names more layers than the image has
    // A parent with layers the source's history marks empty cannot be continued
    // with this layer: the stack would not be the source's.
    if (parent && parent->diff_ids.size() != layer) return std::nullopt;
    hit.layer = source.diff_ids[layer];
    return hit;
}

std::optional<SourceHit> CacheSources::find(const CacheImage* parent, std::string_view created_by) {
    for (auto& image : images_) {
        auto hit = match_in_history(image, parent, created_by);
        if (!hit) continue;
        if (!hit->last && images_.size() > 1) {
            CacheImage chosen = std::move(image);
            images_.clear();
            images_.push_back(std::move(chosen));
            hit->source = &images_.front();
        }
        return hit;
    }
    return std::nullopt;
}

} // namespace berth::build
