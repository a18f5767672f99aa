#pragma once
// What a container changed in its writable layer, as `docker diff` lists it
// (GET /containers/{id}/changes).
//
// Words: the *upper dir* is the overlay's writable layer (Snapshotter::changes);
// the *lowers* are the image's layer snapshots under it, read as one tree
// (images/layer_stack.h). Whiteouts (char devices 0/0) are deletions; a
// directory marked opaque (trusted.overlay.opaque=y) that hides a directory of
// the lowers was deleted and made anew.

#include "base/error.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace berth::containers {

// Docker's numbering (pkg/archive ChangeType), as the API sends it in "Kind".
enum class ChangeKind { Modified = 0, Added = 1, Deleted = 2 };

struct Change {
    std::string path; // inside the container: "/etc/passwd"
    ChangeKind kind = ChangeKind::Modified;
    bool operator==(const Change&) const = default;
};

// Sorted by path. Every directory above a changed entry (but "/") is listed as
// Modified unless it is itself Added or Deleted, as `docker diff` shows "C /etc"
// above "A /etc/new".
Result<std::vector<Change>> container_changes(const std::string& upper_dir, const std::vector<std::string>& lowers);
Result<std::vector<Change>> container_changes(const std::string& upper_dir, const std::string& lower_root);

// The same list where the writable layer is the whole tree (the vfs driver's):
// `root` compared with the image's layers (moby's naive diff). `changed_bytes`,
// when given, gets the bytes of the Added and Modified regular files (SizeRw).
Result<std::vector<Change>> tree_changes(const std::string& root, const std::vector<std::string>& lowers,
                                         uint64_t* changed_bytes = nullptr);

// The API's shape: [{"Path":"/tmp","Kind":0}, ...]; an empty list is [] (Docker
// sends null for "no changes"; clients accept both).
nlohmann::json changes_json(const std::vector<Change>& changes);

} // namespace berth::containers
