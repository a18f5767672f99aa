#pragma once
// A container's root filesystem over its image's layer snapshots.
//
// Words: a *layer snapshot* is an unpacked layer stack, read-only, shared by
// every image and container that uses it (ImageService::snapshot_path); a
// container's *writable layer* lives in its own directory (`dir`) and holds what
// the container changed; *mounting* presents both as one tree at <dir>/rootfs.
// Lifecycle: mount at start, unmount at stop (the writable layer stays, so a
// restart sees its files), remove at `docker rm`.
// Implementations, chosen when berthd starts (make_snapshotter):
// - overlay2: a writable upper dir over the lower snapshots, each layer passed
//   alone with the new mount API's "lowerdir+", so an image may stack any number
//   of them (in one option string on kernels before 6.8). The writable layer
//   holds only what changed.
// - vfs, where overlayfs cannot be used (no overlay module, or a data root that
//   is itself on an overlay, as in a container): the snapshots copied into one
//   plain tree per container at its first mount (layer_copy.h), bind-mounted at
//   <dir>/rootfs. The writable layer is that whole tree; what changed is found
//   by comparing it with the image's layers, as Docker's vfs driver does.

#include "base/error.h"
#include "images/whiteouts.h"

#include <memory>
#include <string>
#include <vector>

namespace berth::images {

class Snapshotter {
public:
    virtual ~Snapshotter() = default;
    virtual std::string name() const = 0; // as `docker info` shows it (Driver)
    // `lowers` top layer first. Returns the mounted rootfs path.
    virtual Result<std::string> mount(const std::string& dir, const std::vector<std::string>& lowers) = 0;
    virtual Result<> unmount(const std::string& dir) = 0;
    // The writable layer's directory: what the container added, changed or
    // deleted (overlay2's upper dir), or its whole tree (vfs: copies_whole_tree).
    virtual std::string changes(const std::string& dir) const = 0;
    virtual bool copies_whole_tree() const = 0;
    virtual Result<> remove(const std::string& dir) = 0;
    // How layer snapshots must mark deletions for this driver (whiteouts.h).
    virtual WhiteoutFormat whiteouts() const = 0;
};

std::unique_ptr<Snapshotter> make_overlay_snapshotter();
std::unique_ptr<Snapshotter> make_vfs_snapshotter();

// Whether an overlay with its upper dir under `scratch_dir` (made and removed
// here) mounts: the error says why not.
Result<> probe_overlay(const std::string& scratch_dir);

// The driver `name` ("overlay2", "vfs"), or with "" overlay2 where the probe in
// `scratch_dir` mounts one and vfs elsewhere; `why` says how it was chosen.
// Docker's error for a driver that cannot be used.
Result<std::unique_ptr<Snapshotter>> make_snapshotter(const std::string& name, const std::string& scratch_dir,
                                                      std::string& why);

} // namespace berth::images
