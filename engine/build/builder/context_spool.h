#pragma once
// The build context as it arrived: its plain tar (decompressed when the client
// compressed it) written as it comes to one unlinked spool file, sequential
// writes only, and an index of its entries by name. Nothing is extracted
// while the upload is read; `extract` later writes the entries a step reads
// into the context directory, by replaying their bytes of the spool through
// containers/archive's chrooted extractor (so modes, owners, times and links
// are what a whole extraction gives). Hostile entries (`../`, links leading
// out) are refused while the upload is read, by extract_tar's own rules.
//
// Memory: the index (an entry is its name, its link target and a few numbers:
// ~2 MB for 20,000 files) and one read buffer, whatever the context's size.

#include "base/error.h"
#include "base/unique_fd.h"
#include "containers/archive/archive.h"

#include <cstdint>
#include <map>
#include <string>
#include <sys/types.h>
#include <vector>

namespace berth::build {

class ContextSpool {
public:
    struct Entry {
        uint64_t start = 0; // the entry's bytes in the spool: its headers (pax, long names), data, padding
        uint64_t end = 0;
        mode_t type = 0;    // S_IFREG, S_IFDIR, S_IFLNK, ...
        std::string link;   // a symlink's target as written; a hardlink's target name ("a/b")
        bool hardlink = false;
        bool extracted = false;
    };

    // Reads `tar` to its end into a new file at `spool_path`, unlinked at once.
    static Result<ContextSpool> receive(const std::string& spool_path, const containers::TarSource& tar);

    // An entry by its name in the context ("a/b"), null when the tar has none.
    const Entry* find(const std::string& name) const;
    // The names directly below `dir` ("" the top), sorted; directories the
    // tar implies (it has "a/b" but no "a") included.
    std::vector<std::string> children(const std::string& dir) const;
    // Whether `name` is a directory, given or implied.
    bool directory(const std::string& name) const;

    // Extracts into `root` the entries named ("" the whole context), a
    // directory with all below it, with their parent directories and the
    // targets of hardlinks among them. What was extracted before is not again.
    Result<> extract(const std::string& root, const std::vector<std::string>& names);
    // Entries the index cannot place alone (one written through a link or a
    // file, a name given twice, a hardlink to nothing before it): any
    // extraction is then the whole context, in the tar's order, as before.
    bool irregular() const { return irregular_; }

private:
    // Indexes an entry (the last of a name wins, as in extraction).
    Entry& add(const std::string& name, Entry entry);
    Result<> replay(const std::string& root, std::vector<std::pair<uint64_t, uint64_t>> ranges);

    UniqueFd fd_;
    uint64_t size_ = 0;
    std::map<std::string, Entry> entries_;
    bool irregular_ = false;
    bool all_extracted_ = false;
};

} // namespace berth::build
