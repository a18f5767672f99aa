#pragma once
// A tar made while it is read, for streamed uploads (PUT
// /containers/{id}/archive, POST /build's context): each header is made when
// its turn comes and a file's content goes from disk straight into the
// reader's buffer. Memory holds one header and the names still to visit, never
// the content, so a 10 GB file costs what a 10 byte one does.

#include "base/error.h"
#include "base/unique_fd.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace berth::ui::tar {

class PackSource {
public:
    // Asked of every name below a tree's root ("src/main.c"): whether it goes in.
    using Include = std::function<bool(const std::string& name, bool is_directory)>;

    // `sources` (files, directories, symlinks), each under its own base name.
    static PackSource of_paths(const std::vector<std::filesystem::path>& sources);
    // What is below `root`, named relative to it, keeping what `include` accepts
    // (a build context with its .dockerignore applied). A directory left out is still walked.
    static PackSource of_tree(const std::filesystem::path& root, Include include);

    // Fills `buffer` with the next bytes of the archive and returns how many; 0 once it has ended.
    Result<size_t> read(std::span<char> buffer);

private:
    struct Item {
        std::filesystem::path source;
        std::string name; // in the archive
        bool included = true;
    };
    PackSource() = default;
    Result<> start(const Item& item); // queues its header (and opens a file's content)
    void push_children(const std::filesystem::path& directory, const std::string& prefix);
    void queue(size_t zero_bytes);

    std::vector<Item> todo_; // a stack: the next item is at the back
    Include include_;        // empty: everything goes in
    std::string pending_;    // header or padding bytes not read yet, from pending_at_
    size_t pending_at_ = 0;
    UniqueFd file_;
    std::filesystem::path file_path_;
    std::uint64_t file_left_ = 0;
    size_t file_padding_ = 0;
    bool ended_ = false;
};

// The whole archive of `source` in memory (small archives and tests).
Result<std::string> read_all(PackSource source);

} // namespace berth::ui::tar
