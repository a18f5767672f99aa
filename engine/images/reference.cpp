#include "images/reference.h"

#include <algorithm>
#include <vector>

namespace berth::images {
namespace {

constexpr size_t kMaxNameLength = 255;

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

// path-component: [a-z0-9]+ ((\.|_|__|-+) [a-z0-9]+)*
bool valid_path_component(std::string_view part) {
    if (part.empty() || !is_lower_alnum(part.front()) || !is_lower_alnum(part.back())) return false;
    for (size_t i = 0; i < part.size();) {
        if (is_lower_alnum(part[i])) {
            ++i;
            continue;
        }
        size_t start = i;
        while (i < part.size() && !is_lower_alnum(part[i])) ++i;
        std::string_view separator = part.substr(start, i - start);
        bool dashes = std::ranges::all_of(separator, [](char c) { return c == '-'; });
        if (!(separator == "." || separator == "_" || separator == "__" || dashes)) return false;
    }
    return true;
}

// domain: host components separated by dots, optionally ":port"; or "[ipv6]:port".
bool valid_domain(std::string_view domain) {
    std::string_view host = domain;
    if (auto colon = domain.rfind(':'); colon != std::string_view::npos && !domain.ends_with(']')) {
        std::string_view port = domain.substr(colon + 1);
        if (port.empty() || !std::ranges::all_of(port, [](char c) { return c >= '0' && c <= '9'; })) return false;
        host = domain.substr(0, colon);
    }
    if (host.starts_with('[')) return host.ends_with(']') && host.size() > 2;
    if (host.empty()) return false;
    size_t start = 0;
    while (start <= host.size()) {
        size_t dot = host.find('.', start);
        std::string_view label = host.substr(start, dot == std::string_view::npos ? host.npos : dot - start);
        auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
        if (label.empty() || !alnum(label.front()) || !alnum(label.back())) return false;
        if (!std::ranges::all_of(label, [&](char c) { return alnum(c) || c == '-'; })) return false;
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    return true;
}

// tag: [\w][\w.-]{0,127}
bool valid_tag(std::string_view tag) {
    auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; };
    if (tag.empty() || tag.size() > 128 || !word(tag.front())) return false;
    return std::ranges::all_of(tag, [&](char c) { return word(c) || c == '.' || c == '-'; });
}

std::unexpected<Error> invalid(std::string_view why = {}) {
    if (why.empty()) return std::unexpected(Error(ErrorCategory::Invalid, "invalid reference format"));
    return std::unexpected(Error(ErrorCategory::Invalid, "invalid reference format: " + std::string(why)));
}

} // namespace

bool is_sha256_digest(std::string_view text) {
    if (!text.starts_with("sha256:") || text.size() != 7 + 64) return false;
    return std::ranges::all_of(text.substr(7), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

Result<Reference> parse_reference(std::string_view text) {
    Reference reference;
    std::string_view rest = text;
    if (auto at = rest.find('@'); at != std::string_view::npos) {
        std::string_view digest = rest.substr(at + 1);
        if (!is_sha256_digest(digest)) return invalid();
        reference.digest = std::string(digest);
        rest = rest.substr(0, at);
    }
    // A tag follows the last colon that comes after the last slash ("host:5000/app" has none).
    auto last_slash = rest.rfind('/');
    auto last_colon = rest.rfind(':');
    if (last_colon != std::string_view::npos && (last_slash == std::string_view::npos || last_colon > last_slash)) {
        std::string_view tag = rest.substr(last_colon + 1);
        if (!valid_tag(tag)) return invalid();
        reference.tag = std::string(tag);
        rest = rest.substr(0, last_colon);
    }
    if (rest.empty()) return invalid();
    if (rest.size() == 64 && std::ranges::all_of(rest, [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }))
        return fail(ErrorCategory::Invalid, "invalid repository name ({}), cannot specify 64-byte hexadecimal strings",
                    rest);
    if (rest.size() > kMaxNameLength) return invalid("repository name must not be more than 255 characters");

    // Docker's split: the first component is a registry when it looks like a host.
    std::string_view domain, path = rest;
    if (auto slash = rest.find('/'); slash != std::string_view::npos) {
        std::string_view first = rest.substr(0, slash);
        bool looks_like_host = first.find_first_of(".:") != std::string_view::npos || first == "localhost" ||
                               std::ranges::any_of(first, is_upper);
        if (looks_like_host) {
            domain = first;
            path = rest.substr(slash + 1);
        }
    }
    if (!domain.empty() && !valid_domain(domain)) return invalid();
    reference.domain = domain.empty() || domain == "index.docker.io" ? std::string(kDefaultDomain) : std::string(domain);
    if (std::ranges::any_of(path, is_upper))
        return invalid("repository name (" + std::string(path) + ") must be lowercase");
    std::vector<std::string_view> parts;
    for (size_t start = 0;;) {
        size_t slash = path.find('/', start);
        parts.push_back(path.substr(start, slash == std::string_view::npos ? path.npos : slash - start));
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    for (auto part : parts)
        if (!valid_path_component(part)) return invalid();
    reference.path = std::string(path);
    if (reference.domain == kDefaultDomain && parts.size() == 1) reference.path = "library/" + reference.path;
    return reference;
}

Reference with_default_tag(Reference reference) {
    if (!reference.tag && !reference.digest) reference.tag = std::string(kDefaultTag);
    return reference;
}

std::string Reference::str() const {
    std::string out = repository();
    if (tag) out += ":" + *tag;
    if (digest) out += "@" + *digest;
    return out;
}

std::string Reference::familiar_repository() const {
    if (domain != kDefaultDomain) return repository();
    if (path.starts_with("library/") && path.find('/', 8) == std::string::npos) return path.substr(8);
    return path;
}

std::string Reference::familiar() const {
    std::string out = familiar_repository();
    if (tag) out += ":" + *tag;
    if (digest) out += "@" + *digest;
    return out;
}

} // namespace berth::images
