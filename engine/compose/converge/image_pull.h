#pragma once
// One image pulled for `up` and `pull` (POST /images/create), with docker
// compose 2.26's plain progress: the service's " web Pulling " / " web Pulled "
// around one line per layer message that names a layer and carries progress
// detail (" 3f4ca61aafcd Downloading [==>    ]  1.2MB/3.4MB", " 3f4ca61aafcd
// Pull complete "), as its toPullProgressEvent keeps them.

#include "api/client/client.h"
#include "base/error.h"
#include "compose/converge/progress.h"

#include <string>
#include <utility>

namespace berth::compose::converge {

// "name" and "tag" of a reference ("latest" when it has none; a digest is kept in the name).
std::pair<std::string, std::string> split_tag(const std::string& image);

// `image` is "name[:tag]" (the tag defaults to latest), pulled with the docker
// CLI's credentials for its registry (X-Registry-Auth). A failure carries the
// daemon's own words: the request's error, or the "error" of the stream.
Result<> pull_image(api::EngineClient& client, const std::string& service, const std::string& image,
                    Progress& progress);

} // namespace berth::compose::converge
