#include "api/version.h"

#include <charconv>

namespace berth::api {

std::string ApiVersion::str() const { return std::format("{}.{}", major, minor); }

Result<ApiVersion> parse_api_version(std::string_view text) {
    ApiVersion version;
    auto dot = text.find('.');
    auto parse = [](std::string_view part, int& out) {
        if (part.empty()) return false;
        auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), out);
        return ec == std::errc() && end == part.data() + part.size() && out >= 0;
    };
    if (dot == std::string_view::npos || !parse(text.substr(0, dot), version.major) ||
        !parse(text.substr(dot + 1), version.minor))
        return fail(ErrorCategory::Invalid, "invalid API version \"{}\"", text);
    return version;
}

Result<> check_api_version(ApiVersion requested) {
    if (requested > kMaxApiVersion)
        return fail(ErrorCategory::Invalid, "client version {} is too new. Maximum supported API version is {}",
                    requested.str(), kMaxApiVersion.str());
    if (requested < kMinApiVersion)
        return fail(ErrorCategory::Invalid,
                    "client version {} is too old. Minimum supported API version is {}, please upgrade your "
                    "client to a newer version",
                    requested.str(), kMinApiVersion.str());
    return {};
}

} // namespace berth::api
