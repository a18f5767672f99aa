#pragma once
// Engine API versions ("1.45") and the range berthd serves.

#include "base/error.h"

#include <compare>
#include <string>
#include <string_view>

namespace berth::api {

struct ApiVersion {
    int major = 0;
    int minor = 0;

    auto operator<=>(const ApiVersion&) const = default;
    std::string str() const;
};

// Docker CLI 26 (Debian 13) speaks 1.45; newer clients negotiate down to it.
inline constexpr ApiVersion kMaxApiVersion{1, 45};
inline constexpr ApiVersion kMinApiVersion{1, 24};

Result<ApiVersion> parse_api_version(std::string_view text);

// Docker's wording for a request outside [kMinApiVersion, kMaxApiVersion]; success inside it.
Result<> check_api_version(ApiVersion requested);

} // namespace berth::api
