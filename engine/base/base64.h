#pragma once
// Base64 (RFC 4648): the standard alphabet with padding for what we send
// (X-Docker-Container-Path-Stat, Basic credentials); decoding takes either
// alphabet, padded or not, because the docker CLI's X-Registry-Auth is URL-safe.

#include <optional>
#include <string>
#include <string_view>

namespace berth {

std::string base64_encode(std::string_view data);

// nullopt when `text` is not base64 of either alphabet.
std::optional<std::string> base64_decode(std::string_view text);

} // namespace berth
