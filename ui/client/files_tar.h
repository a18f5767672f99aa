#pragma once
// The tar streams of the archive API (GET/PUT /containers/{id}/archive), read
// and written here without Qt: the Files tab lists a directory from the headers
// alone, and extracts a download safely. Archives to send are made in files_tar_source.h.

#include "base/error.h"

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::ui::tar {

struct Entry {
    enum class Type { File, Directory, Symlink, Hardlink, Other };
    std::string path; // as in the archive, without a leading "./" or a trailing "/"
    Type type = Type::File;
    std::uint64_t size = 0;
    std::uint32_t mode = 0; // permission bits
    std::int64_t mtime = 0; // seconds since the epoch
    std::string link_target;
};

// Reads a tar stream fed in pieces of any size: ustar, GNU long names ('L', 'K')
// and pax paths ('x'). `on_entry` sees each header; `on_data` (may be empty)
// each piece of the entry's content. Returning false from either stops reading.
class StreamReader {
public:
    using EntryHandler = std::function<bool(const Entry&)>;
    using DataHandler = std::function<bool(const Entry&, std::string_view)>;
    StreamReader(EntryHandler on_entry, DataHandler on_data = {});

    // false once a handler asked to stop or the stream is malformed (see error()).
    bool feed(std::string_view bytes);
    bool finished() const { return finished_; }
    const std::string& error() const { return error_; }

private:
    bool header(const char* block);
    EntryHandler on_entry_;
    DataHandler on_data_;
    std::string block_; // a partial 512-byte block
    Entry current_;
    std::uint64_t data_left_ = 0, padding_left_ = 0;
    enum class Pending { None, LongName, LongLink, Pax } pending_ = Pending::None;
    std::string pending_text_, long_name_, long_link_;
    bool finished_ = false, stopped_ = false;
    std::string error_;
};

// Writes the entries of a downloaded archive under `destination`, refusing any
// that would land outside it: absolute paths, "..", and symlinks that point out
// (links are made last, so no file is written through one). Hard links become copies.
class SafeExtractor {
public:
    explicit SafeExtractor(std::filesystem::path destination);
    bool entry(const Entry& entry);
    bool data(const Entry& entry, std::string_view bytes);
    // Makes the deferred symlinks; the count of entries written.
    Result<int> finish();
    const std::vector<std::string>& refused() const { return refused_; }

private:
    std::filesystem::path destination_;
    std::FILE* file_ = nullptr;
    std::vector<std::pair<std::filesystem::path, std::string>> links_;
    std::vector<std::string> refused_;
    std::string error_;
    int written_ = 0;
};

// The archive path `entry` made relative to the destination, or an empty path
// when it would escape it.
std::filesystem::path contained_path(std::string_view archive_path);

} // namespace berth::ui::tar
