#pragma once
// Image references as Docker reads them: "busybox" is
// "docker.io/library/busybox:latest"; "localhost:5000/team/app@sha256:..." keeps its
// registry and digest. Parsing is a pure function, following distribution's
// reference grammar and Docker's normalisation.

#include "base/error.h"

#include <optional>
#include <string>
#include <string_view>

namespace berth::images {

inline constexpr std::string_view kDefaultDomain = "docker.io";
inline constexpr std::string_view kDefaultTag = "latest";

struct Reference {
    std::string domain; // "docker.io", "localhost:5000"
    std::string path;   // "library/busybox", "team/app"
    std::optional<std::string> tag;
    std::optional<std::string> digest; // "sha256:<64 hex>"

    // "docker.io/library/busybox"
    std::string repository() const { return domain + "/" + path; }
    // The fully qualified form: "docker.io/library/busybox:latest", "x/y@sha256:..".
    std::string str() const;
    // Docker's short form for display: "busybox:latest", "localhost:5000/app:1".
    std::string familiar() const;
    // "busybox" (repository in familiar form, no tag).
    std::string familiar_repository() const;
};

// Parses and normalises; no default tag is added (see with_default_tag).
Result<Reference> parse_reference(std::string_view text);

// The reference with "latest" when it names neither tag nor digest, as `docker pull busybox`.
Reference with_default_tag(Reference reference);

// Whether `text` is a full digest "sha256:<64 lowercase hex>".
bool is_sha256_digest(std::string_view text);

} // namespace berth::images
