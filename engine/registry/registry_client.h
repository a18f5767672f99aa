#pragma once
// A client for one repository on one registry, as the OCI distribution spec
// defines it: manifests by tag or digest, blobs (small ones whole, layers as a
// stream that resumes with a Range request after a broken transfer), pushes
// (existence checks, cross-repository mounts, monolithic and chunked uploads), with the
// authentication the registry's 401 asks for (see auth.h), redirects followed,
// and a few retries when the registry answers 5xx or drops the connection.
// Blocking: used from worker threads.

#include "base/error.h"
#include "registry/auth.h"
#include "registry/http_client.h"
#include "registry/manifest.h"
#include "registry/tls.h"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::registry {

// Each step's timeout against a registry (connect, each read: a registry that
// stalls mid-blob fails after it): 30 s, or BERTH_REGISTRY_TIMEOUT seconds when
// that is set to a positive number (tests of stalling registries, slow links).
std::chrono::seconds default_registry_timeout();

struct RegistryOptions {
    // Registries spoken to over plain HTTP besides loopback ("host:port", "host").
    std::vector<std::string> insecure_registries;
    // Docker's certs.d: per registry, extra CAs and client certificates (tls.h).
    std::string certs_dir = kDefaultCertsDir;
    // "registry-mirrors": base URLs ("https://mirror.lan:5000") tried in order
    // before docker.io itself, for pulls of docker.io images only.
    std::vector<std::string> mirrors;
    std::chrono::seconds timeout = default_registry_timeout();
    int attempts = 3; // per request, when the registry fails with 5xx or the connection breaks
    std::chrono::milliseconds retry_delay{500};
};

// Where the registry of a reference's domain answers: docker.io is
// https://registry-1.docker.io; the insecure registries are plain http, and so
// are localhost, 127.0.0.0/8 and ::1 unless certs.d has a directory for them
// (someone put certificates there: the registry speaks TLS). Everything else is
// https. (Docker instead tries https without verification, then http, for
// insecure and loopback registries; berthd picks one scheme up front.)
Url registry_base_url(std::string_view domain, const RegistryOptions& options);

// Where a pull from `domain` goes, in order: for docker.io the mirrors, then
// docker.io's registry; for any other registry just that one (like dockerd).
std::vector<Url> pull_endpoints(std::string_view domain, const RegistryOptions& options);

struct FetchedManifest {
    std::string media_type;
    std::string digest; // of the body, checked against the one asked for
    std::string body;
};

class RepositoryClient;

// Reads up to `size` bytes of a blob at `offset` (0 only past its end):
// positional, so that a request can be sent again (after a 401) from its start.
using BlobSource = std::function<Result<size_t>(uint64_t offset, char* buffer, size_t size)>;

// A request body of `length` bytes read from `blob` at `offset` as it is sent
// (no blob: the body is a string).
struct StreamedBody {
    const BlobSource* blob = nullptr;
    uint64_t offset = 0;
    uint64_t length = 0;
};

// A layer blob being downloaded: read() until 0; the bytes are not verified here
// (the caller hashes them as they pass).
class BlobReader {
public:
    Result<size_t> read(char* buffer, size_t size);
    uint64_t offset() const { return offset_; }

private:
    friend class RepositoryClient;
    BlobReader(RepositoryClient& client, Descriptor blob) : client_(client), blob_(std::move(blob)) {}
    Result<> reopen();
    RepositoryClient& client_;
    Descriptor blob_;
    std::unique_ptr<HttpStream> stream_;
    uint64_t offset_ = 0;
    int resumes_ = 0;
};

class RepositoryClient {
public:
    // `path` "library/busybox"; `actions` the token scope's: "pull" or "pull,push".
    RepositoryClient(Url base, std::string path, Credentials credentials, RegistryOptions options,
                     std::string actions = "pull");

    // A tag or a digest. NotFound when the registry does not have it.
    Result<FetchedManifest> manifest(std::string_view reference);
    // A small blob (an image config), verified against its digest.
    Result<std::string> blob(const Descriptor& blob, size_t limit);
    Result<std::unique_ptr<BlobReader>> open_blob(const Descriptor& blob);
    // The repository's tags (GET /v2/<path>/tags/list, following its pages), for pull --all-tags.
    Result<std::vector<std::string>> tags();

    // Push: whether the repository has a blob; mounting one from another
    // repository of the same registry (false when the registry would not);
    // uploading one (monolithic when it fits one chunk, else chunk by chunk),
    // its `size` bytes read from `blob` through a small buffer as they are sent,
    // so that no upload holds a chunk in memory; a manifest under a tag or
    // digest (returns its digest). An upload the connection drops under is
    // started afresh (a new upload session: a repeated PATCH could apply
    // twice), up to `attempts` times, as Docker's pusher retries a layer.
    Result<bool> has_blob(const std::string& digest);
    Result<bool> mount_blob(const std::string& digest, const std::string& from_path);
    Result<> upload_blob(const std::string& digest, uint64_t size, const BlobSource& blob,
                         uint64_t chunk_size = uint64_t{64} << 20);
    Result<std::string> put_manifest(const std::string& reference, const std::string& media_type,
                                     const std::string& body);

    const Url& base() const { return base_; }

private:
    friend class BlobReader;
    friend Result<> check_login(const Url&, const Credentials&, const RegistryOptions&);
    using Headers = std::vector<std::pair<std::string, std::string>>;
    // Sends with authorization (answering one 401 challenge), following redirects
    // and retrying 5xx and broken connections.
    // `target` a path on the registry or an absolute URL (an upload's Location).
    // A streamed body (`streamed`, when it has a blob) replaces `body`; every
    // attempt reads it again from its offset.
    Result<std::unique_ptr<HttpStream>> send(const std::string& method, const std::string& target, Headers headers,
                                             const std::string& body, const StreamedBody& streamed = {});
    Result<> upload_blob_once(const std::string& digest, uint64_t size, const BlobSource& blob, uint64_t chunk_size);
    Result<std::unique_ptr<HttpStream>> send_once(const std::string& method, const Url& url, const Headers& headers,
                                                  const std::string& body, const StreamedBody& streamed);
    // send() with the answer read whole (up to `body_limit` bytes).
    Result<HttpResponse> exchange(const std::string& method, const std::string& target, Headers headers,
                                  const std::string& body = {}, size_t body_limit = 1 << 20,
                                  const StreamedBody& streamed = {});
    Result<> authorize(const std::string& challenge_header, const std::string& what);
    // The TLS context for https connections (null: the system CAs), or why the
    // registry's certs.d directory could not be used.
    Result<std::shared_ptr<TlsContext>> tls() const;

    Url base_;
    std::string path_;
    Credentials credentials_;
    RegistryOptions options_;
    std::string actions_;
    std::string authorization_; // the Authorization header once a challenge was answered
    // From the registry's certs.d directory, used for every https connection
    // the client makes (the registry, its token server, redirects), as Docker's
    // one transport per registry does.
    std::shared_ptr<TlsContext> tls_;
    std::optional<Error> tls_error_;
};

// What `docker login` does through POST /auth: NotFound/Unavailable when the
// registry cannot be reached, Unauthorized when it refuses the credentials.
Result<> check_login(const Url& base, const Credentials& credentials, const RegistryOptions& options);

// "manifest unknown: manifest unknown", from the registry's {"errors": [...]}
// body, as Docker words it; the HTTP status when the body says nothing.
std::string registry_error_text(const HttpResponse& response);

} // namespace berth::registry
