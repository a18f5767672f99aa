#pragma once
// An image's layer snapshots read as the one tree overlayfs would make of them:
// the topmost layer that has an entry wins; a whiteout deletes the entry from
// its layer down; an opaque directory hides what the layers below hold in it; a
// non-directory hides a lower layer's directory of the same name. Nothing is
// looked up through a symlink (a layer's absolute link must never lead to the
// host's files). Both whiteout spellings are read (whiteouts.h).

#include "base/unique_fd.h"

#include <optional>
#include <set>
#include <string>
#include <sys/stat.h>
#include <vector>

namespace berth::images {

class LayerStack {
public:
    // `layers` top layer first, as ImageService::layer_paths gives them; a
    // missing one holds nothing.
    explicit LayerStack(const std::vector<std::string>& layers);

    // The entry at `path` ("/etc/passwd"), nothing when the merged tree has none.
    std::optional<struct stat> lookup(const std::string& path) const;

    // The names the merged directory `path` holds ("/" for the top), without
    // whiteout markers; empty when it is not a directory of the merged tree.
    std::set<std::string> list(const std::string& path) const;

private:
    std::vector<UniqueFd> layers_;
};

} // namespace berth::images
