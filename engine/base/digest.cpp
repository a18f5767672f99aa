#include "base/digest.h"

#include <format>
#include <nettle/sha2.h>

namespace berth {

struct Sha256::State {
    sha256_ctx context;
};

Sha256::Sha256() : state_(std::make_unique<State>()) { sha256_init(&state_->context); }
Sha256::~Sha256() = default;
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;

void Sha256::update(std::string_view data) {
    sha256_update(&state_->context, data.size(), reinterpret_cast<const uint8_t*>(data.data()));
}

std::string Sha256::digest() const {
    // nettle's digest() resets the context: finish on a copy.
    sha256_ctx copy = state_->context;
    uint8_t bytes[SHA256_DIGEST_SIZE];
    sha256_digest(&copy, sizeof bytes, bytes);
    std::string out = "sha256:";
    for (uint8_t b : bytes) out += std::format("{:02x}", b);
    return out;
}

std::string digest_of(std::string_view data) {
    Sha256 hash;
    hash.update(data);
    return hash.digest();
}

} // namespace berth
