#pragma once
// Who uses what in the image store: the one answer every deleter (rmi, image
// prune, the sweep of what nothing owns, the check at start) asks before a
// blob or a snapshot goes.
//
// An image uses its config blob, the plain tar of each of its layers (its
// DiffIDs: the tar a push uploads and a pull of that push names again), the
// blobs it owns (manifests, compressed layers, and the compressed layers given
// to it when the image pulled with them went) and the snapshot of every chain
// ID of its layer stack. One image's compressed layer may be another's plain
// tar, and one image's lower layers another's whole stack: so whether a blob
// or snapshot is used is asked of every image at once, never of one image's
// lists. Containers use what their image uses (an image stays while a
// container needs it); work in flight (a pull, push, load, import, commit or
// save) holds an ImageService::Busy lease, while which nothing is removed.

#include "store/image_store.h"

#include <set>
#include <string>
#include <vector>

namespace berth::images {

class StoreReferences {
public:
    explicit StoreReferences(const std::vector<store::ImageRecord>& images);

    bool uses_blob(const std::string& digest) const { return blobs_.contains(digest); }
    // `chain_id` "sha256:<hex>", as store::chain_ids gives them.
    bool uses_snapshot(const std::string& chain_id) const { return snapshots_.contains(chain_id); }

    // What of `image` (no longer among the images) nothing uses any more:
    // snapshots as chain IDs, top of the stack first; blobs in no set order.
    struct Unused {
        std::vector<std::string> snapshots;
        std::vector<std::string> blobs;
    };
    Unused unused_of(const store::ImageRecord& image) const;

private:
    std::set<std::string> blobs_;
    std::set<std::string> snapshots_;
};

} // namespace berth::images
