#include "build/builder/layer_tar.h"

#include "images/archive_error.h"

#include <archive.h>
#include <archive_entry.h>
#include <unistd.h>
#include <vector>

namespace berth::build {

struct LayerTar::Archive {
    explicit Archive(const LayerSink& s) : sink(s), out(archive_write_new()) {}
    ~Archive() {
        if (out) archive_write_free(out);
    }
    const LayerSink& sink;
    struct archive* out;
    bool open = false;
};

namespace {

la_ssize_t write_callback(struct archive*, void* data, const void* buffer, size_t length) {
    auto* self = static_cast<const LayerSink*>(data);
    if (!(*self)(std::string_view(static_cast<const char*>(buffer), length))) return -1;
    return static_cast<la_ssize_t>(length);
}

struct EntryFree {
    void operator()(archive_entry* e) const { archive_entry_free(e); }
};

} // namespace

LayerTar::LayerTar(const LayerSink& sink, Times times) : archive_(std::make_unique<Archive>(sink)), times_(times) {
    archive_write_set_format_pax_restricted(archive_->out);
    archive_write_set_bytes_in_last_block(archive_->out, 1);
    archive_->open = archive_write_open(archive_->out, const_cast<LayerSink*>(&archive_->sink), nullptr,
                                        write_callback, nullptr) == ARCHIVE_OK;
}

LayerTar::~LayerTar() = default;

Result<> LayerTar::header(const std::string& path, const struct stat& info, const std::string& link, bool hard) {
    if (!archive_->open) return fail(ErrorCategory::System, "starting the layer: {}", images::archive_error(archive_->out));
    std::unique_ptr<archive_entry, EntryFree> entry(archive_entry_new());
    std::string name = path.starts_with('/') ? path.substr(1) : path;
    if (S_ISDIR(info.st_mode) && !name.ends_with('/')) name += '/';
    archive_entry_set_pathname(entry.get(), name.c_str());
    archive_entry_copy_stat(entry.get(), &info);
    archive_entry_set_uname(entry.get(), "");
    archive_entry_set_gname(entry.get(), "");
    if (times_ == Times::Left) {
        archive_entry_set_mtime(entry.get(), 0, 0);
        archive_entry_unset_atime(entry.get());
        archive_entry_unset_ctime(entry.get());
        archive_entry_unset_birthtime(entry.get());
    }
    if (!S_ISREG(info.st_mode) || hard) archive_entry_set_size(entry.get(), 0);
    if (hard) {
        archive_entry_set_filetype(entry.get(), AE_IFREG);
        archive_entry_set_hardlink(entry.get(), (link.starts_with('/') ? link.substr(1) : link).c_str());
    } else if (S_ISLNK(info.st_mode)) {
        archive_entry_set_symlink(entry.get(), link.c_str());
    }
    if (archive_write_header(archive_->out, entry.get()) != ARCHIVE_OK)
        return fail(ErrorCategory::System, "writing {} into the layer: {}", path, images::archive_error(archive_->out));
    written_.insert(path);
    return {};
}

Result<> LayerTar::add_directory(const std::string& path, const struct stat& info) { return header(path, info, "", false); }

Result<> LayerTar::add_symlink(const std::string& path, const struct stat& info, const std::string& target) {
    return header(path, info, target, false);
}

Result<> LayerTar::add_hardlink(const std::string& path, const struct stat& info, const std::string& target) {
    return header(path, info, target, true);
}

Result<> LayerTar::add_file(const std::string& path, const struct stat& info, int fd) {
    return add_stream(path, info, [fd](char* buffer, size_t size) -> Result<size_t> {
        ssize_t got = ::read(fd, buffer, size);
        if (got < 0) return fail_errno("reading the file");
        return static_cast<size_t>(got);
    });
}

Result<> LayerTar::add_stream(const std::string& path, const struct stat& info,
                              const std::function<Result<size_t>(char*, size_t)>& read) {
    if (auto written = header(path, info, "", false); !written) return written;
    std::vector<char> buffer(64 * 1024);
    int64_t left = info.st_size;
    while (left > 0) {
        auto got = read(buffer.data(), std::min<size_t>(buffer.size(), static_cast<size_t>(left)));
        if (!got) return std::unexpected(got.error().wrap("copying {}", path));
        if (*got == 0) return fail(ErrorCategory::System, "copying {}: the file shrank while it was read", path);
        if (archive_write_data(archive_->out, buffer.data(), *got) < 0)
            return fail(ErrorCategory::System, "writing {} into the layer: {}", path, images::archive_error(archive_->out));
        left -= static_cast<int64_t>(*got);
    }
    return {};
}

Result<> LayerTar::close() {
    if (!archive_->open) return fail(ErrorCategory::System, "starting the layer: {}", images::archive_error(archive_->out));
    if (archive_write_close(archive_->out) != ARCHIVE_OK)
        return fail(ErrorCategory::System, "ending the layer: {}", images::archive_error(archive_->out));
    archive_->open = false;
    return {};
}

} // namespace berth::build
