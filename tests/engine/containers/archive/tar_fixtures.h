#pragma once
// Tars built and read back in memory with libarchive, for the archive tests.

#include <archive.h>
#include <archive_entry.h>
#include <map>
#include <string>
#include <sys/stat.h>
#include <vector>

namespace berth::containers::testing {

class TarBuilder {
public:
    explicit TarBuilder(bool gzip = false) : archive_(archive_write_new()) {
        archive_write_set_format_pax_restricted(archive_);
        if (gzip) archive_write_add_filter_gzip(archive_);
        archive_write_open(archive_, this, nullptr, &TarBuilder::append, nullptr);
    }
    ~TarBuilder() { archive_write_free(archive_); }
    TarBuilder(const TarBuilder&) = delete;
    TarBuilder& operator=(const TarBuilder&) = delete;

    TarBuilder& file(const std::string& path, const std::string& content, mode_t mode = 0644, int uid = 0) {
        return add(path, AE_IFREG, mode, content, {}, uid);
    }
    TarBuilder& dir(const std::string& path, mode_t mode = 0755) { return add(path, AE_IFDIR, mode, {}, {}, 0); }
    TarBuilder& symlink(const std::string& path, const std::string& target) {
        return add(path, AE_IFLNK, 0777, {}, target, 0);
    }
    TarBuilder& hardlink(const std::string& path, const std::string& target) {
        archive_entry* entry = archive_entry_new();
        archive_entry_set_pathname(entry, path.c_str());
        archive_entry_set_hardlink(entry, target.c_str());
        archive_entry_set_filetype(entry, AE_IFREG);
        archive_entry_set_perm(entry, 0644);
        archive_write_header(archive_, entry);
        archive_entry_free(entry);
        return *this;
    }
    std::string finish() {
        archive_write_close(archive_);
        return bytes_;
    }

private:
    TarBuilder& add(const std::string& path, unsigned type, mode_t mode, const std::string& content,
                    const std::string& link, int uid) {
        archive_entry* entry = archive_entry_new();
        archive_entry_set_pathname(entry, path.c_str());
        archive_entry_set_filetype(entry, type);
        archive_entry_set_perm(entry, mode);
        archive_entry_set_uid(entry, uid);
        archive_entry_set_gid(entry, uid);
        archive_entry_set_mtime(entry, 1'700'000'000, 0);
        if (type == AE_IFLNK) archive_entry_set_symlink(entry, link.c_str());
        archive_entry_set_size(entry, static_cast<la_int64_t>(content.size()));
        archive_write_header(archive_, entry);
        if (!content.empty()) archive_write_data(archive_, content.data(), content.size());
        archive_entry_free(entry);
        return *this;
    }
    static la_ssize_t append(archive*, void* self, const void* data, size_t size) {
        static_cast<TarBuilder*>(self)->bytes_.append(static_cast<const char*>(data), size);
        return static_cast<la_ssize_t>(size);
    }
    archive* archive_;
    std::string bytes_;
};

struct TarEntry {
    std::string name;
    unsigned type = 0;
    unsigned perm = 0;
    long uid = 0;
    std::string content;
    std::string symlink;
    std::string hardlink;
};

// Every entry of a tar, in order; `ok` false if libarchive could not read it all.
inline std::vector<TarEntry> read_tar(const std::string& bytes, bool* ok = nullptr) {
    std::vector<TarEntry> out;
    archive* reader = archive_read_new();
    archive_read_support_format_tar(reader);
    bool good = archive_read_open_memory(reader, bytes.data(), bytes.size()) == ARCHIVE_OK;
    archive_entry* entry = nullptr;
    int status = ARCHIVE_FATAL;
    while (good && (status = archive_read_next_header(reader, &entry)) == ARCHIVE_OK) {
        TarEntry e;
        e.name = archive_entry_pathname(entry);
        e.type = archive_entry_filetype(entry);
        e.perm = archive_entry_perm(entry);
        e.uid = static_cast<long>(archive_entry_uid(entry));
        if (const char* link = archive_entry_symlink(entry)) e.symlink = link;
        if (const char* link = archive_entry_hardlink(entry)) e.hardlink = link;
        char buffer[4096];
        la_ssize_t n;
        while ((n = archive_read_data(reader, buffer, sizeof buffer)) > 0) e.content.append(buffer, static_cast<size_t>(n));
        out.push_back(std::move(e));
    }
    if (ok) *ok = good && status == ARCHIVE_EOF;
    archive_read_free(reader);
    return out;
}

inline std::map<std::string, TarEntry> by_name(const std::vector<TarEntry>& entries) {
    std::map<std::string, TarEntry> out;
    for (const auto& e : entries) out[e.name] = e;
    return out;
}

} // namespace berth::containers::testing
