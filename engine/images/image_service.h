#pragma once
// What the image endpoints do, without HTTP: import a rootfs tarball as a
// one-layer image, take in what a pull brings, find images by name or ID, describe them in the Engine API's
// shapes, tag, untag and delete them. Snapshots (unpacked layers, shared by every
// image whose layer stack starts the same) live in <data-root>/snapshots/<chain ID>:
// each holds its own layer's files, its whiteouts spelled for the storage driver
// (whiteouts.h; a file `whiteouts` saying "oci" marks the vfs spelling).

#include "api/filters.h"
#include "base/clock.h"
#include "images/layer_unpacker.h"
#include "images/reference.h"
#include "images/store_references.h"
#include "registry/manifest.h"
#include "store/content_store.h"
#include "store/image_store.h"

#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace berth::images {

struct ImportOptions {
    std::string repository;           // "busybox:test", "" for none
    std::string tag;                  // overrides a tag in `repository`
    std::string message;              // the history comment
    std::vector<std::string> changes; // Dockerfile instructions
};

// `docker commit`: the container's layer on top of its image.
struct CommitOptions {
    std::string repository;                // "app:v2", "" for none
    std::string tag;                       // overrides a tag in `repository`
    std::string comment;
    std::string author;
    std::vector<std::string> changes;      // Dockerfile instructions
    nlohmann::json config;                 // the request's Config, null for the container's own
    nlohmann::json container_config;       // the container's Config (Engine API shape)
    // For the builder (engine/build): the history's created_by instead of the
    // container's Cmd; `config` as the image's whole config (keys it lacks are
    // not taken from the container); with an empty parent_id (FROM scratch)
    // the new image starts from `scratch_config` (architecture, os).
    std::string created_by = {};
    bool exact_config = false;
    nlohmann::json scratch_config = {};
};
// Writes the container's layer as a tar through the sink it is given.
using LayerWriter = std::function<Result<>(const std::function<bool(std::string_view)>& sink)>;

// What of a container's Config an image config keeps ("config" in the OCI
// image spec): the keys an image carries, null ones left out.
nlohmann::json image_config_of(const nlohmann::json& container_config);

// Something happened to an image: "import", "tag", "untag", "delete", "pull",
// "push", "load", "save", "prune".
using ImageEventSink =
    std::function<void(const std::string& action, const std::string& id, const std::string& name)>;

// A container made from an image: while one exists the image stays.
struct ImageUser {
    std::string container_id;
    bool running = false;
};
using ImageUsers = std::function<std::vector<ImageUser>(const std::string& image_id)>;

class ImageService {
public:
    ImageService(std::string data_root, store::ContentStore& content, store::ImageStore& images,
                 ImageEventSink events);

    // `tarball` plain or compressed, read once.
    Result<std::string> import(const LayerReader& tarball, const ImportOptions& options);
    // A new image: `parent_id`'s layers and the one `write_layer` writes (none
    // when it is empty, as Docker marks it empty_layer), the config from the
    // container's with the changes applied. Returns its ID.
    Result<std::string> commit(const std::string& parent_id, const LayerWriter& write_layer,
                               const CommitOptions& options);
    // An image made of layers the store holds already, from its whole config
    // (the builder restoring a step from a `--cache-from` image's history, as
    // moby's restoreCachedImage): recorded as committed on `parent_id` ("" for
    // none), its top layer, if it adds one, an unpacked snapshot already. An
    // image with that config already is left as it is. Returns its ID.
    Result<std::string> add_from_layers(const std::string& parent_id, const nlohmann::json& config);
    // Records `parent_id` as the image `id` was committed on, when it has no
    // parent yet (a pulled image the builder's cache used whole, as moby's
    // SetParent): the local cache then finds it on that parent.
    Result<> adopt_parent(const std::string& id, const std::string& parent_id);

    // The ID an image name stands for: a reference ("busybox" is busybox:latest), a
    // full ID or a unique ID prefix. NotFound: "No such image: <name>".
    Result<std::string> resolve(std::string_view name) const;

    Result<nlohmann::json> inspect(std::string_view name) const;
    // Without `all`, as `docker images`: untagged images that others were
    // committed on (intermediate images) are left out.
    Result<nlohmann::json> list(const api::Filters& filters, bool all = true) const;
    Result<nlohmann::json> history(std::string_view name) const;
    Result<> tag(std::string_view name, std::string_view repository, std::string_view tag);
    // Docker's DELETE /images/{name}: untags, and deletes the image once no name is left;
    // with `prune_parents` (unless --no-prune) its parents that nothing else keeps go too.
    Result<nlohmann::json> remove(std::string_view name, bool force, bool prune_parents = true);
    // POST /images/prune: unused images, dangling ones only unless dangling=false
    // (filters until, label, label!); then, unless work is under way (see Busy),
    // snapshots and blobs no image owns. {"ImagesDeleted", "SpaceReclaimed"}.
    Result<nlohmann::json> prune(const api::Filters& filters);
    // The images part of GET /system/df: {"LayersSize", "Images"} with each
    // image's SharedSize (its layers other images use too) and Containers.
    nlohmann::json disk_usage() const;
    // An image event for what happened outside the service's own calls
    // ("pull", "push", "load", "save"), as dockerd publishes them.
    void announce(const std::string& action, const std::string& id, const std::string& name) const {
        events_(action, id, name);
    }
    // A container made from `id` is gone: when `id` was deleted while
    // containers used it (its record held, store::ImageStore::hold) and none
    // is left, what only it used goes now.
    void release_held(const std::string& id);
    // At start, once containers are known: held records no container uses
    // (berthd stopped between a container's removal and its release).
    void release_unused_held();
    // Who uses an image; set once the container service exists.
    void set_users(ImageUsers users) { users_ = std::move(users); }
    // What `created` and tag times read (the wall clock); a test's fixed clock
    // makes image IDs, and so a random sequence over them, replay exactly.
    void set_clock(std::function<int64_t()> clock) { clock_ = std::move(clock); }

    // The lease of work in flight on the store: held by what adds to it (a
    // pull, a load, an import, a commit), which may be about to use a snapshot
    // or blob no image owns yet, and by what reads an image's blobs while it
    // runs (a push, a save), whose image an rmi may delete meanwhile. While any
    // is held, deletions leave snapshots and blobs to a later prune, and prune
    // sweeps none (store_references.h says who else uses what).
    class Busy {
    public:
        explicit Busy(const ImageService& service);
        ~Busy();
        Busy(const Busy&) = delete;
        Busy& operator=(const Busy&) = delete;

    private:
        const ImageService& service_;
    };

    // What a pull needs: whether a layer stack is unpacked already, unpacking one
    // (published only once `verify` accepts, e.g. the compressed digest), and
    // recording the image with its tag and digest references.
    bool has_snapshot(const std::string& chain_id) const;
    // With `keep_tar` the layer's plain tar is kept as a blob too (a load; a pull
    // keeps the compressed blob instead).
    Result<uint64_t> add_snapshot(const LayerReader& source, const std::string& chain_id, const std::string& diff_id,
                                  const std::function<Result<>()>& verify, bool keep_tar = false);
    Result<> add_pulled(store::ImageRecord record, const std::vector<std::string>& references);
    store::ContentStore& content() const { return content_; }
    std::optional<store::ImageRecord> record(const std::string& id) const { return images_.get(id); }
    std::vector<store::ImageRecord> records() const { return images_.list(); }
    // An image's record, or the one containers hold since it was deleted.
    std::optional<store::ImageRecord> stored_record(const std::string& id) const;
    // Every record that owns snapshots and blobs: images and held ones.
    std::vector<store::ImageRecord> owning_records() const;
    std::map<std::string, std::string> references() const { return images_.references(); } // full reference -> ID
    std::vector<std::string> references_to(const std::string& id) const { return images_.references_to(id); }
    // Records "repo@sha256:..." for an image (after a push).
    Result<> add_digest_reference(const std::string& id, const Reference& reference);
    // The manifest the image was pulled with, while the image still owns it:
    // the one among its blobs whose config is the image and whose layers match
    // its DiffIDs in number. With `complete`, only when every layer blob is here too.
    struct PulledManifest {
        std::string text;
        std::string media_type;
        registry::ImageManifest manifest;
    };
    std::optional<PulledManifest> pulled_manifest(const store::ImageRecord& record, bool complete) const;
    // Every such manifest among its blobs (an image pulled by two tags, or
    // once gzip and once zstd, has two), in the record's order.
    std::vector<PulledManifest> pulled_manifests(const store::ImageRecord& record) const;
    // The same, one at a time, until `visit` returns false (each manifest is a blob read and parsed).
    void visit_pulled_manifests(const store::ImageRecord& record,
                                const std::function<bool(PulledManifest&)>& visit) const;
    // Where a layer's bytes are kept, the one answer for save, push and the
    // store check: its plain tar, or else a compressed blob of it that any
    // image (or record a container holds) owns: named by its pulled manifest,
    // or given to it when the image pulled with it went. A load
    // or pull that found the snapshot unpacked already keeps no copy of its
    // own, and owns the one it found (own_copy).
    struct LayerSource {
        std::string digest;
        std::string media_type; // as a manifest would name the blob
        bool compressed = false;
    };
    std::optional<LayerSource> layer_source(const std::string& diff_id) const;
    // The same answer among `records` only (those a deletion leaves).
    std::optional<LayerSource> layer_source_among(const std::vector<store::ImageRecord>& records,
                                                  const std::string& diff_id) const;
    // A compressed copy of the layer that `record` owns: one given to it
    // (store::LayerBlob), or the blob its pulled manifest names.
    std::optional<LayerSource> compressed_copy(const store::ImageRecord& record, const std::string& diff_id) const;
    // A pull or load that found a layer unpacked and kept by another image
    // (`kept`: layer_source's answer) fetches no copy of its own: its record
    // owns that copy too, when it is a compressed blob the record does not
    // list. Otherwise an rmi of the other image while the work runs (its
    // record not there yet to be given the blob) would leave the copy to the
    // next prune's sweep.
    static void own_copy(store::ImageRecord& record, const std::string& diff_id, const LayerSource& kept);
    // Bytes of the layer's plain tar (0 for snapshots made before sizes were kept).
    uint64_t snapshot_size(const std::string& chain_id) const;
    // The layer's size as Docker shows it (history, images, system df): its
    // files' bytes (tree_bytes), not its tar's headers and padding.
    uint64_t diff_size(const std::string& chain_id) const;

    std::string snapshot_path(const std::string& chain_id) const;
    // A fresh name for a scratch file in <data-root>/tmp (emptied at start).
    std::string scratch_path(std::string_view prefix) const;
    // The unpacked layers of an image, top layer first, as a snapshotter stacks them.
    Result<std::vector<std::string>> layer_paths(const std::string& id) const;
    // How new snapshots mark deletions (the storage driver's: Snapshotter::whiteouts).
    // Overlay respells the snapshots a vfs daemon left in the OCI spelling, so
    // overlayfs can stack them.
    Result<> set_whiteout_format(WhiteoutFormat format);
    size_t count() const { return images_.list().size(); }

    // An image the store check at start (store_check.h) could not repair: out
    // of listings, and every use of it fails with why, until it is removed.
    void mark_damaged(const std::string& id, const std::string& problem);
    // Fails ("image ... is damaged: ...") when `id` is marked damaged.
    Result<> check_usable(const std::string& id) const;

private:
    Result<std::string> unpack_snapshot(const LayerReader& tarball, std::string& diff_id, uint64_t& size);
    Result<> publish_snapshot(const std::string& partial, const std::string& chain_id, uint64_t size);
    nlohmann::json names(const std::string& id, bool digests) const;
    // Deletes the record (held while a container uses it), and (unless Busy)
    // what only it used; adds the bytes freed to `freed`.
    Result<> delete_image(const std::string& id, const std::string& name, nlohmann::json& report, uint64_t& freed);
    void free_unused(const store::ImageRecord& record, nlohmann::json& report, uint64_t& freed);
    Result<> check_users(const std::vector<ImageUser>& users, const std::string& id, bool force, bool names_left) const;
    bool has_children(const std::string& id) const; // images committed on it
    // The compressed blobs of `leaving` that are the only copy of a layer
    // other records stack, each given to one of them (ImageStore::remove).
    std::vector<store::LayerBlobGift> layer_blob_gifts(const store::ImageRecord& leaving) const;
    void prune_parents(std::string parent, nlohmann::json& report, uint64_t& freed);
    uint64_t sweep_unowned();
    void untag_reporting(const std::string& id, const std::string& stored, const std::string& shown,
                         nlohmann::json& report);
    nlohmann::json list_entry(const store::ImageRecord& record, const nlohmann::json& config) const;

    std::string data_root_;
    store::ContentStore& content_;
    store::ImageStore& images_;
    ImageEventSink events_;
    mutable std::mutex delete_mutex_; // one deletion at a time decides what is still shared
    mutable int busy_ = 0;            // Busy holders, guarded by delete_mutex_
    ImageUsers users_;
    std::function<int64_t()> clock_ = now_ns;
    WhiteoutFormat whiteouts_ = WhiteoutFormat::Overlay;
    mutable std::mutex damaged_mutex_;
    std::map<std::string, std::string> damaged_; // image ID -> what the store check found
};

} // namespace berth::images
