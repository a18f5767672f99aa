#include "images/distribution.h"

#include "registry/http_client.h"
#include "registry/manifest.h"
#include "registry/tls.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <type_traits>

namespace berth::images {

using nlohmann::json;

namespace {

json platform_json(const std::string& architecture, const std::string& os, const std::string& variant) {
    json out = {{"architecture", architecture}, {"os", os}};
    if (!variant.empty()) out["variant"] = variant;
    return out;
}

// A field of the registry's JSON when it has the wanted type, else `fallback`
// (registries send null for a missing description).
template <typename T>
T field_or(const json& object, const char* key, T fallback) {
    if (!object.is_object() || !object.contains(key)) return fallback;
    const json& value = object[key];
    if constexpr (std::is_same_v<T, std::string>) return value.is_string() ? value.get<std::string>() : fallback;
    else if constexpr (std::is_same_v<T, bool>) return value.is_boolean() ? value.get<bool>() : fallback;
    else return value.is_number_integer() ? value.get<T>() : fallback;
}

// "%20"-style escaping for a query value.
std::string query_escape(std::string_view text) {
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
        else out += std::format("%{:02X}", c);
    }
    return out;
}

} // namespace

Result<json> distribution_inspect(const Reference& reference, const registry::Credentials& credentials,
                                  const registry::RegistryOptions& options) {
    Reference wanted = with_default_tag(reference);
    registry::RepositoryClient client(registry::registry_base_url(wanted.domain, options), wanted.path, credentials,
                                      options);
    auto fetched = client.manifest(wanted.digest ? *wanted.digest : *wanted.tag);
    if (!fetched) return std::unexpected(fetched.error());
    json platforms = json::array();
    if (registry::is_index_type(fetched->media_type)) {
        auto index = registry::parse_image_index(fetched->body);
        if (!index) return std::unexpected(index.error());
        for (const auto& entry : index->manifests)
            if (entry.platform)
                platforms.push_back(platform_json(entry.platform->architecture, entry.platform->os,
                                                  entry.platform->variant));
    } else {
        // A single image: its platform is in its config.
        auto manifest = registry::parse_image_manifest(fetched->body);
        if (!manifest) return std::unexpected(manifest.error());
        auto config_text = client.blob(manifest->config, registry::kMaxManifestBytes);
        if (!config_text) return std::unexpected(config_text.error());
        auto config = json::parse(*config_text, nullptr, false);
        if (!config.is_object())
            return fail(ErrorCategory::Invalid, "the image config {} is not a JSON object", manifest->config.digest);
        platforms.push_back(platform_json(field_or<std::string>(config, "architecture", ""),
                                          field_or<std::string>(config, "os", ""),
                                          field_or<std::string>(config, "variant", "")));
    }
    return json{{"Descriptor", {{"mediaType", fetched->media_type},
                                {"digest", fetched->digest},
                                {"size", fetched->body.size()}}},
                {"Platforms", platforms}};
}

Result<json> search_images(const std::string& term, int limit, const api::Filters& filters,
                           const registry::RegistryOptions& options) {
    if (auto allowed = filters.allow_only({"is-official", "is-automated", "stars"}); !allowed)
        return std::unexpected(allowed.error());
    int min_stars = 0;
    for (const auto& value : filters.values("stars")) {
        char* end = nullptr;
        long stars = std::strtol(value.c_str(), &end, 10);
        if (value.empty() || *end != '\0') return fail(ErrorCategory::Invalid, "invalid filter 'stars={}'", value);
        min_stars = std::max(min_stars, static_cast<int>(stars));
    }
    for (const char* key : {"is-official", "is-automated"})
        for (const auto& value : filters.values(key))
            if (value != "true" && value != "false")
                return fail(ErrorCategory::Invalid, "invalid filter '{}={}'", key, value);
    // A first component with a dot, a colon or "localhost" names the registry to ask.
    std::string domain = "docker.io";
    std::string query = term;
    if (auto slash = term.find('/'); slash != std::string::npos) {
        std::string first = term.substr(0, slash);
        if (first.find_first_of(".:") != std::string::npos || first == "localhost") {
            domain = first;
            query = term.substr(slash + 1);
        }
    }
    if (query.empty()) return fail(ErrorCategory::Invalid, "invalid search term \"{}\"", term);
    registry::Url url = domain == "docker.io" ? *registry::parse_url("https://index.docker.io")
                                              : registry::registry_base_url(domain, options);
    url.target = std::format("/v1/search?q={}&n={}", query_escape(query), limit > 0 ? limit : 25);
    // A registry with its own CA in certs.d is searched with it, as it is pulled from.
    std::shared_ptr<registry::TlsContext> tls;
    if (url.scheme == "https") {
        auto certs = registry::find_registry_certs(options.certs_dir, url.authority());
        if (!certs) return std::unexpected(certs.error());
        auto context = registry::TlsContext::for_registry(*certs);
        if (!context) return std::unexpected(context.error());
        tls = *context;
    }
    auto answer = registry::fetch(url, registry::HttpRequest{}, 4 << 20, options.timeout, tls);
    if (!answer) return std::unexpected(answer.error().wrap("searching {}", domain));
    if (answer->status != 200)
        return fail(ErrorCategory::System, "searching {}: the registry answered {} {}", domain, answer->status,
                    answer->reason);
    auto body = json::parse(answer->body, nullptr, false);
    if (!body.is_object() || !body.value("results", json()).is_array())
        return fail(ErrorCategory::System, "searching {}: the registry's answer is not a search result", domain);
    json out = json::array();
    for (const auto& result : body["results"]) {
        int64_t stars = field_or<int64_t>(result, "star_count", 0);
        bool official = field_or(result, "is_official", false);
        bool automated = field_or(result, "is_automated", false);
        if (!result.is_object() || stars < min_stars) continue;
        if (filters.has("is-official") && !filters.accepts("is-official", official ? "true" : "false")) continue;
        if (filters.has("is-automated") && !filters.accepts("is-automated", automated ? "true" : "false")) continue;
        out.push_back({{"name", field_or<std::string>(result, "name", "")},
                       {"description", field_or<std::string>(result, "description", "")},
                       {"star_count", stars},
                       {"is_official", official},
                       {"is_automated", automated}});
        if (limit > 0 && static_cast<int>(out.size()) >= limit) break;
    }
    return out;
}

} // namespace berth::images
