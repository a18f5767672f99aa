#pragma once
// Docker's default seccomp profile (resources/seccomp-default.json), built into
// berthd so a container never runs unconfined for want of a file.

#include <string_view>

namespace berth::daemon {

std::string_view default_seccomp_profile();

} // namespace berth::daemon
