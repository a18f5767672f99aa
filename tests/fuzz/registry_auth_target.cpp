// X-Registry-Auth through decode_registry_auth, as the pull and push handlers
// read it: the bytes as the header itself, and base64url of them (so the JSON
// inside is reached). The finding: an exception, a crash, or a refusal that
// is not a client error (400).
#include "base/base64.h"
#include "registry/auth.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

void check(std::string_view header) {
    try {
        auto decoded = berth::registry::decode_registry_auth(header);
        if (!decoded && decoded.error().category() != berth::ErrorCategory::Invalid) {
            std::fprintf(stderr, "refused as a server error: %s\n", decoded.error().message().c_str());
            std::abort();
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "exception: %s\n", e.what());
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    check(text);
    check(berth::base64_encode(text));
    return 0;
}
