#pragma once
// A busybox image for tests that run containers: Debian's busybox-static with a
// link for every applet, /etc/passwd and /etc/group, imported into a berthd
// through POST /images/create?fromSrc=- (what `docker import` sends). Tests skip
// when busybox-static is not installed.

#include "api/client/client.h"

#include <string>

namespace berth::testing {

// The busybox binary to copy into images, or "" when the host has none.
std::string busybox_binary();

// Imports the image as `reference` ("repo:tag") with CMD ["/bin/sh"].
Result<> import_busybox_image(api::EngineClient& client, const std::string& reference);

} // namespace berth::testing
