#include "build/builder/context_spool.h"

#include "images/archive_error.h"

#include <archive.h>
#include <algorithm>
#include <archive_entry.h>
#include <array>
#include <cerrno>
#include <fcntl.h>
#include <memory>
#include <optional>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

namespace berth::build {
namespace {

constexpr size_t kBufferSize = 256 * 1024;

struct ReaderFree {
    void operator()(archive* a) const { archive_read_free(a); }
};
using Reader = std::unique_ptr<archive, ReaderFree>;

// The upload's plain tar (decompressed), each piece written to the spool
// before the indexing reader sees it.
struct SpooledTar {
    containers::PlainStream* plain = nullptr;
    int spool = -1;
    uint64_t size = 0;
    std::optional<Error> error;
    std::unique_ptr<std::array<char, kBufferSize>> buffer = std::make_unique<std::array<char, kBufferSize>>();

    static la_ssize_t read(archive*, void* self, const void** out) {
        auto* tar = static_cast<SpooledTar*>(self);
        auto piece = tar->plain->read(*tar->buffer);
        if (!piece) {
            tar->error = piece.error();
            return -1;
        }
        for (size_t written = 0; written < piece->size();) {
            ssize_t put = ::write(tar->spool, piece->data() + written, piece->size() - written);
            if (put < 0 && errno == EINTR) continue;
            if (put < 0) {
                tar->error = Error::from_errno(errno, "writing the build context's spool");
                return -1;
            }
            written += static_cast<size_t>(put);
        }
        tar->size += piece->size();
        *out = piece->data();
        return static_cast<la_ssize_t>(piece->size());
    }
};

std::vector<std::string> parents_of(const std::string& name) {
    std::vector<std::string> parents;
    for (size_t slash = name.find('/'); slash != std::string::npos; slash = name.find('/', slash + 1))
        parents.push_back(name.substr(0, slash));
    return parents;
}

} // namespace

Result<ContextSpool> ContextSpool::receive(const std::string& spool_path, const containers::TarSource& tar) {
    ContextSpool spool;
    spool.fd_ = UniqueFd(::open(spool_path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (!spool.fd_) return fail_errno("making the build context's spool {}", spool_path);
    ::unlink(spool_path.c_str()); // the descriptor is enough; nothing to remove later
    containers::PlainStream plain(tar);
    SpooledTar spooled;
    spooled.plain = &plain;
    spooled.spool = spool.fd_.get();
    Reader reader(archive_read_new());
    archive_read_support_format_tar(reader.get());
    archive_read_support_format_gnutar(reader.get());
    auto failed = [&]() -> Result<ContextSpool> {
        if (spooled.error) return std::unexpected(spooled.error->wrap("reading the build context"));
        return fail(ErrorCategory::Invalid, "reading the build context: {}", images::archive_error(reader.get()));
    };
    auto empty_upload = [&] { return spooled.size == 0 && !spooled.error; }; // an empty context, as before
    if (archive_read_open(reader.get(), &spooled, nullptr, &SpooledTar::read, nullptr) != ARCHIVE_OK)
        return empty_upload() ? Result<ContextSpool>(std::move(spool)) : failed();
    archive_entry* entry = nullptr;
    int status;
    Entry* previous = nullptr;
    while ((status = archive_read_next_header(reader.get(), &entry)) == ARCHIVE_OK) {
        auto start = static_cast<uint64_t>(archive_read_header_position(reader.get()));
        if (previous) previous->end = start;
        previous = nullptr;
        const char* raw_name = archive_entry_pathname(entry);
        if (!raw_name) return fail(ErrorCategory::Invalid, "reading the build context: an entry without a name");
        mode_t type = archive_entry_filetype(entry);
        const char* hardlink = archive_entry_hardlink(entry);
        if (auto refusal = containers::tar_entry_refusal(raw_name, type, hardlink, archive_entry_symlink(entry), "/"))
            return fail(ErrorCategory::Invalid, "reading the build context: {}", *refusal);
        if (std::string name = containers::tar_entry_name(raw_name); name != ".") {
            Entry indexed;
            indexed.start = start;
            indexed.type = type;
            if (hardlink) {
                indexed.link = containers::tar_entry_name(hardlink);
                indexed.hardlink = true;
            } else if (type == S_IFLNK) {
                indexed.link = archive_entry_symlink(entry);
            }
            previous = &spool.add(name, std::move(indexed));
        }
        if (archive_read_data_skip(reader.get()) != ARCHIVE_OK) return failed();
    }
    if (status != ARCHIVE_EOF) return empty_upload() ? Result<ContextSpool>(std::move(spool)) : failed();
    spool.size_ = spooled.size;
    if (previous) previous->end = spool.size_; // the end blocks too, which the extractor stops at
    return spool;
}

ContextSpool::Entry& ContextSpool::add(const std::string& name, Entry entry) {
    for (const auto& parent : parents_of(name))
        if (const Entry* above = find(parent); above && above->type != S_IFDIR) irregular_ = true;
    if (entry.hardlink && !find(entry.link)) irregular_ = true;
    auto [it, inserted] = entries_.try_emplace(name, entry);
    if (!inserted) {
        // A directory given again changes only its metadata; anything else
        // replaces what an earlier entry made, which only the whole tar in order reproduces.
        if (it->second.type != S_IFDIR || entry.type != S_IFDIR) irregular_ = true;
        it->second = std::move(entry);
    }
    return it->second;
}

const ContextSpool::Entry* ContextSpool::find(const std::string& name) const {
    auto it = entries_.find(name);
    return it == entries_.end() ? nullptr : &it->second;
}

bool ContextSpool::directory(const std::string& name) const {
    if (const Entry* entry = find(name)) return entry->type == S_IFDIR;
    auto below = entries_.lower_bound(name + "/");
    return below != entries_.end() && below->first.starts_with(name + "/");
}

std::vector<std::string> ContextSpool::children(const std::string& dir) const {
    std::string prefix = dir.empty() || dir == "." ? "" : dir + "/";
    std::vector<std::string> names;
    for (auto it = entries_.lower_bound(prefix); it != entries_.end() && it->first.starts_with(prefix);) {
        std::string_view rest = std::string_view(it->first).substr(prefix.size());
        size_t slash = rest.find('/');
        std::string child(rest.substr(0, slash));
        if (names.empty() || names.back() != child) names.push_back(child);
        // Past the child's own subtree ("c/..." sorts before "c0"); names
        // such as "c.txt" between "c" and "c/" were seen before it.
        it = slash == std::string_view::npos ? std::next(it) : entries_.lower_bound(prefix + child + "0");
    }
    std::ranges::sort(names);
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return names;
}

Result<> ContextSpool::extract(const std::string& root, const std::vector<std::string>& names) {
    if (all_extracted_) return {};
    bool whole = irregular_ || std::ranges::any_of(names, [](const std::string& name) { return name.empty() || name == "."; });
    std::set<std::string> chosen;
    if (whole) {
        for (const auto& [name, entry] : entries_)
            if (!entry.extracted || entry.type == S_IFDIR) chosen.insert(name);
    } else {
        std::vector<std::string> pending(names.begin(), names.end());
        while (!pending.empty()) {
            std::string name = std::move(pending.back());
            pending.pop_back();
            auto take = [&](const std::string& taken, const Entry& entry) {
                if (entry.extracted || !chosen.insert(taken).second) return;
                if (entry.hardlink) pending.push_back(entry.link);
            };
            if (const Entry* entry = find(name)) take(name, *entry);
            for (auto it = entries_.lower_bound(name + "/"); it != entries_.end() && it->first.starts_with(name + "/"); ++it)
                take(it->first, it->second);
        }
        if (chosen.empty()) return {};
        // Their directories again, so that their times end as the tar says.
        std::set<std::string> parents;
        for (const auto& name : chosen)
            for (auto& parent : parents_of(name))
                if (find(parent)) parents.insert(std::move(parent));
        chosen.merge(parents);
    }
    std::vector<std::pair<uint64_t, uint64_t>> ranges;
    bool untouched = std::ranges::none_of(entries_, [](const auto& named) { return named.second.extracted; });
    if (whole && untouched) {
        ranges.emplace_back(0, size_); // the tar as it came
    } else {
        for (const auto& name : chosen) ranges.emplace_back(entries_.at(name).start, entries_.at(name).end);
    }
    if (auto replayed = replay(root, std::move(ranges)); !replayed) return replayed;
    for (const auto& name : chosen) entries_.at(name).extracted = true;
    if (whole) all_extracted_ = true;
    return {};
}

Result<> ContextSpool::replay(const std::string& root, std::vector<std::pair<uint64_t, uint64_t>> ranges) {
    std::ranges::sort(ranges);
    std::vector<std::pair<uint64_t, uint64_t>> merged;
    for (const auto& range : ranges) {
        if (!merged.empty() && merged.back().second == range.first) merged.back().second = range.second;
        else merged.push_back(range);
    }
    static constexpr std::array<char, 1024> kEnd{}; // the end-of-archive blocks
    auto buffer = std::make_unique<std::array<char, kBufferSize>>();
    size_t index = 0;
    uint64_t offset = merged.empty() ? 0 : merged.front().first;
    bool ended = false;
    containers::TarSource source = [&]() -> Result<std::string_view> {
        while (index < merged.size() && offset >= merged[index].second) {
            if (++index < merged.size()) offset = merged[index].first;
        }
        if (index == merged.size()) {
            if (ended) return std::string_view();
            ended = true;
            return std::string_view(kEnd.data(), kEnd.size());
        }
        size_t wanted = static_cast<size_t>(std::min<uint64_t>(buffer->size(), merged[index].second - offset));
        ssize_t got;
        do got = ::pread(fd_.get(), buffer->data(), wanted, static_cast<off_t>(offset));
        while (got < 0 && errno == EINTR);
        if (got < 0) return fail_errno("reading the build context's spool");
        if (got == 0) return fail(ErrorCategory::System, "the build context's spool ends early");
        offset += static_cast<uint64_t>(got);
        return std::string_view(buffer->data(), static_cast<size_t>(got));
    };
    if (auto extracted = containers::extract_tar(root, "/", "build context", source); !extracted)
        return std::unexpected(extracted.error().wrap("extracting the build context"));
    return {};
}

} // namespace berth::build
