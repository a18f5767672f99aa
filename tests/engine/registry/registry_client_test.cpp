// RepositoryClient against a scripted registry on 127.0.0.1: authentication
// challenges, retries of 5xx, resumed blobs, digest checks, size limits.
#include "registry/registry_client.h"

#include "base/base64.h"
#include "base/digest.h"
#include "loopback_listener.h"

#include <arpa/inet.h>
#include <atomic>
#include <functional>
#include <gtest/gtest.h>
#include <map>
#include <mutex>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace berth::registry {
namespace {

struct SeenRequest {
    std::string method;
    std::string target;
    std::map<std::string, std::string> headers; // lower-case names
    std::string body;
};

// One request per connection (the client says Connection: close); the handler
// returns the raw bytes to answer with, so a test can cut an answer short.
class FakeRegistry {
public:
    using Handler = std::function<std::string(const SeenRequest&)>;
    explicit FakeRegistry(Handler handler) : handler_(std::move(handler)) {
        thread_ = std::thread([this] { serve(); });
    }
    ~FakeRegistry() {
        stopping_ = true;
        listener_.shut_down();
        thread_.join();
    }
    Url base() const { return parse_url(origin() + "/").value(); }
    std::string origin() const { return "http://127.0.0.1:" + std::to_string(listener_.port()); }
    std::vector<SeenRequest> seen() {
        std::lock_guard lock(mutex_);
        return seen_;
    }

private:
    void serve() {
        while (!stopping_) {
            int client = listener_.accept();
            if (client < 0) return;
            std::string data;
            char buffer[4096];
            while (data.find("\r\n\r\n") == std::string::npos) {
                ssize_t n = ::read(client, buffer, sizeof buffer);
                if (n <= 0) break;
                data.append(buffer, static_cast<size_t>(n));
            }
            SeenRequest request;
            auto line_end = data.find("\r\n");
            std::string line = data.substr(0, line_end);
            request.method = line.substr(0, line.find(' '));
            request.target = line.substr(line.find(' ') + 1, line.rfind(' ') - line.find(' ') - 1);
            for (size_t at = line_end + 2; at < data.size();) {
                auto end = data.find("\r\n", at);
                if (end == std::string::npos || end == at) break;
                std::string header = data.substr(at, end - at);
                auto colon = header.find(':');
                std::string name = header.substr(0, colon);
                for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                request.headers[name] = header.substr(header.find_first_not_of(' ', colon + 1));
                at = end + 2;
            }
            // The body, by Content-Length (uploads).
            request.body = data.substr(std::min(data.size(), data.find("\r\n\r\n") + 4));
            size_t length = request.headers.count("content-length") ? std::stoul(request.headers["content-length"]) : 0;
            while (request.body.size() < length) {
                ssize_t n = ::read(client, buffer, sizeof buffer);
                if (n <= 0) break;
                request.body.append(buffer, static_cast<size_t>(n));
            }
            {
                std::lock_guard lock(mutex_);
                seen_.push_back(request);
            }
            std::string answer = handler_(request);
            for (size_t sent = 0; sent < answer.size();) {
                ssize_t n = ::send(client, answer.data() + sent, answer.size() - sent, MSG_NOSIGNAL);
                if (n <= 0) break;
                sent += static_cast<size_t>(n);
            }
            ::close(client);
        }
    }
    Handler handler_;
    LoopbackListener listener_;
    std::atomic<bool> stopping_ = false;
    std::thread thread_;
    std::mutex mutex_;
    std::vector<SeenRequest> seen_;
};

const std::string kManifest =
    R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"digest":"sha256:)" +
    std::string(64, 'a') + R"(","size":2},"layers":[]})";

RegistryOptions fast_options() {
    RegistryOptions options;
    options.retry_delay = std::chrono::milliseconds(1);
    options.timeout = std::chrono::seconds(5);
    return options;
}

TEST(RepositoryClient, AnswersABearerChallengeWithATokenForTheScope) {
    std::string origin;
    FakeRegistry registry([&](const SeenRequest& r) {
        if (r.target.starts_with("/token")) {
            if (r.headers.count("authorization") == 0 ||
                r.headers.at("authorization") != "Basic " + base64_encode("tester:secret"))
                return answer(401, "{}");
            return answer(200, R"({"token":"tok123"})");
        }
        if (r.headers.count("authorization") && r.headers.at("authorization") == "Bearer tok123")
            return answer(200, kManifest, {"Content-Type: application/vnd.oci.image.manifest.v1+json"});
        return answer(401, R"({"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]})",
                      {"WWW-Authenticate: Bearer realm=\"" + origin + "/token\",service=\"fake\""});
    });
    origin = registry.origin();
    RepositoryClient client(registry.base(), "team/app", {"tester", "secret", "", ""}, fast_options());
    auto manifest = client.manifest("v1");
    ASSERT_TRUE(manifest) << manifest.error().message();
    EXPECT_EQ(manifest->digest, digest_of(kManifest));
    EXPECT_EQ(manifest->media_type, media_type::kOciManifest);
    auto seen = registry.seen();
    ASSERT_EQ(seen.size(), 3u);
    EXPECT_EQ(seen[0].target, "/v2/team/app/manifests/v1");
    EXPECT_NE(seen[0].headers.at("accept").find("application/vnd.oci.image.index.v1+json"), std::string::npos);
    EXPECT_EQ(seen[1].target, "/token?service=fake&scope=repository:team/app:pull&account=tester");

    RepositoryClient wrong(registry.base(), "team/app", {"tester", "wrong", "", ""}, fast_options());
    auto refused = wrong.manifest("v1");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().category(), ErrorCategory::Unauthorized);
}

TEST(RepositoryClient, CredentialsGoInClearOnlyToTheRegistryItself) {
    // The challenge names a plain-HTTP token server elsewhere (127.0.0.2 is
    // another host as far as the client knows): the password must not go there.
    std::string realm;
    FakeRegistry registry([&](const SeenRequest& r) {
        if (r.target.starts_with("/token")) return answer(200, R"({"token":"leaked"})");
        return answer(401, "{}", {"WWW-Authenticate: Bearer realm=\"" + realm + "/token\",service=\"fake\""});
    });
    Url elsewhere = registry.base();
    elsewhere.host = "127.0.0.2";
    elsewhere.target.clear();
    realm = elsewhere.str();
    RepositoryClient client(registry.base(), "team/app", {"tester", "secret", "", ""}, fast_options());
    auto refused = client.manifest("v1");
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message().find("refusing to send credentials to the token server 127.0.0.2"),
              std::string::npos)
        << refused.error().message();
    for (const auto& seen : registry.seen()) EXPECT_FALSE(seen.target.starts_with("/token")) << seen.target;
}

TEST(RepositoryClient, ListsTagsAcrossPages) {
    FakeRegistry registry([](const SeenRequest& r) {
        if (r.target == "/v2/team/app/tags/list?n=1000")
            return answer(200, R"({"name":"team/app","tags":["1","2"]})",
                          {"Link: </v2/team/app/tags/list?last=2&n=1000>; rel=\"next\""});
        if (r.target == "/v2/team/app/tags/list?last=2&n=1000") return answer(200, R"({"name":"team/app","tags":["3"]})");
        return answer(404, R"({"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known"}]})");
    });
    RepositoryClient client(registry.base(), "team/app", {}, fast_options());
    auto tags = client.tags();
    ASSERT_TRUE(tags) << tags.error().message();
    EXPECT_EQ(*tags, (std::vector<std::string>{"1", "2", "3"}));
    RepositoryClient missing(registry.base(), "nope", {}, fast_options());
    auto none = missing.tags();
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().category(), ErrorCategory::NotFound);
}

TEST(RepositoryClient, BasicChallengeWithoutCredentialsSaysSo) {
    FakeRegistry registry([](const SeenRequest&) {
        return answer(401, "{}", {"WWW-Authenticate: Basic realm=\"Registry Realm\""});
    });
    RepositoryClient client(registry.base(), "multi", {}, fast_options());
    auto manifest = client.manifest("layers");
    ASSERT_FALSE(manifest);
    EXPECT_EQ(manifest.error().category(), ErrorCategory::Unauthorized);
    EXPECT_NE(manifest.error().message().find("no basic auth credentials"), std::string::npos)
        << manifest.error().message();
    EXPECT_EQ(registry.seen().size(), 1u);
}

TEST(RepositoryClient, LoginChecksTheCredentials) {
    FakeRegistry registry([](const SeenRequest& r) {
        if (r.headers.count("authorization") && r.headers.at("authorization") == "Basic " + base64_encode("u:p"))
            return answer(200, "{}");
        return answer(401, "{}", {"WWW-Authenticate: Basic realm=\"r\""});
    });
    EXPECT_TRUE(check_login(registry.base(), {"u", "p", "", ""}, fast_options()));
    auto refused = check_login(registry.base(), {"u", "nope", "", ""}, fast_options());
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().category(), ErrorCategory::Unauthorized);
    EXPECT_NE(refused.error().message().find("login attempt to " + registry.origin() + "/v2/ failed with status: 401"),
              std::string::npos)
        << refused.error().message();
}

TEST(RepositoryClient, RetriesServerErrorsThenGivesUp) {
    std::atomic<int> calls = 0;
    FakeRegistry flaky([&](const SeenRequest&) {
        return ++calls <= 2 ? answer(500, "oops") : answer(200, kManifest);
    });
    RepositoryClient client(flaky.base(), "x", {}, fast_options());
    EXPECT_TRUE(client.manifest("t"));
    EXPECT_EQ(calls.load(), 3);

    FakeRegistry broken([](const SeenRequest&) {
        return answer(503, R"({"errors":[{"code":"UNAVAILABLE","message":"down for maintenance"}]})");
    });
    RepositoryClient gives_up(broken.base(), "x", {}, fast_options());
    auto failed = gives_up.manifest("t");
    ASSERT_FALSE(failed);
    EXPECT_NE(failed.error().message().find("unavailable: down for maintenance"), std::string::npos)
        << failed.error().message();
    EXPECT_EQ(broken.seen().size(), 3u);
}

TEST(RepositoryClient, ManifestErrors) {
    std::string big(kMaxManifestBytes + 10, ' ');
    FakeRegistry registry([&](const SeenRequest& r) {
        if (r.target.ends_with("/missing"))
            return answer(404, R"({"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]})");
        if (r.target.ends_with("/big")) return answer(200, big);
        return answer(200, kManifest);
    });
    RepositoryClient client(registry.base(), "x", {}, fast_options());
    auto missing = client.manifest("missing");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().category(), ErrorCategory::NotFound);
    EXPECT_EQ(missing.error().message(), "not found: manifest unknown: manifest unknown");
    EXPECT_FALSE(client.manifest("big"));
    // Asked by digest, the body must hash to it.
    auto wrong = client.manifest("sha256:" + std::string(64, 'f'));
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().category(), ErrorCategory::Invalid);
    EXPECT_TRUE(client.manifest(digest_of(kManifest)));
}

TEST(RepositoryClient, BlobsResumeWithARangeAfterABrokenTransfer) {
    std::string blob(300000, '\0');
    for (size_t i = 0; i < blob.size(); ++i) blob[i] = static_cast<char>(i * 7 % 251);
    std::atomic<int> calls = 0;
    FakeRegistry registry([&](const SeenRequest& r) {
        int call = ++calls;
        size_t from = 0;
        if (auto range = r.headers.find("range"); range != r.headers.end())
            from = std::stoul(range->second.substr(6));
        std::string rest = blob.substr(from);
        std::string status = from ? "206 Partial Content" : "200 OK";
        std::string head = "HTTP/1.1 " + status + "\r\nContent-Length: " + std::to_string(rest.size()) + "\r\n\r\n";
        // The first two answers stop a third of the way in.
        return head + (call <= 2 ? rest.substr(0, rest.size() / 3) : rest);
    });
    RepositoryClient client(registry.base(), "x", {}, fast_options());
    Descriptor descriptor{"application/vnd.oci.image.layer.v1.tar", digest_of(blob), static_cast<int64_t>(blob.size()), {}};
    auto reader = client.open_blob(descriptor);
    ASSERT_TRUE(reader) << reader.error().message();
    std::string got;
    char buffer[8192];
    while (true) {
        auto n = (*reader)->read(buffer, sizeof buffer);
        ASSERT_TRUE(n) << n.error().message();
        if (*n == 0) break;
        got.append(buffer, *n);
    }
    EXPECT_EQ(got, blob);
    auto seen = registry.seen();
    ASSERT_EQ(seen.size(), 3u);
    EXPECT_EQ(seen[1].headers.at("range"), "bytes=" + std::to_string(blob.size() / 3) + "-");
}

TEST(RepositoryClient, ABlobThatKeepsBreakingIsAClearError) {
    std::string blob(100000, 'z');
    FakeRegistry registry([&](const SeenRequest&) {
        return "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(blob.size()) + "\r\n\r\n" + blob.substr(0, 10);
    });
    RepositoryClient client(registry.base(), "x", {}, fast_options());
    Descriptor descriptor{"application/vnd.oci.image.layer.v1.tar", digest_of(blob), static_cast<int64_t>(blob.size()), {}};
    auto reader = client.open_blob(descriptor);
    ASSERT_TRUE(reader);
    char buffer[8192];
    Result<size_t> n = 0;
    do n = (*reader)->read(buffer, sizeof buffer);
    while (n && *n > 0);
    ASSERT_FALSE(n);
    EXPECT_EQ(n.error().category(), ErrorCategory::Unavailable);
}

TEST(RepositoryClient, SmallBlobsAreVerified) {
    FakeRegistry registry([](const SeenRequest&) { return answer(200, "{\"not\":\"the config\"}"); });
    RepositoryClient client(registry.base(), "x", {}, fast_options());
    auto config = client.blob({"", digest_of("{}"), 2, {}}, 1 << 20);
    ASSERT_FALSE(config);
    EXPECT_EQ(config.error().message(), "image config verification failed for digest " + digest_of("{}"));
    EXPECT_EQ(config.error().category(), ErrorCategory::Invalid);
}

// A blob larger than one chunk goes up as PATCHes at their ranges, then a PUT
// with the digest; one that fits is a single PUT. The manifest goes last.
TEST(RepositoryClient, UploadsChunkedAndMonolithic) {
    std::string uploaded;
    FakeRegistry registry([&](const SeenRequest& r) {
        if (r.method == "POST") return answer(202, "", {"Location: /v2/x/blobs/uploads/u1?_state=s"});
        if (r.method == "PATCH") {
            uploaded += r.body;
            return answer(202, "", {"Location: /v2/x/blobs/uploads/u1?_state=s2"});
        }
        if (r.method == "PUT" && r.target.starts_with("/v2/x/blobs/uploads/")) {
            uploaded += r.body;
            return answer(201, "");
        }
        if (r.method == "PUT") return answer(201, "");
        return answer(404, "");
    });
    RepositoryClient client(registry.base(), "x", {}, fast_options(), "pull,push");
    std::string blob(25, 'q');
    for (size_t i = 0; i < blob.size(); ++i) blob[i] = static_cast<char>('a' + i);
    // Hands over at most 4 bytes a time: chunks are pulled piece by piece, not read whole.
    auto reader = [&](std::string_view data) {
        return [data](uint64_t offset, char* buffer, size_t n) -> Result<size_t> {
            if (offset >= data.size()) return 0;
            return data.substr(offset).copy(buffer, std::min(n, size_t{4}));
        };
    };
    ASSERT_TRUE(client.upload_blob(digest_of(blob), blob.size(), reader(blob), 10));
    EXPECT_EQ(uploaded, blob);
    auto seen = registry.seen();
    ASSERT_EQ(seen.size(), 5u); // POST, 3 PATCH, PUT
    EXPECT_EQ(seen[1].headers.at("content-range"), "0-9");
    EXPECT_EQ(seen[2].target, "/v2/x/blobs/uploads/u1?_state=s2");
    EXPECT_EQ(seen[3].headers.at("content-range"), "20-24");
    EXPECT_EQ(seen[4].method, "PUT");
    EXPECT_EQ(seen[4].target, "/v2/x/blobs/uploads/u1?_state=s2&digest=" + digest_of(blob));
    EXPECT_TRUE(seen[4].body.empty());

    uploaded.clear();
    ASSERT_TRUE(client.upload_blob(digest_of("small"), 5, reader("small"), 10));
    EXPECT_EQ(uploaded, "small");
    EXPECT_EQ(registry.seen().size(), 7u); // POST, PUT
    auto digest = client.put_manifest("v1", std::string(media_type::kOciManifest), kManifest);
    ASSERT_TRUE(digest);
    EXPECT_EQ(*digest, digest_of(kManifest));
    auto last = registry.seen().back();
    EXPECT_EQ(last.target, "/v2/x/manifests/v1");
    EXPECT_EQ(last.headers.at("content-type"), media_type::kOciManifest);
    EXPECT_EQ(last.body, kManifest);
}

// An upload the connection drops under starts again in a new upload session
// (POST, then the whole blob), as Docker's pusher retries a layer; a refusal
// (an HTTP status) is not retried.
TEST(RepositoryClient, AnUploadCutShortStartsAgainInANewSession) {
    int sessions = 0;
    FakeRegistry registry([&](const SeenRequest& r) {
        if (r.method == "POST")
            return answer(202, "", {std::format("Location: /v2/x/blobs/uploads/u{}", ++sessions)});
        if (r.method == "PUT" && r.target.starts_with("/v2/x/blobs/uploads/u1")) return std::string(); // cut
        if (r.method == "PUT" && r.target.starts_with("/v2/x/blobs/uploads/u2")) return answer(201, "");
        return answer(400, "{\"errors\":[{\"code\":\"BLOB_UPLOAD_INVALID\",\"message\":\"no\"}]}");
    });
    RepositoryClient client(registry.base(), "x", {}, fast_options(), "pull,push");
    std::string blob = "the layer";
    auto reader = [&](uint64_t offset, char* buffer, size_t n) -> Result<size_t> {
        return offset >= blob.size() ? 0 : std::string_view(blob).substr(offset).copy(buffer, n);
    };
    auto uploaded = client.upload_blob(digest_of(blob), blob.size(), reader);
    ASSERT_TRUE(uploaded) << uploaded.error().message();
    auto seen = registry.seen();
    ASSERT_EQ(seen.size(), 4u); // POST, PUT (cut), POST, PUT
    EXPECT_EQ(seen[2].method, "POST");
    EXPECT_EQ(seen[3].body, blob);

    auto refused = client.upload_blob(digest_of(blob), blob.size(), reader);
    ASSERT_FALSE(refused);
    EXPECT_EQ(registry.seen().size(), 6u) << "a refused upload was tried again";
}

// A streamed chunk the registry refuses with a 401 (an expired token) is sent
// again whole, from its start, once the challenge is answered.
TEST(RepositoryClient, AChunkRefusedWithA401IsSentAgainFromItsStart) {
    std::string uploaded;
    bool refused = false;
    FakeRegistry registry([&](const SeenRequest& r) {
        if (r.method == "POST") return answer(202, "", {"Location: /v2/x/blobs/uploads/u1"});
        if (r.method == "PATCH" && r.headers.at("content-range") == "10-19" && !refused) {
            refused = true;
            return answer(401, "", {"WWW-Authenticate: Basic realm=\"x\""});
        }
        if (r.method == "PATCH") {
            uploaded += r.body;
            return answer(202, "", {"Location: /v2/x/blobs/uploads/u1"});
        }
        if (r.method == "PUT") return answer(201, "");
        return answer(404, "");
    });
    Credentials credentials;
    credentials.username = "u";
    credentials.password = "p";
    RepositoryClient client(registry.base(), "x", credentials, fast_options(), "pull,push");
    std::string blob = "abcdefghijklmnopqrstuvwxy";
    auto read_at = [&](uint64_t offset, char* buffer, size_t n) -> Result<size_t> {
        if (offset >= blob.size()) return 0;
        return blob.substr(offset).copy(buffer, n);
    };
    ASSERT_TRUE(client.upload_blob(digest_of(blob), blob.size(), read_at, 10));
    EXPECT_TRUE(refused);
    EXPECT_EQ(uploaded, blob);
    auto seen = registry.seen();
    ASSERT_EQ(seen.size(), 6u); // POST, PATCH, PATCH (401), PATCH again, PATCH, PUT
    EXPECT_EQ(seen[3].body, "klmnopqrst");
    EXPECT_TRUE(seen[3].headers.contains("authorization"));
}

TEST(RegistryBaseUrl, LoopbackAndInsecureRegistriesArePlainHttp) {
    RegistryOptions options;
    options.certs_dir = ""; // none: the rule alone (tls_test.cpp has certs.d's part)
    options.insecure_registries = {"myregistry:5000"};
    EXPECT_EQ(registry_base_url("127.0.0.1:5000", options).str(), "http://127.0.0.1:5000/");
    EXPECT_EQ(registry_base_url("localhost:5000", options).str(), "http://localhost:5000/");
    EXPECT_EQ(registry_base_url("myregistry:5000", options).str(), "http://myregistry:5000/");
    EXPECT_EQ(registry_base_url("other.example", options).str(), "https://other.example/");
    EXPECT_EQ(registry_base_url("docker.io", options).str(), "https://registry-1.docker.io/");
}

} // namespace
} // namespace berth::registry
