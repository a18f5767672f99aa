#include "base/ids.h"

#include <format>
#include <stdexcept>
#include <sys/random.h>
#include <vector>

namespace berth {
namespace {

std::vector<unsigned char> random_bytes(size_t count) {
    std::vector<unsigned char> bytes(count);
    size_t filled = 0;
    while (filled < count) {
        ssize_t n = getrandom(bytes.data() + filled, count - filled, 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw std::runtime_error("getrandom failed");
        }
        filled += static_cast<size_t>(n);
    }
    return bytes;
}

} // namespace

std::string random_hex(size_t bytes) {
    std::string out;
    for (unsigned char b : random_bytes(bytes)) out += std::format("{:02x}", b);
    return out;
}

std::string random_uuid() {
    auto b = random_bytes(16);
    b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40); // version 4
    b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80); // RFC 4122 variant
    std::string out;
    for (size_t i = 0; i < b.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
        out += std::format("{:02x}", b[i]);
    }
    return out;
}

} // namespace berth
