#include "store/content_store.h"

#include "base/files.h"
#include "base/go_errno.h"
#include "base/ids.h"
#include "images/reference.h"

#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace berth::store {
namespace {

namespace fs = std::filesystem;

Result<> make_dirs(const std::string& path) {
    std::error_code ec;
    fs::create_directories(path, ec);
    if (ec) return fail(ErrorCategory::System, "creating {}: {}", path, go_error_text(ec));
    return {};
}

Result<> check_digest(const std::string& digest) {
    if (!images::is_sha256_digest(digest)) return fail(ErrorCategory::Invalid, "invalid digest \"{}\"", digest);
    return {};
}

} // namespace

Result<ContentStore> ContentStore::open(std::string root) {
    for (const char* sub : {"/blobs/sha256", "/ingest"})
        if (auto made = make_dirs(root + sub); !made) return std::unexpected(made.error());
    // Whatever is in ingest/ was being written when the last daemon died.
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(root + "/ingest", ec)) fs::remove_all(entry.path(), ec);
    return ContentStore(std::move(root));
}

std::string ContentStore::path(const std::string& digest) const {
    return root_ + "/blobs/sha256/" + digest.substr(digest.find(':') + 1);
}

ContentStore::Writer::~Writer() {
    if (!temporary_.empty()) ::unlink(temporary_.c_str());
}

Result<> ContentStore::Writer::write(std::string_view data) {
    hash_.update(data);
    size_ += data.size();
    while (!data.empty()) {
        ssize_t n = ::write(fd_.get(), data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return fail_errno("writing blob {}", temporary_);
        }
        data.remove_prefix(static_cast<size_t>(n));
    }
    return {};
}

Result<std::string> ContentStore::Writer::commit(const std::optional<std::string>& expected) {
    std::string digest = hash_.digest();
    if (expected && *expected != digest) {
        return fail(ErrorCategory::Invalid, "digest mismatch: expected {}, got {} ({} bytes)", *expected, digest,
                    size_);
    }
    if (::fsync(fd_.get()) != 0) return fail_errno("syncing blob {}", temporary_);
    ::fchmod(fd_.get(), 0444);
    fd_.reset();
    std::string final_path = blobs_dir_ + "/" + digest.substr(digest.find(':') + 1);
    if (::rename(temporary_.c_str(), final_path.c_str()) != 0) return fail_errno("publishing blob {}", digest);
    temporary_.clear();
    UniqueFd dir(::open(fs::path(final_path).parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir) ::fsync(dir.get());
    return digest;
}

Result<ContentStore::Writer> ContentStore::writer() const {
    std::string temporary = root_ + "/ingest/" + random_hex(16);
    UniqueFd fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (!fd) return fail_errno("creating {}", temporary);
    return Writer(root_ + "/blobs/sha256", std::move(temporary), std::move(fd));
}

Result<std::string> ContentStore::put(std::string_view data, const std::optional<std::string>& expected) const {
    auto blob = writer();
    if (!blob) return std::unexpected(blob.error());
    if (auto written = blob->write(data); !written) return std::unexpected(written.error());
    return blob->commit(expected);
}

bool ContentStore::has(const std::string& digest) const {
    std::error_code ec;
    return check_digest(digest).has_value() && fs::exists(path(digest), ec);
}

Result<std::string> ContentStore::read(const std::string& digest) const {
    if (auto valid = check_digest(digest); !valid) return std::unexpected(valid.error());
    auto content = read_file(path(digest));
    if (!content) return std::unexpected(content.error().wrap("reading blob {}", digest));
    return content;
}

Result<uint64_t> ContentStore::size(const std::string& digest) const {
    if (auto valid = check_digest(digest); !valid) return std::unexpected(valid.error());
    struct stat info{};
    if (::stat(path(digest).c_str(), &info) != 0) return fail_errno("blob {}", digest);
    return static_cast<uint64_t>(info.st_size);
}

Result<> ContentStore::verify(const std::string& digest) const {
    if (auto valid = check_digest(digest); !valid) return valid;
    UniqueFd file(::open(path(digest).c_str(), O_RDONLY | O_CLOEXEC));
    if (!file) {
        if (errno == ENOENT) return fail(ErrorCategory::NotFound, "blob {} is not in the content store", digest);
        return fail_errno("opening blob {}", digest);
    }
    Sha256 hash;
    std::string buffer(256 * 1024, '\0');
    for (;;) {
        ssize_t n = ::read(file.get(), buffer.data(), buffer.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return fail_errno("reading blob {}", digest);
        if (n == 0) break;
        hash.update(std::string_view(buffer.data(), static_cast<size_t>(n)));
    }
    if (hash.digest() != digest)
        return fail(ErrorCategory::System, "blob {} reads as {}: the content store is damaged", digest, hash.digest());
    return {};
}

Result<> ContentStore::remove(const std::string& digest) const {
    if (auto valid = check_digest(digest); !valid) return valid;
    if (::unlink(path(digest).c_str()) != 0 && errno != ENOENT) return fail_errno("removing blob {}", digest);
    return {};
}

std::vector<std::string> ContentStore::list() const {
    std::vector<std::string> digests;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(root_ + "/blobs/sha256", ec)) {
        std::string digest = "sha256:" + entry.path().filename().string();
        if (images::is_sha256_digest(digest)) digests.push_back(digest);
    }
    return digests;
}

} // namespace berth::store
