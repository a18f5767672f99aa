// TLS towards registries: certs.d discovery, the scheme rule, mirrors as pull
// endpoints, and real handshakes against a scripted HTTPS registry on
// 127.0.0.1 whose CA and certificates are made here (no files, no network).
#include "registry/registry_client.h"
#include "registry/tls.h"

#include "base/digest.h"
#include "loopback_listener.h"
#include "support/temp_dir.h"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <gtest/gtest.h>
#include <memory>
#include <mutex>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <thread>
#include <unistd.h>

namespace berth::registry {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

void write(const std::string& path, const std::string& content) {
    fs::create_directories(fs::path(path).parent_path());
    std::ofstream(path) << content;
}

// ---- certs.d ------------------------------------------------------------------

TEST(CertsDirectory, IsNamedAfterTheRegistryAsReferencesSpellIt) {
    TempDir certs;
    fs::create_directories(certs / "reg.lan:5000");
    fs::create_directories(certs / "plain.lan");
    fs::create_directories(certs / "port443.lan:443");
    EXPECT_EQ(registry_certs_directory(certs.path(), "reg.lan:5000"), certs / "reg.lan:5000");
    EXPECT_EQ(registry_certs_directory(certs.path(), "reg.lan"), std::nullopt) << "another port, another registry";
    EXPECT_EQ(registry_certs_directory(certs.path(), "plain.lan"), certs / "plain.lan");
    EXPECT_EQ(registry_certs_directory(certs.path(), "plain.lan:443"), certs / "plain.lan");
    EXPECT_EQ(registry_certs_directory(certs.path(), "port443.lan"), certs / "port443.lan:443");
    EXPECT_EQ(registry_certs_directory(certs.path(), ".."), std::nullopt);
    EXPECT_EQ(registry_certs_directory(certs.path(), "a/../.."), std::nullopt);
    EXPECT_EQ(registry_certs_directory("", "plain.lan"), std::nullopt);
    EXPECT_EQ(registry_certs_directory(certs / "missing", "plain.lan"), std::nullopt);
}

TEST(CertsDirectory, FindsCasAndClientPairsLikeDocker) {
    TempDir certs;
    std::string dir = certs / "reg.lan:5000";
    write(dir + "/b.crt", "");
    write(dir + "/a.crt", "");
    write(dir + "/client.cert", "");
    write(dir + "/client.key", "");
    write(dir + "/README", "");
    fs::create_directories(dir + "/sub.crt");
    auto found = find_registry_certs(certs.path(), "reg.lan:5000");
    ASSERT_TRUE(found) << found.error().message();
    EXPECT_EQ(found->directory, dir);
    EXPECT_EQ(found->ca_files, (std::vector<std::string>{dir + "/a.crt", dir + "/b.crt"}));
    ASSERT_EQ(found->client_certs.size(), 1u);
    EXPECT_EQ(found->client_certs[0].cert_file, dir + "/client.cert");
    EXPECT_EQ(found->client_certs[0].key_file, dir + "/client.key");

    auto none = find_registry_certs(certs.path(), "other.lan");
    ASSERT_TRUE(none);
    EXPECT_TRUE(none->directory.empty());
    EXPECT_TRUE(none->ca_files.empty());
}

TEST(CertsDirectory, AHalfClientPairIsAnErrorInDockersWords) {
    TempDir certs;
    write(certs / "a.lan/client.cert", "");
    auto no_key = find_registry_certs(certs.path(), "a.lan");
    ASSERT_FALSE(no_key);
    EXPECT_EQ(no_key.error().message(), "missing key " + certs / "a.lan/client.key" + " for client certificate " +
                                            certs / "a.lan/client.cert" +
                                            ". CA certificates must use the extension .crt");
    write(certs / "b.lan/client.key", "");
    auto no_cert = find_registry_certs(certs.path(), "b.lan");
    ASSERT_FALSE(no_cert);
    EXPECT_EQ(no_cert.error().message(), "missing client certificate " + certs / "b.lan/client.cert" + " for key " +
                                             certs / "b.lan/client.key");
}

TEST(RegistryBaseUrl, LoopbackWithACertsDirectorySpeaksTls) {
    TempDir certs;
    fs::create_directories(certs / "127.0.0.1:5443");
    fs::create_directories(certs / "insecure.lan:5000");
    RegistryOptions options;
    options.certs_dir = certs.path();
    options.insecure_registries = {"insecure.lan:5000"};
    EXPECT_EQ(registry_base_url("127.0.0.1:5443", options).str(), "https://127.0.0.1:5443/");
    EXPECT_EQ(registry_base_url("127.0.0.1:5000", options).str(), "http://127.0.0.1:5000/");
    EXPECT_EQ(registry_base_url("insecure.lan:5000", options).str(), "http://insecure.lan:5000/")
        << "--insecure-registry is the user's explicit word";
}

TEST(PullEndpoints, MirrorsComeFirstForDockerHubOnly) {
    RegistryOptions options;
    options.certs_dir = "";
    options.mirrors = {"https://mirror.lan:5000/", "http://127.0.0.1:7000/"};
    auto hub = pull_endpoints("docker.io", options);
    ASSERT_EQ(hub.size(), 3u);
    EXPECT_EQ(hub[0].str(), "https://mirror.lan:5000/");
    EXPECT_EQ(hub[1].str(), "http://127.0.0.1:7000/");
    EXPECT_EQ(hub[2].str(), "https://registry-1.docker.io/");
    auto other = pull_endpoints("quay.example", options);
    ASSERT_EQ(other.size(), 1u);
    EXPECT_EQ(other[0].str(), "https://quay.example/");
}

TEST(CertificateErrors, ReadLikeGos) {
    EXPECT_EQ(certificate_error_text(X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, "h"),
              "x509: certificate signed by unknown authority (unable to get local issuer certificate)");
    EXPECT_EQ(certificate_error_text(X509_V_ERR_HOSTNAME_MISMATCH, "reg.lan").rfind(
                  "x509: certificate is not valid for reg.lan (", 0),
              0u);
    EXPECT_EQ(certificate_error_text(X509_V_ERR_CERT_HAS_EXPIRED, "h").rfind("x509: certificate has expired", 0), 0u);
}

// ---- a test PKI -----------------------------------------------------------------

struct KeyFree {
    void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct CertFree {
    void operator()(X509* cert) const { X509_free(cert); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;
using Cert = std::unique_ptr<X509, CertFree>;

struct Issued {
    Key key;
    Cert cert;
};

// A P-256 key and a certificate for it: a self-signed CA when `issuer` is null,
// else a leaf with subjectAltName `san` ("DNS:localhost,IP:127.0.0.1").
Issued issue(const std::string& common_name, const Issued* issuer, const std::string& san = {}) {
    Issued out;
    out.key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", const_cast<char*>("P-256")));
    out.cert.reset(X509_new());
    X509* cert = out.cert.get();
    static std::atomic<long> serial = 1;
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), serial++);
    X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert), 24 * 3600);
    X509_NAME_add_entry_by_txt(X509_get_subject_name(cert), "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0);
    X509_set_issuer_name(cert, X509_get_subject_name(issuer ? issuer->cert.get() : cert));
    X509_set_pubkey(cert, out.key.get());
    X509V3_CTX context;
    X509V3_set_ctx(&context, issuer ? issuer->cert.get() : cert, cert, nullptr, nullptr, 0);
    auto add = [&](int nid, const std::string& value) {
        X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str());
        if (!extension) throw std::runtime_error("bad extension " + value);
        X509_add_ext(cert, extension, -1);
        X509_EXTENSION_free(extension);
    };
    add(NID_basic_constraints, issuer ? "critical,CA:FALSE" : "critical,CA:TRUE");
    add(NID_key_usage, issuer ? "critical,digitalSignature" : "critical,keyCertSign,cRLSign");
    add(NID_subject_key_identifier, "hash");
    if (issuer) add(NID_authority_key_identifier, "keyid:always");
    if (!san.empty()) add(NID_subject_alt_name, san);
    if (X509_sign(cert, issuer ? issuer->key.get() : out.key.get(), EVP_sha256()) == 0)
        throw std::runtime_error("cannot sign");
    return out;
}

void write_pem(const std::string& path, X509* cert) {
    fs::create_directories(fs::path(path).parent_path());
    FILE* file = std::fopen(path.c_str(), "w");
    PEM_write_X509(file, cert);
    std::fclose(file);
}

void write_pem(const std::string& path, EVP_PKEY* key) {
    fs::create_directories(fs::path(path).parent_path());
    FILE* file = std::fopen(path.c_str(), "w");
    PEM_write_PrivateKey(file, key, nullptr, nullptr, 0, nullptr, nullptr);
    std::fclose(file);
}

// ---- a scripted HTTPS registry --------------------------------------------------

struct SslCtxFree {
    void operator()(SSL_CTX* context) const { SSL_CTX_free(context); }
};

// One request per connection, like the plain FakeRegistry in
// registry_client_test.cpp, behind a TLS handshake with `server` (and, when
// `client_ca` is given, a client certificate signed by it required).
class TlsRegistry {
public:
    using Handler = std::function<std::string(const std::string& target)>;
    TlsRegistry(const Issued& server, Handler handler, const Issued* client_ca = nullptr)
        : handler_(std::move(handler)), context_(SSL_CTX_new(TLS_server_method())) {
        SSL_CTX_use_certificate(context_.get(), server.cert.get());
        SSL_CTX_use_PrivateKey(context_.get(), server.key.get());
        if (client_ca) {
            X509_STORE_add_cert(SSL_CTX_get_cert_store(context_.get()), client_ca->cert.get());
            SSL_CTX_set_verify(context_.get(), SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
        }
        thread_ = std::thread([this] { serve(); });
    }
    ~TlsRegistry() {
        stopping_ = true;
        listener_.shut_down();
        thread_.join();
    }
    std::string authority(const std::string& host = "127.0.0.1") const {
        return host + ":" + std::to_string(listener_.port());
    }
    int connections() const { return connections_.load(); }
    int served() const { return served_.load(); }
    std::string server_name() {
        std::lock_guard lock(mutex_);
        return server_name_;
    }

private:
    void serve() {
        while (!stopping_) {
            int client = listener_.accept();
            if (client < 0) return;
            ++connections_;
            SSL* ssl = SSL_new(context_.get());
            SSL_set_fd(ssl, client);
            if (SSL_accept(ssl) == 1) {
                if (const char* name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name)) {
                    std::lock_guard lock(mutex_);
                    server_name_ = name;
                }
                std::string data;
                char buffer[4096];
                while (data.find("\r\n\r\n") == std::string::npos) {
                    int n = SSL_read(ssl, buffer, sizeof buffer);
                    if (n <= 0) break;
                    data.append(buffer, static_cast<size_t>(n));
                }
                if (data.find("\r\n\r\n") != std::string::npos) {
                    ++served_;
                    auto first_space = data.find(' ');
                    std::string target = data.substr(first_space + 1, data.find(' ', first_space + 1) - first_space - 1);
                    std::string answer = handler_(target);
                    SSL_write(ssl, answer.data(), static_cast<int>(answer.size()));
                    SSL_shutdown(ssl);
                }
            }
            ERR_clear_error();
            SSL_free(ssl);
            ::close(client);
        }
    }
    Handler handler_;
    std::unique_ptr<SSL_CTX, SslCtxFree> context_;
    LoopbackListener listener_;
    std::atomic<bool> stopping_ = false;
    std::atomic<int> connections_ = 0;
    std::atomic<int> served_ = 0;
    std::thread thread_;
    std::mutex mutex_;
    std::string server_name_;
};

const std::string kManifest =
    R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"digest":"sha256:)" +
    std::string(64, 'a') + R"(","size":2},"layers":[]})";

std::string serve_manifest(const std::string&) {
    return answer(200, kManifest, {"Content-Type: application/vnd.oci.image.manifest.v1+json"});
}

class TlsRegistryTest : public ::testing::Test {
protected:
    TlsRegistryTest()
        : ca(issue("berth test CA", nullptr)), server(issue("registry", &ca, "DNS:localhost,IP:127.0.0.1")) {}

    RegistryOptions options() const {
        RegistryOptions out;
        out.certs_dir = certs.path();
        out.retry_delay = std::chrono::milliseconds(1);
        out.timeout = std::chrono::seconds(5);
        return out;
    }
    Result<FetchedManifest> pull_manifest(const std::string& domain) {
        auto opts = options();
        RepositoryClient client(registry_base_url(domain, opts), "team/app", {}, opts);
        return client.manifest("v1");
    }

    Issued ca;
    Issued server;
    TempDir certs;
};

TEST_F(TlsRegistryTest, VerifiesTheServerWithTheRegistrysCaByAddressOrName) {
    TlsRegistry registry(server, serve_manifest);
    write_pem(certs / registry.authority() + "/ca.crt", ca.cert.get());
    auto by_address = pull_manifest(registry.authority());
    ASSERT_TRUE(by_address) << by_address.error().message();
    EXPECT_EQ(by_address->digest, digest_of(kManifest));
    EXPECT_EQ(registry.server_name(), "") << "no SNI for an IP address";

    write_pem(certs / registry.authority("localhost") + "/ca.crt", ca.cert.get());
    auto by_name = pull_manifest(registry.authority("localhost"));
    ASSERT_TRUE(by_name) << by_name.error().message();
    EXPECT_EQ(registry.server_name(), "localhost");
}

// The CA store is parsed once per certs.d state, not for every pull and push
// (issue 15): the same directory gives the same context until a file changes
// or the contexts are forgotten (SIGHUP).
TEST_F(TlsRegistryTest, SharesOneContextPerCertsDirectoryUntilItChanges) {
    std::string dir = certs / "shared.lan:5000";
    write_pem(dir + "/ca.crt", ca.cert.get());
    auto found = find_registry_certs(certs.path(), "shared.lan:5000");
    ASSERT_TRUE(found) << found.error().message();
    auto first = TlsContext::for_registry(*found);
    auto again = TlsContext::for_registry(*found);
    ASSERT_TRUE(first && again);
    EXPECT_EQ(first->get(), again->get());
    auto system = TlsContext::for_registry(RegistryCerts{});
    ASSERT_TRUE(system);
    EXPECT_EQ(system->get(), TlsContext::system_default()->get());

    write_pem(dir + "/extra.crt", server.cert.get());
    auto changed = find_registry_certs(certs.path(), "shared.lan:5000");
    ASSERT_TRUE(changed);
    auto fresh = TlsContext::for_registry(*changed);
    ASSERT_TRUE(fresh);
    EXPECT_NE(fresh->get(), first->get()) << "a new CA file is a new context";

    TlsContext::forget_shared();
    auto reloaded = TlsContext::for_registry(*changed);
    ASSERT_TRUE(reloaded);
    EXPECT_NE(reloaded->get(), fresh->get()) << "forget_shared() drops the shared contexts";
    EXPECT_NE(TlsContext::system_default()->get(), system->get());
}

TEST_F(TlsRegistryTest, AnUnknownAuthorityFailsAtOnceAndSaysX509) {
    TlsRegistry registry(server, serve_manifest);
    fs::create_directories(certs / registry.authority()); // TLS, but no CA for it
    auto refused = pull_manifest(registry.authority());
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().category(), ErrorCategory::System);
    EXPECT_NE(refused.error().message().find("tls: failed to verify certificate of https://" + registry.authority() +
                                             "/v2/team/app/manifests/v1: x509: certificate signed by unknown authority"),
              std::string::npos)
        << refused.error().message();
    EXPECT_EQ(registry.connections(), 1) << "a certificate error is not retried";
}

TEST_F(TlsRegistryTest, ACertificateForAnotherNameIsRefused) {
    Issued other = issue("registry", &ca, "DNS:registry.lan");
    TlsRegistry registry(other, serve_manifest);
    write_pem(certs / registry.authority() + "/ca.crt", ca.cert.get());
    auto refused = pull_manifest(registry.authority());
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message().find("x509: certificate is not valid for 127.0.0.1"), std::string::npos)
        << refused.error().message();
}

TEST_F(TlsRegistryTest, PresentsTheClientCertificateOfTheCertsDirectory) {
    Issued client_ca = issue("berth test client CA", nullptr);
    Issued client = issue("client", &client_ca);
    TlsRegistry registry(server, serve_manifest, &client_ca);
    std::string dir = certs / registry.authority();
    write_pem(dir + "/ca.crt", ca.cert.get());
    auto refused = pull_manifest(registry.authority());
    ASSERT_FALSE(refused) << "no client certificate";
    EXPECT_NE(refused.error().message().find("tls: the registry asks for a client certificate, and its certs.d "
                                             "directory has none"),
              std::string::npos)
        << refused.error().message();
    EXPECT_EQ(registry.connections(), 1) << "not retried";
    EXPECT_EQ(registry.served(), 0);

    write_pem(dir + "/client.cert", client.cert.get());
    write_pem(dir + "/client.key", client.key.get());
    auto accepted = pull_manifest(registry.authority());
    ASSERT_TRUE(accepted) << accepted.error().message();
    EXPECT_EQ(registry.served(), 1);
}

TEST_F(TlsRegistryTest, FollowsARedirectToAnotherHttpsServer) {
    std::string blob = "layer bytes";
    TlsRegistry storage(server, [&](const std::string& target) {
        return target == "/storage/blob" ? answer(200, blob) : answer(404, "");
    });
    TlsRegistry registry(server, [&](const std::string&) {
        return answer(307, "", {"Location: https://" + storage.authority("localhost") + "/storage/blob"});
    });
    write_pem(certs / registry.authority() + "/ca.crt", ca.cert.get());
    auto opts = options();
    RepositoryClient client(registry_base_url(registry.authority(), opts), "team/app", {}, opts);
    auto fetched = client.blob({"application/octet-stream", digest_of(blob), static_cast<int64_t>(blob.size()), {}},
                               1 << 20);
    ASSERT_TRUE(fetched) << fetched.error().message();
    EXPECT_EQ(*fetched, blob);
    EXPECT_EQ(storage.server_name(), "localhost");
}

TEST_F(TlsRegistryTest, ABadCertsDirectoryIsReportedWhenTheRegistryIsUsed) {
    TlsRegistry registry(server, serve_manifest);
    write(certs / registry.authority() + "/ca.crt", "not a certificate\n");
    auto refused = pull_manifest(registry.authority());
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().category(), ErrorCategory::Invalid);
    EXPECT_NE(refused.error().message().find("loading the CA certificate " + certs / registry.authority() + "/ca.crt"),
              std::string::npos)
        << refused.error().message();
    EXPECT_EQ(registry.connections(), 0);
}

} // namespace
} // namespace berth::registry
