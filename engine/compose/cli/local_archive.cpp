#include "compose/cli/local_archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <ctime>
#include <memory>

namespace berth::compose::cli {
namespace {

struct ReadDeleter {
    void operator()(archive* handle) const { archive_read_free(handle); }
};
struct WriteDeleter {
    void operator()(archive* handle) const { archive_write_free(handle); }
};
struct EntryDeleter {
    void operator()(archive_entry* entry) const { archive_entry_free(entry); }
};
using ReadArchive = std::unique_ptr<archive, ReadDeleter>;
using WriteArchive = std::unique_ptr<archive, WriteDeleter>;

Error archive_error(archive* handle, const std::string& doing) {
    const char* words = archive_error_string(handle);
    return Error(ErrorCategory::System, doing + ": " + (words ? words : "unknown archive error"));
}

la_ssize_t append_to_string(archive*, void* target, const void* bytes, size_t length) {
    static_cast<std::string*>(target)->append(static_cast<const char*>(bytes), length);
    return static_cast<la_ssize_t>(length);
}

// `name` with its first path element replaced (a "./x" entry keeps its "./").
std::string renamed(const std::string& name, const std::string& from_top, const std::string& to_top) {
    if (from_top.empty())
        return name;
    if (name == from_top || name == from_top + "/")
        return to_top + name.substr(from_top.size());
    if (name.starts_with(from_top + "/"))
        return to_top + name.substr(from_top.size());
    return name;
}

Result<> add_entry(archive* writer, archive* disk, const std::filesystem::path& path, const std::string& name) {
    std::unique_ptr<archive_entry, EntryDeleter> entry(archive_entry_new());
    archive_entry_copy_sourcepath(entry.get(), path.c_str());
    archive_entry_copy_pathname(entry.get(), name.c_str());
    if (archive_read_disk_entry_from_file(disk, entry.get(), -1, nullptr) < ARCHIVE_WARN)
        return std::unexpected(archive_error(disk, "reading " + path.string()));
    archive_entry_copy_pathname(entry.get(), name.c_str());
    if (archive_write_header(writer, entry.get()) < ARCHIVE_WARN)
        return std::unexpected(archive_error(writer, "packing " + path.string()));
    if (archive_entry_filetype(entry.get()) != AE_IFREG)
        return {};
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (!file)
        return fail(ErrorCategory::System, "opening {}", path.string());
    char buffer[65536];
    for (size_t read; (read = std::fread(buffer, 1, sizeof buffer, file)) > 0;)
        archive_write_data(writer, buffer, read);
    std::fclose(file);
    return {};
}

// A regular file made in memory: root's, 0600 and dated now, as the docker CLI
// adds a Dockerfile from outside the context (AddDockerfileToBuildContext).
Result<> add_written(archive* writer, const std::string& name, const std::string& content) {
    std::unique_ptr<archive_entry, EntryDeleter> entry(archive_entry_new());
    archive_entry_copy_pathname(entry.get(), name.c_str());
    archive_entry_set_filetype(entry.get(), AE_IFREG);
    archive_entry_set_perm(entry.get(), 0600);
    archive_entry_set_size(entry.get(), static_cast<la_int64_t>(content.size()));
    archive_entry_set_mtime(entry.get(), std::time(nullptr), 0);
    if (archive_write_header(writer, entry.get()) < ARCHIVE_WARN ||
        archive_write_data(writer, content.data(), content.size()) < 0)
        return std::unexpected(archive_error(writer, "packing " + name));
    return {};
}

} // namespace

Result<std::string> pack_path(const std::filesystem::path& source, const std::string& top_name,
                              const PackFilter& filter) {
    std::string tar;
    WriteArchive writer(archive_write_new());
    ReadArchive disk(archive_read_disk_new());
    archive_read_disk_set_symlink_physical(disk.get());
    archive_read_disk_set_standard_lookup(disk.get());
    archive_write_set_format_pax_restricted(writer.get());
    if (archive_write_open(writer.get(), &tar, nullptr, append_to_string, nullptr) != ARCHIVE_OK)
        return std::unexpected(archive_error(writer.get(), "starting a tar"));
    std::error_code error;
    auto status = std::filesystem::symlink_status(source, error);
    if (error)
        return fail(ErrorCategory::NotFound, "stat {}: no such file or directory", source.string());
    if (!top_name.empty())
        if (auto added = add_entry(writer.get(), disk.get(), source, top_name); !added)
            return std::unexpected(added.error());
    if (std::filesystem::is_directory(status))
        for (auto walk = std::filesystem::recursive_directory_iterator(source);
             walk != std::filesystem::recursive_directory_iterator(); ++walk) {
            const auto& item = *walk;
            std::string relative = item.path().lexically_relative(source).string();
            if ((filter.left_out && filter.left_out(relative)) || filter.written.contains(relative)) {
                if (!filter.look_inside)
                    walk.disable_recursion_pending();
                continue;
            }
            std::string name = top_name.empty() ? relative : top_name + "/" + relative;
            if (auto added = add_entry(writer.get(), disk.get(), item.path(), name); !added)
                return std::unexpected(added.error());
        }
    for (const auto& [relative, content] : filter.written)
        if (auto added = add_written(writer.get(), top_name.empty() ? relative : top_name + "/" + relative, content);
            !added)
            return std::unexpected(added.error());
    if (archive_write_close(writer.get()) != ARCHIVE_OK)
        return std::unexpected(archive_error(writer.get(), "finishing the tar"));
    return tar;
}

Result<> unpack_into(const std::string& tar, const std::filesystem::path& directory, const std::string& from_top,
                     const std::string& to_top, bool keep_owners) {
    ReadArchive reader(archive_read_new());
    archive_read_support_format_tar(reader.get());
    if (archive_read_open_memory(reader.get(), tar.data(), tar.size()) != ARCHIVE_OK)
        return std::unexpected(archive_error(reader.get(), "reading the container's tar"));
    WriteArchive disk(archive_write_disk_new());
    int flags = ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_SECURE_NODOTDOT |
                ARCHIVE_EXTRACT_SECURE_SYMLINKS | (keep_owners ? ARCHIVE_EXTRACT_OWNER : 0);
    archive_write_disk_set_options(disk.get(), flags);
    archive_entry* entry = nullptr;
    for (int read; (read = archive_read_next_header(reader.get(), &entry)) != ARCHIVE_EOF;) {
        if (read < ARCHIVE_WARN)
            return std::unexpected(archive_error(reader.get(), "reading the container's tar"));
        std::string name = renamed(archive_entry_pathname(entry), from_top, to_top);
        // Joined to `directory`, an absolute name would replace it: refused, as `..` is.
        if (name.starts_with('/'))
            return fail(ErrorCategory::Invalid, "refusing the tar entry {}: an absolute path", name);
        archive_entry_copy_pathname(entry, (directory / name).c_str());
        if (const char* link = archive_entry_hardlink(entry)) {
            std::string target = renamed(link, from_top, to_top);
            if (target.starts_with('/'))
                return fail(ErrorCategory::Invalid, "refusing the tar entry {}: a hard link to an absolute path", name);
            archive_entry_copy_hardlink(entry, (directory / target).c_str());
        }
        if (archive_write_header(disk.get(), entry) < ARCHIVE_WARN)
            return std::unexpected(archive_error(disk.get(), "writing " + name));
        const void* block = nullptr;
        size_t size = 0;
        la_int64_t offset = 0;
        int got = ARCHIVE_OK;
        while ((got = archive_read_data_block(reader.get(), &block, &size, &offset)) == ARCHIVE_OK)
            if (archive_write_data_block(disk.get(), block, size, offset) < ARCHIVE_WARN)
                return std::unexpected(archive_error(disk.get(), "writing " + name));
        // A tar cut short must not leave a file reported as copied.
        if (got != ARCHIVE_EOF)
            return std::unexpected(archive_error(reader.get(), "reading " + name + " from the container's tar"));
        if (archive_write_finish_entry(disk.get()) < ARCHIVE_WARN)
            return std::unexpected(archive_error(disk.get(), "writing " + name));
    }
    if (archive_write_close(disk.get()) != ARCHIVE_OK)
        return std::unexpected(archive_error(disk.get(), "finishing " + directory.string()));
    return {};
}

} // namespace berth::compose::cli
