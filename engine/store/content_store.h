#pragma once
// Blobs addressed by their sha256 digest: layers, image configs, manifests.
//
// Layout under the store's root:
//   blobs/sha256/<hex>   published blobs, read-only, never partial
//   ingest/<random>      blobs being written; swept at open (a crash's leftovers)
// A Writer hashes what it is given while it writes to ingest/, and commit()
// checks the digest (against the expected one, when the caller knows it), fsyncs
// and renames into blobs/: a blob is visible under its digest whole or not at all.

#include "base/digest.h"
#include "base/error.h"
#include "base/unique_fd.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace berth::store {

class ContentStore {
public:
    static Result<ContentStore> open(std::string root);

    class Writer {
    public:
        Writer(Writer&&) noexcept = default;
        Writer& operator=(Writer&&) noexcept = default;
        ~Writer(); // an uncommitted blob is discarded

        Result<> write(std::string_view data);
        // Publishes the blob and returns its digest. With `expected`, a blob whose
        // content hashes otherwise is refused and discarded.
        Result<std::string> commit(const std::optional<std::string>& expected = std::nullopt);
        uint64_t size() const { return size_; }

    private:
        friend class ContentStore;
        Writer(std::string blobs_dir, std::string temporary, UniqueFd fd)
            : blobs_dir_(std::move(blobs_dir)), temporary_(std::move(temporary)), fd_(std::move(fd)) {}
        std::string blobs_dir_;
        std::string temporary_;
        UniqueFd fd_;
        Sha256 hash_;
        uint64_t size_ = 0;
    };

    Result<Writer> writer() const;
    // Writes a whole small blob (configs, manifests).
    Result<std::string> put(std::string_view data, const std::optional<std::string>& expected = std::nullopt) const;

    bool has(const std::string& digest) const;
    Result<std::string> read(const std::string& digest) const;
    Result<uint64_t> size(const std::string& digest) const;
    // Reads the blob through and checks it hashes to its digest: NotFound when it
    // is missing, System when it reads otherwise (a damaged store).
    Result<> verify(const std::string& digest) const;
    Result<> remove(const std::string& digest) const;
    std::vector<std::string> list() const;
    // Where a blob lives; valid digests only (callers check with is_sha256_digest).
    std::string path(const std::string& digest) const;

private:
    explicit ContentStore(std::string root) : root_(std::move(root)) {}
    std::string root_;
};

} // namespace berth::store
