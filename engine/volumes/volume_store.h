#pragma once
// The volumes on disk, in Docker's layout: <root>/<name>/_data holds the data,
// <root>/<name>/berth-volume.json what the API shows (volume.h). Nothing here
// knows about containers: who uses a volume is VolumeService's business.
//
// Crash safety, because volumes hold what people care about:
// - create writes the metadata last; a directory left without it by a crash is
//   adopted (metadata written, data kept) when the name is created again.
// - remove renames the directory out of the way (<root>/.removing-<name>-<n>)
//   before deleting it, so a volume is either all there or gone; what a crash
//   left there goes at the next open. A _data that is a mount point (a volume
//   with options still mounted) is never deleted through: remove refuses.
// - populate (the image's files copied into a new volume) fills a sibling
//   directory and swaps it with the empty _data in one renameat2(EXCHANGE): a
//   crash mid copy leaves _data untouched and empty.

#include "base/error.h"
#include "volumes/volume.h"

#include <functional>
#include <string>
#include <vector>

namespace berth::volumes {

class VolumeStore {
public:
    // Makes `root` if needed and clears what interrupted removals left.
    static Result<VolumeStore> open(std::string root);

    // A new volume; Conflict if the name exists (the caller decides whether that is fine).
    Result<Volume> create(Volume volume);
    Result<Volume> get(const std::string& name) const; // NotFound: "get NAME: no such volume"
    std::vector<Volume> list() const;                  // sorted by name
    Result<> remove(const std::string& name);

    // Fills an empty volume: `fill` writes into the directory it is given. A
    // volume with files already is left alone (Docker copies only into empty ones).
    Result<> populate(const std::string& name, const std::function<Result<>(const std::string& dir)>& fill);
    bool empty(const std::string& name) const;
    int64_t size(const std::string& name) const; // bytes of its files

    std::string data_path(const std::string& name) const { return root_ + "/" + name + "/_data"; }

private:
    explicit VolumeStore(std::string root) : root_(std::move(root)) {}
    std::string metadata_path(const std::string& name) const { return root_ + "/" + name + "/berth-volume.json"; }

    std::string root_;
};

// Whether `path` is the root of a mount (a volume with options while mounted).
bool is_mount_point(const std::string& path);

} // namespace berth::volumes
