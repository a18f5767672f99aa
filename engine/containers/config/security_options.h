#pragma once
// HostConfig.SecurityOpt, read as dockerd's parseSecurityOpt: "no-new-privileges"
// [=true|false], "seccomp=unconfined|builtin|<profile JSON>" (the CLI sends the
// file's content), "apparmor=<profile>", "label=<opt>", "writable-cgroups=<bool>".
// "key:value" is the deprecated spelling of "key=value" and is still read.
//
// Decided for Berth: apparmor= and label= are accepted and recorded but not
// applied, as dockerd does on a host without AppArmor or SELinux; a seccomp
// profile is checked to be JSON here, its rules when the container starts.

#include "base/error.h"
#include "containers/config/config_types.h"

#include <string>
#include <vector>

namespace berth::containers::config {

// Docker's errors: `invalid --security-opt 1: "x"` (no separator),
// `invalid --security-opt 2: "x"` (unknown key or bad boolean).
Result<SecurityOptions> parse_security_options(const std::vector<std::string>& options);

} // namespace berth::containers::config
