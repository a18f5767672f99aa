#include "containers/config/restart_policy.h"

#include <charconv>

namespace berth::containers::config {

Result<> validate_restart_policy(const RestartPolicy& policy) {
    const auto& name = policy.name;
    if (name == "always" || name == "unless-stopped" || name == "no") {
        if (policy.maximum_retry_count != 0)
            return fail(ErrorCategory::Invalid,
                        "invalid restart policy: maximum retry count can only be used with 'on-failure'{}",
                        policy.maximum_retry_count < 0 ? " and cannot be negative" : "");
        return {};
    }
    if (name == "on-failure") {
        if (policy.maximum_retry_count < 0)
            return fail(ErrorCategory::Invalid, "invalid restart policy: maximum retry count cannot be negative");
        return {};
    }
    if (name.empty()) return {};
    return fail(ErrorCategory::Invalid,
                "invalid restart policy: unknown policy '{}'; use one of 'no', 'always', 'on-failure', or "
                "'unless-stopped'",
                name);
}

Result<RestartPolicy> parse_restart_flag(std::string_view text) {
    RestartPolicy policy;
    if (text.empty()) return policy;
    auto colon = text.find(':');
    std::string_view name = text.substr(0, colon);
    if (colon != std::string_view::npos && name.empty())
        return fail(ErrorCategory::Invalid, "invalid restart policy format: no policy provided before colon");
    if (colon != std::string_view::npos && colon + 1 < text.size()) {
        std::string_view count = text.substr(colon + 1);
        if (count.starts_with('+')) count.remove_prefix(1);
        int64_t value = 0;
        auto [end, ec] = std::from_chars(count.data(), count.data() + count.size(), value);
        if (ec != std::errc() || end != count.data() + count.size() || count.empty())
            return fail(ErrorCategory::Invalid, "invalid restart policy format: maximum retry count must be an integer");
        policy.maximum_retry_count = value;
    }
    policy.name = std::string(name);
    return policy;
}

} // namespace berth::containers::config
