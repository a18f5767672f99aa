#pragma once
// The `local` driver's options (docker volume create -o, --mount volume-opt):
// `type`, `device` and `o` as mount(8) takes them, e.g.
//   type=tmpfs,device=tmpfs,o=size=100m,uid=1000
//   type=none,o=bind,device=/srv/data
// Checked at create with Docker's wording; mounted on the volume's _data when
// the first container using it starts (local_mount.h).

#include "base/error.h"

#include <map>
#include <optional>
#include <string>

namespace berth::volumes {

// What mount(2) gets for a volume with options.
struct LocalMountPlan {
    std::string type;   // "tmpfs", "none" (binds), "ext4", ...
    std::string device; // "tmpfs", a host path, a block device
    unsigned long flags = 0;
    std::string data; // the options mount(2) passes to the filesystem
};

// Options a plain directory volume has none of; nullopt then.
Result<std::optional<LocalMountPlan>> plan_local_mount(const std::map<std::string, std::string>& options);

// The mount on the volume's _data, and its removal (a lazy detach: a copy
// still reading it does not hold the unmount back).
Result<> mount_local(const LocalMountPlan& plan, const std::string& target);
Result<> unmount_local(const std::string& target);

} // namespace berth::volumes
