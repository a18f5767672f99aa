#include "containers/config/security_options.h"

#include "containers/config/go_json.h"

#include <nlohmann/json.hpp>
#include <optional>

namespace berth::containers::config {
namespace {

// Go's strconv.ParseBool.
std::optional<bool> parse_go_bool(std::string_view text) {
    if (text == "1" || text == "t" || text == "T" || text == "true" || text == "TRUE" || text == "True") return true;
    if (text == "0" || text == "f" || text == "F" || text == "false" || text == "FALSE" || text == "False")
        return false;
    return std::nullopt;
}

} // namespace

Result<SecurityOptions> parse_security_options(const std::vector<std::string>& options) {
    SecurityOptions security;
    for (const auto& option : options) {
        if (option == "no-new-privileges") {
            security.no_new_privileges = true;
            continue;
        }
        if (option == "disable") {
            security.label_options.emplace_back("disable");
            continue;
        }
        auto separator = option.find('=');
        if (separator == std::string::npos) separator = option.find(':');
        if (separator == std::string::npos)
            return fail(ErrorCategory::Invalid, "invalid --security-opt 1: {}", go_quote(option));
        std::string key = option.substr(0, separator);
        std::string value = option.substr(separator + 1);
        if (key == "label") {
            security.label_options.push_back(value);
        } else if (key == "apparmor") {
            security.apparmor_profile = value;
        } else if (key == "seccomp") {
            security.seccomp_unconfined = value == "unconfined";
            security.seccomp_profile.clear();
            if (value != "unconfined" && value != "builtin") {
                auto profile = nlohmann::json::parse(value, nullptr, false);
                if (profile.is_discarded() || !profile.is_object())
                    return fail(ErrorCategory::Invalid, "Decoding seccomp profile failed: {}",
                                profile.is_discarded() ? "invalid JSON" : "not a JSON object");
                security.seccomp_profile = value;
            }
        } else if (key == "no-new-privileges") {
            auto enabled = parse_go_bool(value);
            if (!enabled) return fail(ErrorCategory::Invalid, "invalid --security-opt 2: {}", go_quote(option));
            security.no_new_privileges = *enabled;
        } else if (key == "writable-cgroups") {
            if (!parse_go_bool(value))
                return fail(ErrorCategory::Invalid, "invalid --security-opt 2: {}", go_quote(option));
        } else {
            return fail(ErrorCategory::Invalid, "invalid --security-opt 2: {}", go_quote(option));
        }
    }
    return security;
}

} // namespace berth::containers::config
