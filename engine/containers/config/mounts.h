#pragma once
// HostConfig.Binds ("/host:/ctr[:ro,z,rshared,...]", "name:/ctr[:ro,nocopy]",
// "/ctr"), HostConfig.Mounts (type bind, volume and tmpfs), HostConfig.Tmpfs
// and HostConfig.VolumesFrom, checked as Docker's Linux mount parser does,
// with its wording. A volume's name is checked when the volume is made
// (volumes/volume_name.h), as dockerd's local driver does.

#include "api/version.h"
#include "base/error.h"
#include "containers/config/config_types.h"
#include "containers/config/go_json.h"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::containers::config {

// One Binds entry. Errors read `invalid volume specification: '<spec>'...`,
// `invalid mode: <mode>`.
Result<MountRequest> parse_bind(std::string_view spec);

// One Mounts entry (`invalid mount config for type "bind": ...`). A bind
// source must exist unless BindOptions.CreateMountpoint; `path_exists` unset
// skips that check.
Result<MountRequest> parse_mount(const GoObject& mount, api::ApiVersion version,
                                 const std::function<bool(const std::string&)>& path_exists);

// One Tmpfs entry: destination -> "size=64m,noexec". Options are Docker's
// defaults (noexec, nosuid, nodev, rprivate) merged with the given ones.
Result<MountRequest> parse_tmpfs(std::string_view destination, std::string_view options);

// Docker's MergeTmpfsOptions: a later flag wins over an earlier one of the
// same kind (exec over noexec), a later key=value over the same key; keys
// other than size, mode, uid, gid, nr_inodes, nr_blocks, mpol are refused.
Result<std::vector<std::string>> merge_tmpfs_options(const std::vector<std::string>& options);

// Binds, then Mounts, then Tmpfs of a HostConfig; one destination once
// (`Duplicate mount point: /data`).
Result<std::vector<MountRequest>> parse_all_mounts(const GoObject& host_config, api::ApiVersion version,
                                                   const std::function<bool(const std::string&)>& path_exists);

// HostConfig.VolumesFrom: "container[:ro|rw]" (`invalid mode: x`).
Result<std::vector<VolumesFrom>> parse_volumes_from(const std::vector<std::string>& entries);

// path.Clean of Go.
std::string clean_path(std::string_view path);

} // namespace berth::containers::config
