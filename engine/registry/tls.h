#pragma once
// TLS towards registries, set up the way Docker does it: the server's
// certificate is verified against the system's CA store plus the CAs the
// registry's certs.d directory adds, its name checked (DNS name or IP address),
// SNI sent, and a client certificate presented when the directory has one.
//
// certs.d (Docker's /etc/docker/certs.d) has one directory per registry, named
// as image references name it: "registry.lan:5000", or "registry.lan" for the
// default port. In it, like Docker's ReadCertsDirectory:
//   *.crt            extra CAs to trust for this registry
//   NAME.cert        a client certificate, with its key NAME.key
// Other files are ignored; a .cert without its .key (or the reverse) is an error.

#include "base/error.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace boost::asio::ssl {
class context;
}
struct ssl_st;

namespace berth::registry {

inline constexpr const char* kDefaultCertsDir = "/etc/docker/certs.d";

// What a registry's certs.d directory holds.
struct RegistryCerts {
    std::string directory;             // empty when the registry has none
    std::vector<std::string> ca_files; // *.crt, in name order
    struct ClientCert {
        std::string cert_file;
        std::string key_file;
    };
    std::vector<ClientCert> client_certs; // in name order; the first one is presented
};

// The certs.d directory of the registry at `authority` ("host:port" or "host"):
// <certs_dir>/<host:port>, else <certs_dir>/<host> when the port is 443 or not
// given. None when neither is a directory (or `certs_dir` is empty).
std::optional<std::string> registry_certs_directory(const std::string& certs_dir, std::string_view authority);

// The files of that directory; empty when there is none.
Result<RegistryCerts> find_registry_certs(const std::string& certs_dir, std::string_view authority);

// An OpenSSL client context: verification on, the system CAs and `certs`.
// Built once per registry and shared by all its connections (threads included:
// it is not changed after it is made).
class TlsContext {
public:
    static Result<std::shared_ptr<TlsContext>> make(const RegistryCerts& certs);
    // The system CAs only, for registries with no certs.d directory (one per process).
    static Result<std::shared_ptr<TlsContext>> system_default();
    // The context for a registry: system_default() when `certs` has no
    // directory, else make(certs) built once and shared while its files are
    // unchanged (their names, sizes and times), so that the system CA store is
    // not parsed again for every pull and push.
    static Result<std::shared_ptr<TlsContext>> for_registry(const RegistryCerts& certs);
    // Drops the shared contexts: the next connections load the CA store and
    // certs.d afresh (SIGHUP, with the registry options).
    static void forget_shared();

    ~TlsContext();
    TlsContext(const TlsContext&) = delete;
    TlsContext& operator=(const TlsContext&) = delete;

    boost::asio::ssl::context& native() { return *context_; }

    // Sets `*asked` when the server of connection `ssl` asks for a client
    // certificate that this context does not have. A TLS 1.3 server refuses the
    // missing certificate only after the client's handshake is done, so the
    // client sees a reset or an alert on its first request; this tells why.
    static void watch_certificate_request(ssl_st* ssl, bool* asked);

private:
    TlsContext();
    std::unique_ptr<boost::asio::ssl::context> context_;
};

// How a failed certificate verification reads, in Go's words (which is what
// Docker users search for): "x509: certificate signed by unknown authority".
// `verify_result` is OpenSSL's X509_V_* code, `host` the name that was checked.
std::string certificate_error_text(long verify_result, std::string_view host);

} // namespace berth::registry
