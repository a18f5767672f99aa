#pragma once
// A real ImageService over a real temporary store, for the tests of the image
// store (the unpacker chroots: root only), with containers faked as the users
// of images, and tiny layer tars made in memory.

#include "images/image_service.h"
#include "support/temp_dir.h"

#include <archive.h>
#include <archive_entry.h>
#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace berth::images::testing_support {

// A tar of one regular file, the same bytes for the same arguments.
inline std::string one_file_tar(const std::string& path, const std::string& content) {
    std::string bytes;
    archive* out = archive_write_new();
    archive_write_set_format_pax_restricted(out);
    archive_write_set_bytes_in_last_block(out, 1);
    archive_write_open(
        out, &bytes, nullptr,
        [](archive*, void* data, const void* buffer, size_t size) -> la_ssize_t {
            static_cast<std::string*>(data)->append(static_cast<const char*>(buffer), size);
            return static_cast<la_ssize_t>(size);
        },
        nullptr);
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, path.c_str());
    archive_entry_set_filetype(entry, AE_IFREG);
    archive_entry_set_perm(entry, 0644);
    archive_entry_set_size(entry, static_cast<la_int64_t>(content.size()));
    archive_entry_set_mtime(entry, 1700000000, 0);
    archive_write_header(out, entry);
    archive_write_data(out, content.data(), content.size());
    archive_entry_free(entry);
    archive_write_close(out);
    archive_write_free(out);
    return bytes;
}

// `data` gzipped (libarchive's raw format: the bytes alone, compressed).
inline std::string gzipped(const std::string& data) {
    std::string bytes;
    archive* out = archive_write_new();
    archive_write_add_filter_gzip(out);
    archive_write_set_format_raw(out);
    archive_write_set_bytes_in_last_block(out, 1);
    archive_write_open(
        out, &bytes, nullptr,
        [](archive*, void* sink, const void* buffer, size_t size) -> la_ssize_t {
            static_cast<std::string*>(sink)->append(static_cast<const char*>(buffer), size);
            return static_cast<la_ssize_t>(size);
        },
        nullptr);
    archive_entry* entry = archive_entry_new();
    archive_entry_set_filetype(entry, AE_IFREG);
    archive_entry_set_size(entry, static_cast<la_int64_t>(data.size()));
    archive_write_header(out, entry);
    archive_write_data(out, data.data(), data.size());
    archive_entry_free(entry);
    archive_write_close(out);
    archive_write_free(out);
    return bytes;
}

struct FakeContainer {
    std::string id;
    std::string image_id;
    bool running = false;
};

class ImageStoreFixture {
public:
    ImageStoreFixture() {
        content_.emplace(*store::ContentStore::open(dir_ / "content"));
        index_ = std::move(*store::ImageStore::open(dir_ / "image/index.json"));
        service_.emplace(dir_.path(), *content_, *index_, [](const std::string&, const std::string&, const std::string&) {});
        (void)service_->set_whiteout_format(WhiteoutFormat::Oci);
        service_->set_users([this](const std::string& image_id) {
            std::vector<ImageUser> users;
            for (const auto& c : containers_)
                if (c.image_id == image_id) users.push_back({c.id, c.running});
            return users;
        });
    }

    ImageService& service() { return *service_; }
    const store::ContentStore& content() const { return *content_; }
    const std::string& root() const { return dir_.path(); }
    std::vector<FakeContainer>& containers() { return containers_; }

    // An imported one-file image, named `name` ("" for none).
    Result<std::string> import(const std::string& file_content, const std::string& name = "") {
        ImportOptions options;
        options.repository = name;
        return service_->import(read_from_memory(tars_.emplace_back(one_file_tar("f", file_content))), options);
    }

private:
    testing::TempDir dir_{"berth-images"};
    std::optional<store::ContentStore> content_;
    std::unique_ptr<store::ImageStore> index_;
    std::optional<ImageService> service_;
    std::vector<FakeContainer> containers_;
    std::deque<std::string> tars_; // alive while readers read them
};

} // namespace berth::images::testing_support
