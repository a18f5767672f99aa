#pragma once
// Whole-file reads, crash-safe replacement, and what a directory tree weighs.

#include "base/error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace berth {

Result<std::string> read_file(const std::string& path);

enum class Durability {
    Durable, // fsync'ed: after a crash the file holds the old or the new content
    Replaced, // readers never see a partial file, but a crash may lose it: files
              // remade at every start (a container's /etc files, monitor.json)
};

// Writes to a temporary file beside `path` (unique per thread), renames it over
// `path`; Durable also fsyncs the file before and the directory after.
Result<> write_file_atomically(const std::string& path, std::string_view content, unsigned mode = 0644,
                               Durability durability = Durability::Durable);

// The names in the open directory `dir_fd` (without "." and ".."), sorted; the
// fd's position is left alone. Empty when it cannot be read.
std::vector<std::string> directory_entries(int dir_fd);

// The bytes under `path` as Docker counts a layer's, a container's changes or a
// volume (moby's directory.Size): every entry but directories, by its own size
// (a symlink's is its target's length; symlinks are not followed), each inode
// once (hard links); 0 when it is gone.
uint64_t tree_bytes(const std::string& path);

} // namespace berth
