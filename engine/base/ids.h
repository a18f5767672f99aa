#pragma once
// Random identifiers: 64-hex-digit object IDs like Docker's, and UUIDs.

#include <string>

namespace berth {

std::string random_hex(size_t bytes);
std::string random_uuid();

} // namespace berth
