#pragma once
// `docker save` and `docker load`: images in and out of one tar.
//
// save writes what Docker 25 writes, an OCI image layout that is also a
// docker-archive: blobs/sha256/<hex> (configs, uncompressed layer tars, OCI
// manifests), index.json (names in the io.containerd.image.name and
// org.opencontainers.image.ref.name annotations), oci-layout, and the legacy
// manifest.json (Config, RepoTags, Layers as paths into the tar) and
// repositories files. load reads that, the older docker-archive layout
// (<id>/layer.tar, <id>.json, symlinked duplicate layers) and plain OCI layouts
// (nested indexes, gzip or zstd layers), compressed or not.
//
// The archive is untrusted: entry names with ".." or a leading "/", and
// symlinks leading out of it, are refused; every blob an OCI descriptor names is
// checked against its digest and every layer against the config's DiffID before
// anything is published. Layers go through the same chrooted unpacker as pulls.

#include "base/error.h"
#include "images/image_service.h"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::images {

// Receives the archive piece by piece; false stops it (the reader left).
using ArchiveSink = std::function<bool(std::string_view)>;

// `names` as `docker save` takes them: a tag ("busybox:1.36"), a repository
// alone (every tag it has), an ID or ID prefix (saved without a name), a
// digest reference. NotFound for the first name that is none of these.
Result<> save_images(const ImageService& service, const std::vector<std::string>& names, const ArchiveSink& sink);

// Where an archive to load is: in memory, or in a file (a spooled upload).
struct ArchiveSource {
    std::string_view data;
    std::string path; // used when set
};

// Loads every image of the archive; returns the lines `docker load` prints
// ("Loaded image: busybox:latest", "Loaded image ID: sha256:...").
Result<std::vector<std::string>> load_images(ImageService& service, const ArchiveSource& archive);

} // namespace berth::images
