#pragma once
// Which images exist and what names point at them. An image is its config blob
// (in the ContentStore): its ID is the config's digest, its layers the config's
// rootfs.diff_ids. This store keeps, in one JSON file replaced atomically, the
// images' records (layers, size, last tag time) and the references (tags), like
// dockerd's repositories.json.

#include "base/error.h"

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace berth::store {

// A compressed copy of one of an image's layers that the image owns without a
// manifest of its own naming it: relied on by its pull or load (which found
// the layer unpacked and kept by another image), or given to it when the image
// that was pulled with it went (ImageService's deletion), so that the one copy
// of a layer others stack keeps an owner; and what it is (a manifest's mediaType).
struct LayerBlob {
    std::string digest;     // "sha256:<hex>" of the compressed blob
    std::string media_type; // as the manifest it came from named it
    bool operator==(const LayerBlob&) const = default;
};

struct ImageRecord {
    std::string id;                    // "sha256:<config digest>"
    std::vector<std::string> diff_ids; // bottom layer first
    uint64_t size = 0;                 // bytes of the unpacked layers
    std::string last_tag_time;         // RFC 3339, empty when never tagged
    std::vector<std::string> blobs = {}; // what else in the content store is its own: manifests, compressed layers
    std::string parent = {};             // the image it was committed on ("" for imports, pulls, loads)
    std::map<std::string, LayerBlob> layer_blobs = {}; // DiffID -> a compressed copy it owns (LayerBlob)
};

// One layer blob given to a remaining record as another leaves (remove, release).
struct LayerBlobGift {
    std::string to;      // the receiving record's image ID (an image or a held record)
    std::string diff_id; // the layer
    LayerBlob blob;
};

class ImageStore {
public:
    static Result<std::unique_ptr<ImageStore>> open(std::string path);

    Result<> add(const ImageRecord& record);
    // The record and its references (fully qualified) in one write, which is
    // skipped when all of it is there already; a reference moves to this image.
    // A record added again keeps the layer blobs given to it before.
    Result<> add(const ImageRecord& record, const std::vector<std::string>& references, const std::string& now);
    // With `gifts`: their blobs go to the records they name in the same write
    // (a crash leaves the blobs owned by the one or the others, never by none).
    Result<> remove(const std::string& id, const std::vector<LayerBlobGift>& gifts = {});
    std::optional<ImageRecord> get(const std::string& id) const;
    // The image `id` was committed on, set when it has none (NotFound: no image `id`).
    Result<> set_parent_if_none(const std::string& id, const std::string& parent);
    std::vector<ImageRecord> list() const;

    // Records of deleted images that containers still use (`docker rmi -f` of
    // an image a stopped container was made from): out of every listing and
    // lookup above, but still the owners of their layers, config and blobs
    // until the last such container goes. `hold` moves an image there and
    // drops its names in one write (a crash leaves it either an image or
    // held); adding the same image again makes it an image again, owning what
    // the held record owned as well (a load of the image the record came from
    // names no blobs, but the held record's compressed layers may be the only
    // copy of them).
    Result<> hold(const std::string& id);
    Result<> release(const std::string& id, const std::vector<LayerBlobGift>& gifts = {});
    std::optional<ImageRecord> held(const std::string& id) const;
    std::vector<ImageRecord> held() const;

    // `reference` fully qualified ("docker.io/library/busybox:latest"); moves the tag
    // off any image that had it.
    Result<> tag(const std::string& reference, const std::string& id, const std::string& now);
    Result<> untag(const std::string& reference);
    std::optional<std::string> image_of(const std::string& reference) const;
    std::vector<std::string> references_to(const std::string& id) const;
    std::map<std::string, std::string> references() const; // reference -> image ID

    // Docker's lookup of a name that is not a reference: a full "sha256:<hex>" ID or
    // a unique prefix of one ("sha256:" optional). Ambiguous prefixes are an error.
    Result<std::optional<std::string>> find_by_id(const std::string& id_or_prefix) const;

private:
    explicit ImageStore(std::string path) : path_(std::move(path)) {}
    Result<> save() const; // with mutex_ held
    // Folds a held record of the same image into `record` and drops it (mutex_ held).
    void adopt_held(ImageRecord& record);
    // Hands `gifts` to their records, images or held (mutex_ held).
    void give(const std::vector<LayerBlobGift>& gifts);

    std::string path_;
    mutable std::mutex mutex_;
    std::map<std::string, ImageRecord> images_;
    std::map<std::string, ImageRecord> held_; // image ID -> record containers keep
    std::map<std::string, std::string> references_; // reference -> image ID
};

// The chain IDs of a layer stack, as the OCI image spec defines them: the first is
// the first DiffID, each next is sha256("<previous chain ID> <DiffID>").
std::vector<std::string> chain_ids(const std::vector<std::string>& diff_ids);

} // namespace berth::store
