#include "registry/auth.h"

#include "base/base64.h"

#include <cctype>

namespace berth::registry {

Credentials credentials_from_json(const nlohmann::json& auth_config) {
    Credentials credentials;
    if (!auth_config.is_object()) return credentials;
    auto field = [&](const char* key) {
        auto it = auth_config.find(key);
        return it != auth_config.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    credentials.username = field("username");
    credentials.password = field("password");
    credentials.identity_token = field("identitytoken");
    credentials.registry_token = field("registrytoken");
    return credentials;
}

Result<Credentials> decode_registry_auth(std::string_view header) {
    if (header.empty()) return Credentials{};
    auto invalid = [] { return fail(ErrorCategory::Invalid, "invalid X-Registry-Auth header: not base64-encoded JSON"); };
    auto text = base64_decode(header);
    if (!text) return invalid();
    auto json = nlohmann::json::parse(*text, nullptr, false);
    if (json.is_discarded() || !json.is_object()) return invalid();
    return credentials_from_json(json);
}

std::vector<Challenge> parse_challenges(std::string_view header) {
    std::vector<Challenge> out;
    size_t i = 0;
    auto skip_space = [&] {
        while (i < header.size() && (header[i] == ' ' || header[i] == '\t' || header[i] == ',')) ++i;
    };
    auto token = [&] {
        size_t start = i;
        while (i < header.size() && header[i] != ' ' && header[i] != '\t' && header[i] != ',' && header[i] != '=') ++i;
        return std::string(header.substr(start, i - start));
    };
    auto lower = [](std::string text) {
        for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return text;
    };
    while (true) {
        skip_space();
        if (i >= header.size()) break;
        std::string word = token();
        size_t after = i;
        while (after < header.size() && (header[after] == ' ' || header[after] == '\t')) ++after;
        if (after < header.size() && header[after] == '=') {
            // A parameter of the current challenge ("name = value" allowed).
            i = after + 1;
            while (i < header.size() && (header[i] == ' ' || header[i] == '\t')) ++i;
            std::string value;
            if (i < header.size() && header[i] == '"') {
                ++i;
                while (i < header.size() && header[i] != '"') {
                    if (header[i] == '\\' && i + 1 < header.size()) ++i;
                    value += header[i++];
                }
                ++i;
            } else {
                value = token();
            }
            if (!out.empty()) out.back().params[lower(word)] = value;
            continue;
        }
        if (word.empty()) {
            ++i;
            continue;
        }
        out.push_back({lower(word), {}});
    }
    return out;
}

std::string basic_authorization(const Credentials& credentials) {
    return "Basic " + base64_encode(credentials.username + ":" + credentials.password);
}

} // namespace berth::registry
