#pragma once
// A container's root filesystem over its image's layer snapshots.
//
// Words: a *layer snapshot* is an unpacked layer stack, read-only, shared by
// every image and container that uses it (ImageService::snapshot_path); a
// container's *writable layer* lives in its own directory (`dir`) and holds what
// the container changed; *mounting* presents both as one tree at <dir>/rootfs.
// Lifecycle: mount at start, unmount at stop (the writable layer stays, so a
// restart sees its files), remove at `docker rm`.
// Implementations: overlayfs (a writable upper dir over the lower snapshots;
// each layer passed alone with the new mount API's "lowerdir+", so an image may
// stack any number of them, or in one option string on kernels before 6.8);
// a copy driver for filesystems without overlay support is still to come.

#include "base/error.h"

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
    // The writable layer's directory: what the container added, changed or deleted.
    virtual std::string changes(const std::string& dir) const = 0;
    virtual Result<> remove(const std::string& dir) = 0;
};

std::unique_ptr<Snapshotter> make_overlay_snapshotter();

} // namespace berth::images
