#include "images/store_references.h"

#include <algorithm>

namespace berth::images {

StoreReferences::StoreReferences(const std::vector<store::ImageRecord>& images) {
    for (const auto& image : images) {
        blobs_.insert(image.id);
        blobs_.insert(image.diff_ids.begin(), image.diff_ids.end());
        blobs_.insert(image.blobs.begin(), image.blobs.end());
        for (const auto& [diff_id, blob] : image.layer_blobs) blobs_.insert(blob.digest);
        for (const auto& chain_id : store::chain_ids(image.diff_ids)) snapshots_.insert(chain_id);
    }
}

StoreReferences::Unused StoreReferences::unused_of(const store::ImageRecord& image) const {
    Unused unused;
    auto chain = store::chain_ids(image.diff_ids);
    for (auto it = chain.rbegin(); it != chain.rend(); ++it)
        if (!uses_snapshot(*it) && std::ranges::find(unused.snapshots, *it) == unused.snapshots.end())
            unused.snapshots.push_back(*it);
    auto consider = [&](const std::string& digest) {
        if (!uses_blob(digest) && std::ranges::find(unused.blobs, digest) == unused.blobs.end())
            unused.blobs.push_back(digest);
    };
    consider(image.id);
    for (const auto& diff_id : image.diff_ids) consider(diff_id);
    for (const auto& blob : image.blobs) consider(blob);
    for (const auto& [diff_id, blob] : image.layer_blobs) consider(blob.digest);
    return unused;
}

} // namespace berth::images
