#pragma once
// `docker push`: sends an image's layers, config and manifest to a registry.
// A pulled image goes back byte for byte (its compressed layers and the very
// manifest it came with, so its digest stays); an imported or committed one as
// an OCI manifest over its plain tar layers. Blobs the registry has are skipped,
// blobs of a repository it has the image from are mounted, the rest uploaded
// (chunked when large); the manifest goes last.

#include "images/image_puller.h"

namespace berth::images {

struct PushRequest {
    Reference reference; // with its tag
    registry::Credentials credentials;
};

// `docker push --all-tags`: every local tag of `request.reference`'s repository.
Result<> push_all_tags(ImageService& images, const registry::RegistryOptions& options, const PushRequest& request,
                       const PullProgress& progress);

// Returns the pushed manifest's digest; progress as for pulls.
Result<std::string> push_image(ImageService& images, const registry::RegistryOptions& options,
                               const PushRequest& request, const PullProgress& progress);

} // namespace berth::images
