#include "registry/tls.h"

#include "base/go_errno.h"

#include <algorithm>
#include <boost/asio/ssl/context.hpp>
#include <filesystem>
#include <format>
#include <map>
#include <mutex>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

namespace berth::registry {
namespace {

namespace fs = std::filesystem;
namespace ssl = boost::asio::ssl;

bool is_dir(const fs::path& path) {
    std::error_code ec;
    return fs::is_directory(path, ec);
}

// "host:port" -> host and port ("" when none); "[::1]:5000" keeps the brackets,
// as the directory name does.
std::pair<std::string_view, std::string_view> split_authority(std::string_view authority) {
    auto colon = authority.rfind(':');
    if (colon == std::string_view::npos || (authority.starts_with('[') && authority.back() == ']')) return {authority, ""};
    return {authority.substr(0, colon), authority.substr(colon + 1)};
}

// Where a connection keeps its TlsContext::watch_certificate_request flag.
int certificate_request_index() {
    static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
    return index;
}

// OpenSSL calls this when the server asks for a client certificate and the
// context has none: note it, and go on without one.
int on_certificate_request(SSL* ssl, X509**, EVP_PKEY**) {
    if (auto* asked = static_cast<bool*>(SSL_get_ex_data(ssl, certificate_request_index()))) *asked = true;
    return 0;
}

} // namespace

void TlsContext::watch_certificate_request(ssl_st* ssl, bool* asked) {
    SSL_set_ex_data(ssl, certificate_request_index(), asked);
}

std::optional<std::string> registry_certs_directory(const std::string& certs_dir, std::string_view authority) {
    // Never leave certs_dir: a name is one path component.
    if (certs_dir.empty() || authority.empty() || authority.find('/') != std::string_view::npos ||
        authority == "." || authority == "..")
        return std::nullopt;
    if (fs::path exact = fs::path(certs_dir) / authority; is_dir(exact)) return exact.string();
    // Docker looks up the name as the reference spells it; "host:443" and "host"
    // are the same registry, so either directory serves it.
    auto [host, port] = split_authority(authority);
    std::vector<std::string> others;
    if (port.empty()) others.push_back(std::string(host) + ":443");
    else if (port == "443") others.emplace_back(host);
    for (const auto& name : others)
        if (fs::path other = fs::path(certs_dir) / name; is_dir(other)) return other.string();
    return std::nullopt;
}

Result<RegistryCerts> find_registry_certs(const std::string& certs_dir, std::string_view authority) {
    RegistryCerts certs;
    auto directory = registry_certs_directory(certs_dir, authority);
    if (!directory) return certs;
    certs.directory = *directory;
    std::vector<fs::path> files;
    std::error_code ec;
    for (fs::directory_iterator it(*directory, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code type_ec;
        if (it->is_regular_file(type_ec)) files.push_back(it->path());
    }
    if (ec) return fail(ErrorCategory::System, "reading {}: {}", *directory, go_error_text(ec));
    std::ranges::sort(files);
    auto exists = [](const fs::path& path) {
        std::error_code e;
        return fs::is_regular_file(path, e);
    };
    for (const auto& file : files) {
        auto extension = file.extension().string();
        if (extension == ".crt") {
            certs.ca_files.push_back(file.string());
        } else if (extension == ".cert") {
            fs::path key = fs::path(file).replace_extension(".key");
            if (!exists(key))
                return fail(ErrorCategory::Invalid,
                            "missing key {} for client certificate {}. CA certificates must use the extension .crt",
                            key.string(), file.string());
            certs.client_certs.push_back({file.string(), key.string()});
        } else if (extension == ".key") {
            if (fs::path cert = fs::path(file).replace_extension(".cert"); !exists(cert))
                return fail(ErrorCategory::Invalid, "missing client certificate {} for key {}", cert.string(),
                            file.string());
        }
    }
    return certs;
}

TlsContext::TlsContext() : context_(std::make_unique<ssl::context>(ssl::context::tls_client)) {}
TlsContext::~TlsContext() = default;

Result<std::shared_ptr<TlsContext>> TlsContext::make(const RegistryCerts& certs) {
    std::shared_ptr<TlsContext> made(new TlsContext());
    auto& context = *made->context_;
    boost::system::error_code ec;
    // TLS 1.2 at least, as Docker's tlsconfig asks of registries.
    SSL_CTX_set_min_proto_version(context.native_handle(), TLS1_2_VERSION);
    context.set_verify_mode(ssl::verify_peer, ec);
    if (!ec) context.set_default_verify_paths(ec);
    if (ec) return fail(ErrorCategory::System, "loading the system's CA certificates: {}", go_error_text(ec));
    SSL_CTX_set_client_cert_cb(context.native_handle(), on_certificate_request);
    for (const auto& file : certs.ca_files) {
        context.load_verify_file(file, ec);
        if (ec) return fail(ErrorCategory::Invalid, "loading the CA certificate {}: {}", file, go_error_text(ec));
    }
    if (!certs.client_certs.empty()) {
        const auto& client = certs.client_certs.front();
        context.use_certificate_chain_file(client.cert_file, ec);
        if (ec) return fail(ErrorCategory::Invalid, "loading the client certificate {}: {}", client.cert_file, go_error_text(ec));
        context.use_private_key_file(client.key_file, ssl::context::pem, ec);
        if (ec) return fail(ErrorCategory::Invalid, "loading the client key {}: {}", client.key_file, go_error_text(ec));
        if (SSL_CTX_check_private_key(context.native_handle()) != 1)
            return fail(ErrorCategory::Invalid, "the client key {} does not match the certificate {}", client.key_file,
                        client.cert_file);
    }
    return made;
}

namespace {

// The shared contexts: the system one, and one per certs.d state.
struct SharedContexts {
    std::mutex mutex;
    std::shared_ptr<TlsContext> system;
    std::map<std::string, std::shared_ptr<TlsContext>> by_certs;
};

SharedContexts& shared_contexts() {
    static SharedContexts shared;
    return shared;
}

// What identifies a certs.d directory's state: its files, their sizes and times.
std::string certs_key(const RegistryCerts& certs) {
    std::string key = certs.directory;
    auto add = [&](const std::string& file) {
        std::error_code size_ec, time_ec;
        auto size = fs::file_size(file, size_ec);
        auto time = fs::last_write_time(file, time_ec).time_since_epoch().count();
        key += std::format("\n{} {} {}", file, size_ec ? 0 : size, time_ec ? 0 : time);
    };
    for (const auto& file : certs.ca_files) add(file);
    for (const auto& client : certs.client_certs) {
        add(client.cert_file);
        add(client.key_file);
    }
    return key;
}

} // namespace

Result<std::shared_ptr<TlsContext>> TlsContext::system_default() {
    auto& shared = shared_contexts();
    std::lock_guard lock(shared.mutex);
    if (!shared.system) {
        auto context = make({});
        if (!context) return context;
        shared.system = *context;
    }
    return shared.system;
}

Result<std::shared_ptr<TlsContext>> TlsContext::for_registry(const RegistryCerts& certs) {
    if (certs.directory.empty()) return system_default();
    auto key = certs_key(certs);
    auto& shared = shared_contexts();
    std::lock_guard lock(shared.mutex);
    if (auto found = shared.by_certs.find(key); found != shared.by_certs.end()) return found->second;
    auto context = make(certs);
    if (!context) return context;
    // A changed directory is a new key: its old contexts go (connections using them keep theirs).
    std::erase_if(shared.by_certs, [&](const auto& entry) {
        return entry.first.substr(0, entry.first.find('\n')) == certs.directory;
    });
    shared.by_certs.emplace(key, *context);
    return *context;
}

void TlsContext::forget_shared() {
    auto& shared = shared_contexts();
    std::lock_guard lock(shared.mutex);
    shared.system.reset();
    shared.by_certs.clear();
}

std::string certificate_error_text(long verify_result, std::string_view host) {
    std::string openssl = X509_verify_cert_error_string(verify_result);
    switch (verify_result) {
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_CERT_UNTRUSTED:
        return "x509: certificate signed by unknown authority (" + openssl + ")";
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
        return std::format("x509: certificate is not valid for {} ({})", host, openssl);
    case X509_V_ERR_CERT_HAS_EXPIRED:
    case X509_V_ERR_CERT_NOT_YET_VALID:
        return "x509: certificate has expired or is not yet valid (" + openssl + ")";
    default: return "x509: " + openssl;
    }
}

} // namespace berth::registry
