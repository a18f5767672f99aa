#include "compose/cli/registry_auth.h"

#include "base/base64.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

namespace berth::compose::cli {
namespace {

std::filesystem::path config_file() {
    if (const char* directory = std::getenv("DOCKER_CONFIG"); directory && *directory)
        return std::filesystem::path(directory) / "config.json";
    const char* home = std::getenv("HOME");
    return std::filesystem::path(home ? home : "/") / ".docker" / "config.json";
}

// base64url as Go's base64.URLEncoding (padded), what the daemon's decoder reads.
std::string url_safe(std::string text) {
    for (auto& c : text)
        c = c == '+' ? '-' : c == '/' ? '_' : c;
    return text;
}

} // namespace

std::string registry_of(const std::string& image) {
    auto slash = image.find('/');
    if (slash == std::string::npos)
        return "docker.io";
    std::string first = image.substr(0, slash);
    bool is_host = first.find_first_of(".:") != std::string::npos || first == "localhost";
    return is_host ? first : "docker.io";
}

std::string registry_auth_header(const std::string& image) {
    std::string registry = registry_of(image);
    std::string key = registry == "docker.io" ? "https://index.docker.io/v1/" : registry;
    nlohmann::json auth = nlohmann::json::object();
    std::ifstream file(config_file());
    auto config = file ? nlohmann::json::parse(file, nullptr, false) : nlohmann::json();
    if (config.is_object() && config.contains("auths") && config["auths"].is_object()) {
        const auto& auths = config["auths"];
        for (const auto& candidate : {key, "https://" + key, "http://" + key})
            if (auths.contains(candidate) && auths[candidate].is_object()) {
                auto decoded = base64_decode(auths[candidate].value("auth", ""));
                if (auto colon = decoded ? decoded->find(':') : std::string::npos; colon != std::string::npos)
                    auth = {{"username", decoded->substr(0, colon)},
                            {"password", decoded->substr(colon + 1)},
                            {"serveraddress", key}};
                break;
            }
    }
    return url_safe(base64_encode(auth.dump()));
}

} // namespace berth::compose::cli
