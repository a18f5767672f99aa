#pragma once
// The vfs driver's container tree: an image's layer snapshots applied one over
// the other, bottom layer first, into a plain directory, as overlayfs would
// show them merged (a whiteout deletes, an opaque directory is emptied first, a
// later entry replaces an earlier one). Owners, modes, times, xattrs, hard
// links within a layer, devices and fifos are kept. Every lookup is relative to
// an open directory and never follows a symlink, so a link one layer made
// cannot send a later layer's files out of `target`.

#include "base/error.h"

#include <string>
#include <vector>

namespace berth::images {

// `layers` top layer first (ImageService::layer_paths); `target` an empty directory.
Result<> copy_layers(const std::vector<std::string>& layers, const std::string& target);

} // namespace berth::images
