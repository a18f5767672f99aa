#pragma once
// What a registry says about an image without pulling it:
//   GET /distribution/{name}/json  the manifest's descriptor and its platforms
//   GET /images/search             docker search, through the registry's v1
//                                  search API (Docker Hub's index for docker.io)

#include "api/filters.h"
#include "base/error.h"
#include "images/reference.h"
#include "registry/registry_client.h"

#include <nlohmann/json.hpp>

namespace berth::images {

// {"Descriptor": {mediaType, digest, size}, "Platforms": [{architecture, os[, variant]}]}.
Result<nlohmann::json> distribution_inspect(const Reference& reference, const registry::Credentials& credentials,
                                            const registry::RegistryOptions& options);

// [{name, description, star_count, is_official, is_automated}] for `term`
// ("busybox", "registry.example:5000/team/app"), at most `limit` of them,
// filtered as Docker does (is-official, is-automated, stars=<minimum>).
Result<nlohmann::json> search_images(const std::string& term, int limit, const api::Filters& filters,
                                     const registry::RegistryOptions& options);

} // namespace berth::images
