#pragma once
// Unpacks a layer tarball into a snapshot directory, and keeps the layer.
//
// The input may be plain or compressed (gzip, zstd, xz, bzip2: whatever
// libarchive recognises). berthd decompresses it once, hashing the plain tar
// (its digest is the layer's DiffID) and storing it as a blob, while a child
// process that has chroot()ed into the target extracts it: whatever the entries
// say (`..`, absolute paths, symlinks or hardlinks pointing out), nothing can be
// written outside the snapshot, because outside does not exist for the writer.

#include "base/error.h"
#include "images/whiteouts.h"
#include "store/content_store.h"

#include <functional>
#include <string>
#include <string_view>

namespace berth::images {

struct UnpackedLayer {
    std::string diff_id; // "sha256:..." of the uncompressed tar (also its blob's digest when kept)
    uint64_t size = 0;   // bytes of the uncompressed tar
};

// Hands over the layer's bytes as they come (compressed or not): fills `buffer`
// and says how much; 0 at the end.
using LayerReader = std::function<Result<size_t>(char* buffer, size_t size)>;

// Readers of bytes in memory (kept alive by the caller) and of a file.
LayerReader read_from_memory(std::string_view data);
Result<LayerReader> read_from_file(const std::string& path);

// OCI whiteouts become overlayfs ones (WhiteoutFormat::Overlay): `.wh.<name>`
// a 0/0 character device `<name>`, `.wh..wh..opq` the directory's
// trusted.overlay.opaque="y"; or stay the empty files they are (Oci, for vfs).
// `target` must exist and be empty. On error it may hold part of the layer: the
// caller unpacks into a temporary directory and publishes it only on success.
// With `keep_tar` the plain tar is stored as a blob under its DiffID.
Result<UnpackedLayer> unpack_layer(const LayerReader& source, const store::ContentStore& content,
                                   const std::string& target, bool keep_tar,
                                   WhiteoutFormat whiteouts = WhiteoutFormat::Overlay);

} // namespace berth::images
