#include "registry/registry_client.h"

#include "base/digest.h"
#include "images/reference.h"

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <thread>

namespace berth::registry {

std::chrono::seconds default_registry_timeout() {
    static const std::chrono::seconds timeout = [] {
        const char* text = std::getenv("BERTH_REGISTRY_TIMEOUT");
        char* end = nullptr;
        long seconds = text ? std::strtol(text, &end, 10) : 0;
        bool valid = text && *text && end && *end == '\0' && seconds > 0 && seconds <= 3600;
        return std::chrono::seconds(valid ? seconds : 30);
    }();
    return timeout;
}

namespace {

using nlohmann::json;

bool is_loopback_host(std::string_view host) {
    return host == "localhost" || host.starts_with("127.") || host == "[::1]" || host == "::1";
}

std::string host_of(std::string_view domain) {
    if (domain.starts_with('[')) return std::string(domain.substr(0, domain.find(']') + 1));
    return std::string(domain.substr(0, domain.rfind(':')));
}

bool is_redirect(int status) { return status == 301 || status == 302 || status == 303 || status == 307 || status == 308; }

std::string percent_encode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == ':' || c == '/') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

} // namespace

Url registry_base_url(std::string_view domain, const RegistryOptions& options) {
    if (domain == images::kDefaultDomain) return Url{"https", "registry-1.docker.io", 443, "/"};
    std::string host = host_of(domain);
    bool insecure = (is_loopback_host(host) && !registry_certs_directory(options.certs_dir, domain)) ||
                    std::ranges::any_of(options.insecure_registries, [&](const std::string& entry) {
                        return entry == domain || entry == host;
                    });
    std::string scheme = insecure ? "http" : "https";
    auto url = parse_url(scheme + "://" + std::string(domain) + "/");
    return url ? *url : Url{scheme, std::string(domain), static_cast<uint16_t>(insecure ? 80 : 443), "/"};
}

std::vector<Url> pull_endpoints(std::string_view domain, const RegistryOptions& options) {
    std::vector<Url> endpoints;
    if (domain == images::kDefaultDomain)
        for (const auto& mirror : options.mirrors)
            if (auto url = parse_url(mirror)) {
                url->target = "/";
                endpoints.push_back(*url);
            }
    endpoints.push_back(registry_base_url(domain, options));
    return endpoints;
}

std::string registry_error_text(const HttpResponse& response) {
    auto body = json::parse(response.body, nullptr, false);
    if (body.is_object()) {
        if (auto errors = body.find("errors"); errors != body.end() && errors->is_array() && !errors->empty()) {
            const auto& first = (*errors)[0];
            std::string code = first.value("code", "");
            for (char& c : code) c = c == '_' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            std::string message = first.value("message", "");
            if (!code.empty()) return message.empty() ? code : code + ": " + message;
            if (!message.empty()) return message;
        }
    }
    return std::format("unexpected status {} {}", response.status, response.reason);
}

RepositoryClient::RepositoryClient(Url base, std::string path, Credentials credentials, RegistryOptions options,
                                   std::string actions)
    : base_(std::move(base)), path_(std::move(path)), credentials_(std::move(credentials)),
      options_(std::move(options)), actions_(std::move(actions)) {
    if (!credentials_.registry_token.empty()) authorization_ = "Bearer " + credentials_.registry_token;
    auto certs = find_registry_certs(options_.certs_dir, base_.authority());
    if (!certs) {
        tls_error_ = certs.error();
    } else if (!certs->directory.empty()) {
        auto context = TlsContext::for_registry(*certs);
        if (context) tls_ = *context;
        else tls_error_ = context.error();
    }
}

Result<std::shared_ptr<TlsContext>> RepositoryClient::tls() const {
    if (tls_error_) return std::unexpected(tls_error_->wrap("the TLS configuration of {}", base_.authority()));
    return tls_;
}

Result<> RepositoryClient::authorize(const std::string& challenge_header, const std::string& what) {
    auto challenges = parse_challenges(challenge_header);
    for (const auto& challenge : challenges) {
        if (challenge.scheme == "basic") {
            if (credentials_.username.empty() && credentials_.password.empty())
                return fail(ErrorCategory::Unauthorized, "{}: no basic auth credentials", what);
            authorization_ = basic_authorization(credentials_);
            return {};
        }
        if (challenge.scheme == "bearer") {
            auto realm = challenge.params.find("realm");
            if (realm == challenge.params.end())
                return fail(ErrorCategory::Unauthorized, "{}: the registry's bearer challenge has no realm", what);
            auto url = parse_url(realm->second);
            if (!url) return std::unexpected(url.error().wrap("{}: token realm", what));
            std::string query;
            auto add = [&](std::string_view key, std::string_view value) {
                query += (query.empty() ? "?" : "&") + std::string(key) + "=" + percent_encode(value);
            };
            if (auto service = challenge.params.find("service"); service != challenge.params.end())
                add("service", service->second);
            if (!path_.empty()) add("scope", "repository:" + path_ + ":" + actions_);
            if (!credentials_.username.empty()) add("account", credentials_.username);
            url->target += (url->target.find('?') == std::string::npos ? query : "&" + query.substr(1));
            HttpRequest request;
            bool have_credentials = !credentials_.username.empty() || !credentials_.password.empty();
            // Credentials travel in clear only to the plain-HTTP registry the user chose itself.
            if (have_credentials && url->scheme != "https" && url->host != base_.host)
                return fail(ErrorCategory::Unauthorized,
                            "{}: refusing to send credentials to the token server {} over plain HTTP", what,
                            url->authority());
            if (have_credentials) request.headers.emplace_back("Authorization", basic_authorization(credentials_));
            auto tls_context = url->scheme == "https" ? tls() : nullptr;
            if (!tls_context) return std::unexpected(tls_context.error());
            auto answer = fetch(*url, request, 1 << 20, options_.timeout, *tls_context);
            if (!answer) return std::unexpected(answer.error().wrap("{}: fetching a token from {}", what, url->str()));
            if (answer->status == 401 || answer->status == 403)
                return fail(ErrorCategory::Unauthorized, "{}: unauthorized: {}", what, registry_error_text(*answer));
            if (answer->status != 200)
                return fail(ErrorCategory::System, "{}: fetching a token from {}: {}", what, url->str(),
                            registry_error_text(*answer));
            auto body = json::parse(answer->body, nullptr, false);
            std::string token;
            for (const char* key : {"token", "access_token"})
                if (token.empty() && body.is_object() && body.contains(key) && body[key].is_string())
                    token = body[key].get<std::string>();
            if (token.empty()) return fail(ErrorCategory::System, "{}: the token server sent no token", what);
            authorization_ = "Bearer " + token;
            return {};
        }
    }
    return fail(ErrorCategory::Unauthorized, "{}: unauthorized: the registry asks for an unsupported authentication "
                "(\"{}\")", what, challenge_header);
}

Result<std::unique_ptr<HttpStream>> RepositoryClient::send_once(const std::string& method, const Url& start,
                                                                const Headers& headers, const std::string& body,
                                                                const StreamedBody& streamed) {
    Url url = start;
    for (int redirects = 0; redirects <= 5; ++redirects) {
        auto tls_context = url.scheme == "https" ? tls() : nullptr;
        if (!tls_context) return std::unexpected(tls_context.error());
        HttpRequest request{method, headers, streamed.blob ? std::string() : body, {}, streamed.length};
        if (streamed.blob)
            request.body_source = [&blob = *streamed.blob, at = streamed.offset](char* buffer, size_t n) mutable {
                auto got = blob(at, buffer, n);
                if (got) at += *got;
                return got;
            };
        // Credentials go to the registry only, never to where it redirects (storage).
        if (!authorization_.empty() && url.authority() == base_.authority())
            request.headers.emplace_back("Authorization", authorization_);
        auto stream = open(url, request, options_.timeout, *tls_context);
        if (!stream) return stream;
        const auto& head = (*stream)->head();
        if (!is_redirect(head.status) || (method != "GET" && method != "HEAD")) return stream;
        auto next = resolve_url(url, head.header("location"));
        if (!next) return std::unexpected(next.error());
        url = *next;
    }
    return fail(ErrorCategory::System, "{} {}: too many redirects", method, start.str());
}

Result<std::unique_ptr<HttpStream>> RepositoryClient::send(const std::string& method, const std::string& target,
                                                           Headers headers, const std::string& body,
                                                           const StreamedBody& streamed) {
    Url url = base_;
    if (target.find("://") != std::string::npos) {
        auto absolute = parse_url(target);
        if (!absolute) return std::unexpected(absolute.error());
        url = *absolute;
    } else {
        url.target = target;
    }
    std::string what = std::format("{} \"{}\"", method == "GET" ? "Get" : method == "HEAD" ? "Head" : method, url.str());
    // Only reads are repeated: a repeated PATCH or PUT could apply twice.
    int attempts = method == "GET" || method == "HEAD" ? options_.attempts : 1;
    bool challenged = false;
    for (int attempt = 1;; ++attempt) {
        auto stream = send_once(method, url, headers, body, streamed);
        bool retry = false;
        if (!stream) {
            if (stream.error().category() != ErrorCategory::Unavailable)
                return std::unexpected(stream.error().wrap("{}", what));
            retry = true;
        } else if ((*stream)->head().status == 401 && !challenged) {
            challenged = true;
            auto authorized = authorize((*stream)->head().header("www-authenticate"), what);
            if (!authorized) return std::unexpected(authorized.error());
            --attempt; // answering the challenge is not a failure
            continue;
        } else if ((*stream)->head().status >= 500) {
            retry = true;
        }
        if (!retry || attempt >= attempts) {
            if (!stream) return std::unexpected(stream.error().wrap("{}", what));
            return stream;
        }
        std::this_thread::sleep_for(options_.retry_delay * attempt);
    }
}

Result<HttpResponse> RepositoryClient::exchange(const std::string& method, const std::string& target,
                                                Headers headers, const std::string& body, size_t body_limit,
                                                const StreamedBody& streamed) {
    auto stream = send(method, target, std::move(headers), body, streamed);
    if (!stream) return std::unexpected(stream.error());
    HttpResponse response = (*stream)->head();
    auto answer = (*stream)->read_all(body_limit);
    if (!answer) return std::unexpected(answer.error());
    response.body = std::move(*answer);
    return response;
}

Result<std::vector<std::string>> RepositoryClient::tags() {
    std::vector<std::string> out;
    std::string target = "/v2/" + path_ + "/tags/list?n=1000";
    for (int page = 0; page < 100 && !target.empty(); ++page) {
        auto answer = exchange("GET", target, {}, {}, 8 << 20);
        if (!answer) return std::unexpected(answer.error());
        if (answer->status == 404) return fail(ErrorCategory::NotFound, "not found: {}", registry_error_text(*answer));
        if (answer->status == 401 || answer->status == 403)
            return fail(ErrorCategory::Unauthorized, "unauthorized: {}", registry_error_text(*answer));
        if (answer->status != 200) return fail(ErrorCategory::System, "listing tags: {}", registry_error_text(*answer));
        auto body = json::parse(answer->body, nullptr, false);
        if (!body.is_object() || !(body.value("tags", json()).is_array() || body.value("tags", json()).is_null()))
            return fail(ErrorCategory::System, "listing tags: the registry's answer is not a tag list");
        for (const auto& tag : body.value("tags", json::array()))
            if (tag.is_string()) out.push_back(tag.get<std::string>());
        // The next page, as the distribution spec's Link header names it: <url>; rel="next".
        std::string link = answer->header("link");
        target.clear();
        if (auto open = link.find('<'), close = link.find('>'); open != std::string::npos && close > open &&
                                                                 link.find("rel=\"next\"") != std::string::npos)
            target = link.substr(open + 1, close - open - 1);
    }
    return out;
}

Result<bool> RepositoryClient::has_blob(const std::string& digest) {
    auto response = exchange("HEAD", "/v2/" + path_ + "/blobs/" + digest, {});
    if (!response) return std::unexpected(response.error());
    if (response->status == 200) return true;
    if (response->status == 404) return false;
    return fail(response->status == 401 || response->status == 403 ? ErrorCategory::Unauthorized : ErrorCategory::System,
                "checking blob {}: {}", digest, registry_error_text(*response));
}

namespace {

std::string with_query(const std::string& location, const std::string& parameter) {
    return location + (location.find('?') == std::string::npos ? "?" : "&") + parameter;
}

} // namespace

Result<bool> RepositoryClient::mount_blob(const std::string& digest, const std::string& from_path) {
    auto response = exchange("POST", "/v2/" + path_ + "/blobs/uploads/?mount=" + digest + "&from=" + from_path, {});
    if (!response) return std::unexpected(response.error());
    if (response->status == 201) return true;
    if (response->status == 202) {
        // The registry started an upload instead: drop it, the caller uploads afresh.
        if (auto location = response->header("location"); !location.empty()) (void)exchange("DELETE", location, {});
        return false;
    }
    return false;
}

Result<> RepositoryClient::upload_blob(const std::string& digest, uint64_t size, const BlobSource& blob,
                                       uint64_t chunk_size) {
    for (int attempt = 1;; ++attempt) {
        auto uploaded = upload_blob_once(digest, size, blob, chunk_size);
        // Only a broken connection (Unavailable) is worth another try; the
        // registry's refusals would be the same again.
        if (uploaded || uploaded.error().category() != ErrorCategory::Unavailable || attempt >= options_.attempts)
            return uploaded;
        std::this_thread::sleep_for(options_.retry_delay * attempt);
    }
}

Result<> RepositoryClient::upload_blob_once(const std::string& digest, uint64_t size, const BlobSource& blob,
                                            uint64_t chunk_size) {
    auto started = exchange("POST", "/v2/" + path_ + "/blobs/uploads/", {});
    if (!started) return std::unexpected(started.error());
    if (started->status != 202)
        return fail(started->status == 401 || started->status == 403 ? ErrorCategory::Unauthorized
                                                                      : ErrorCategory::System,
                    "starting the upload of {}: {}", digest, registry_error_text(*started));
    std::string location = started->header("location");
    if (location.empty()) return fail(ErrorCategory::System, "starting the upload of {}: no Location", digest);
    const Headers octets = {{"Content-Type", "application/octet-stream"}};
    if (chunk_size == 0 || size <= chunk_size) {
        // Monolithic: one PUT with the digest and the whole blob.
        auto put = exchange("PUT", with_query(location, "digest=" + digest), octets, {}, 1 << 20, {&blob, 0, size});
        if (!put) return std::unexpected(put.error());
        if (put->status != 201)
            return fail(ErrorCategory::System, "uploading {}: {}", digest, registry_error_text(*put));
        return {};
    }
    // Chunked: PATCH each piece at its range, then PUT the digest.
    for (uint64_t sent = 0; sent < size;) {
        uint64_t length = std::min(chunk_size, size - sent);
        Headers headers = octets;
        headers.emplace_back("Content-Range", std::format("{}-{}", sent, sent + length - 1));
        auto patched = exchange("PATCH", location, std::move(headers), {}, 1 << 20, {&blob, sent, length});
        if (!patched) return std::unexpected(patched.error());
        if (patched->status != 202)
            return fail(ErrorCategory::System, "uploading {} at {}: {}", digest, sent, registry_error_text(*patched));
        sent += length;
        if (auto next = patched->header("location"); !next.empty()) location = next;
    }
    auto put = exchange("PUT", with_query(location, "digest=" + digest), octets);
    if (!put) return std::unexpected(put.error());
    if (put->status != 201)
        return fail(ErrorCategory::System, "finishing the upload of {}: {}", digest, registry_error_text(*put));
    return {};
}

Result<std::string> RepositoryClient::put_manifest(const std::string& reference, const std::string& media_type,
                                                   const std::string& body) {
    auto put = exchange("PUT", "/v2/" + path_ + "/manifests/" + reference, {{"Content-Type", media_type}}, body);
    if (!put) return std::unexpected(put.error());
    if (put->status != 201)
        return fail(put->status == 401 || put->status == 403 ? ErrorCategory::Unauthorized : ErrorCategory::System,
                    "pushing the manifest: {}", registry_error_text(*put));
    return digest_of(body);
}

Result<FetchedManifest> RepositoryClient::manifest(std::string_view reference) {
    auto answer = exchange("GET", "/v2/" + path_ + "/manifests/" + std::string(reference),
                           {{"Accept", manifest_accept_header()}}, {}, kMaxManifestBytes);
    if (!answer) return std::unexpected(answer.error());
    const HttpResponse& head = *answer;
    const std::string& body = head.body;
    if (head.status == 404)
        return fail(ErrorCategory::NotFound, "not found: {}", registry_error_text(head));
    if (head.status == 401 || head.status == 403)
        return fail(ErrorCategory::Unauthorized, "unauthorized: {}", registry_error_text(head));
    if (head.status != 200) return fail(ErrorCategory::System, "{}", registry_error_text(head));
    FetchedManifest manifest{manifest_media_type(head.header("content-type"), body), digest_of(body), body};
    if (images::is_sha256_digest(reference) && manifest.digest != reference)
        return fail(ErrorCategory::Invalid, "manifest verification failed for digest {}", reference);
    return manifest;
}

Result<std::string> RepositoryClient::blob(const Descriptor& descriptor, size_t limit) {
    if (descriptor.size > 0 && static_cast<uint64_t>(descriptor.size) > limit)
        return fail(ErrorCategory::Invalid, "blob {} is larger than {} bytes", descriptor.digest, limit);
    auto answer = exchange("GET", "/v2/" + path_ + "/blobs/" + descriptor.digest, {}, {}, limit);
    if (!answer) return std::unexpected(answer.error());
    if (answer->status != 200)
        return fail(answer->status == 404 ? ErrorCategory::NotFound : ErrorCategory::System, "fetching blob {}: {}",
                    descriptor.digest, registry_error_text(*answer));
    // moby's pullSchema2Config wording (what `docker pull` shows for a config
    // whose bytes do not match its digest).
    if (digest_of(answer->body) != descriptor.digest)
        return fail(ErrorCategory::Invalid, "image config verification failed for digest {}", descriptor.digest);
    return std::move(answer->body);
}

Result<std::unique_ptr<BlobReader>> RepositoryClient::open_blob(const Descriptor& descriptor) {
    std::unique_ptr<BlobReader> reader(new BlobReader(*this, descriptor));
    if (auto opened = reader->reopen(); !opened) return std::unexpected(opened.error());
    return reader;
}

Result<> BlobReader::reopen() {
    RepositoryClient::Headers headers;
    if (offset_ > 0) headers.emplace_back("Range", std::format("bytes={}-", offset_));
    auto stream = client_.send("GET", "/v2/" + client_.path_ + "/blobs/" + blob_.digest, headers, {});
    if (!stream) return std::unexpected(stream.error());
    int status = (*stream)->head().status;
    if (status == 200 && offset_ > 0) {
        // No range support: skip what we already have.
        char discard[16384];
        for (uint64_t skipped = 0; skipped < offset_;) {
            auto n = (*stream)->read(discard, std::min<uint64_t>(sizeof discard, offset_ - skipped));
            if (!n) return std::unexpected(n.error());
            if (*n == 0) return fail(ErrorCategory::Unavailable, "blob {}: shorter on a second try", blob_.digest);
            skipped += *n;
        }
    } else if (status != 200 && !(status == 206 && offset_ > 0)) {
        HttpResponse head = (*stream)->head();
        head.body = (*stream)->read_all(1 << 16).value_or("");
        return fail(status == 404 ? ErrorCategory::NotFound : ErrorCategory::System, "fetching blob {}: {}",
                    blob_.digest, registry_error_text(head));
    }
    stream_ = std::move(*stream);
    return {};
}

Result<size_t> BlobReader::read(char* buffer, size_t size) {
    while (true) {
        auto n = stream_->read(buffer, size);
        if (n) {
            // A connection that ends early (no error from a close-delimited body) is broken too.
            bool short_end = *n == 0 && blob_.size > 0 && offset_ < static_cast<uint64_t>(blob_.size);
            if (!short_end) {
                offset_ += *n;
                return *n;
            }
        }
        if (++resumes_ > client_.options_.attempts)
            return n ? fail(ErrorCategory::Unavailable, "blob {}: the registry ended it after {} of {} bytes",
                            blob_.digest, offset_, blob_.size)
                     : std::unexpected(n.error());
        std::this_thread::sleep_for(client_.options_.retry_delay);
        if (auto reopened = reopen(); !reopened) return std::unexpected(reopened.error());
    }
}

Result<> check_login(const Url& base, const Credentials& credentials, const RegistryOptions& options) {
    RepositoryClient client(base, "", credentials, options);
    auto stream = client.send("GET", "/v2/", {}, {});
    if (!stream) return std::unexpected(stream.error());
    int status = (*stream)->head().status;
    if (status == 200) return {};
    Url url = base;
    url.target = "/v2/";
    return fail(status == 401 || status == 403 ? ErrorCategory::Unauthorized : ErrorCategory::System,
                "login attempt to {} failed with status: {} {}", url.str(), status, (*stream)->head().reason);
}

} // namespace berth::registry
