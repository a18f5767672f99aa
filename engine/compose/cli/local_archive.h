#pragma once
// The local side of `compose cp`, as the docker CLI does it: a host path packed
// into a tar whose top entry carries the name the container should see, and a
// tar from the container unpacked under a host directory with its top entry
// renamed. Owners are not restored (the files belong to whoever runs berth)
// unless `keep_owners` (-a); paths that would climb out of the directory are refused.

#include "base/error.h"

#include <filesystem>
#include <functional>
#include <map>
#include <string>

namespace berth::compose::cli {

// `source` (a file, a directory and what it holds, or a symlink as a link) as a tar
// whose first path element is `top_name` ("." for a directory's content only; ""
// for a build context: what the directory holds, by relative names, no top entry).
// `left_out(relative)`, when given, drops a path (and, unless `look_inside`, what
// a dropped directory holds): a build context's .dockerignore.
struct PackFilter {
    std::function<bool(const std::string& relative)> left_out;
    bool look_inside = false; // an exception pattern may bring back something below
    // Files made in memory, by name relative to the source: added after the
    // walk, in place of a file of the same name on disk.
    std::map<std::string, std::string> written;
};
Result<std::string> pack_path(const std::filesystem::path& source, const std::string& top_name,
                              const PackFilter& filter = {});

// Unpacks `tar` into `directory`; the entries whose first path element is
// `from_top` get `to_top` instead (empty `from_top`: names kept).
Result<> unpack_into(const std::string& tar, const std::filesystem::path& directory, const std::string& from_top,
                     const std::string& to_top, bool keep_owners);

} // namespace berth::compose::cli
