#pragma once
// SHA-256 content digests in the OCI form "sha256:<64 lowercase hex>".

#include <memory>
#include <string>
#include <string_view>

namespace berth {

class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(Sha256&&) noexcept;
    Sha256& operator=(Sha256&&) noexcept;

    void update(std::string_view data);
    // "sha256:..." of everything given so far.
    std::string digest() const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

// The digest of one whole piece of data.
std::string digest_of(std::string_view data);

} // namespace berth
