#pragma once
// What the image endpoints do, without HTTP: import a rootfs tarball as a
// one-layer image, take in what a pull brings, find images by name or ID, describe them in the Engine API's
// shapes, tag, untag and delete them. Snapshots (unpacked layers, shared by every
// image whose layer stack starts the same) live in <data-root>/snapshots/<chain ID>:
// each holds its own layer's files (whiteouts in overlayfs form), stacked by overlayfs.

#include "api/filters.h"
#include "images/layer_unpacker.h"
#include "images/reference.h"
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

// Something happened to an image: "import", "tag", "untag", "delete".
using ImageEventSink =
    std::function<void(const std::string& action, const std::string& id, const std::string& name)>;

class ImageService {
public:
    ImageService(std::string data_root, store::ContentStore& content, store::ImageStore& images,
                 ImageEventSink events);

    Result<std::string> import(std::string_view tarball, const ImportOptions& options);

    // The ID an image name stands for: a reference ("busybox" is busybox:latest), a
    // full ID or a unique ID prefix. NotFound: "No such image: <name>".
    Result<std::string> resolve(std::string_view name) const;

    Result<nlohmann::json> inspect(std::string_view name) const;
    Result<nlohmann::json> list(const api::Filters& filters) const;
    Result<nlohmann::json> history(std::string_view name) const;
    Result<> tag(std::string_view name, std::string_view repository, std::string_view tag);
    // Docker's DELETE /images/{name}: untags, and deletes the image once no name is left.
    Result<nlohmann::json> remove(std::string_view name, bool force);

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
    std::map<std::string, std::string> references() const { return images_.references(); } // full reference -> ID
    std::vector<std::string> references_to(const std::string& id) const { return images_.references_to(id); }
    // Records "repo@sha256:..." for an image (after a push).
    Result<> add_digest_reference(const std::string& id, const Reference& reference);
    // Bytes of the layer's plain tar (0 for snapshots made before sizes were kept).
    uint64_t snapshot_size(const std::string& chain_id) const;

    std::string snapshot_path(const std::string& chain_id) const;
    // The unpacked layers of an image, top layer first, as a snapshotter stacks them.
    Result<std::vector<std::string>> layer_paths(const std::string& id) const;
    size_t count() const { return images_.list().size(); }

private:
    Result<std::string> unpack_snapshot(std::string_view tarball, std::string& diff_id, uint64_t& size);
    Result<> publish_snapshot(const std::string& partial, const std::string& chain_id, uint64_t size);
    nlohmann::json names(const std::string& id, bool digests) const;
    Result<> delete_image(const std::string& id, const std::string& name, nlohmann::json& report);
    nlohmann::json list_entry(const store::ImageRecord& record, const nlohmann::json& config) const;

    std::string data_root_;
    store::ContentStore& content_;
    store::ImageStore& images_;
    ImageEventSink events_;
    std::mutex delete_mutex_; // one deletion at a time decides what is still shared
};

} // namespace berth::images
