#pragma once
// `--user` and `--group-add` resolved against a container's /etc/passwd and
// /etc/group, as runc's user.GetExecUser and GetAdditionalGroups do for Docker.
// Pure functions over the files' contents ("" when a file is absent).

#include "base/error.h"

#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

namespace berth::containers::config {

struct ExecUser {
    uid_t uid = 0;
    gid_t gid = 0;
    std::vector<gid_t> supplementary_gids; // the user's /etc/group memberships (only when no group was named)
    std::string home = "/";                // from passwd; "/" when there is no entry
};

// `spec` is "", "name", "uid", "name:group", "uid:gid", "uid:groupname" ...
// A numeric user or group absent from the files is used as is; an unknown name
// is runc's error: `unable to find user foo: no matching entries in passwd file`
// (or `unable to find group bar: no matching entries in group file`). Ids must be
// in 0..2147483647 (`uids and gids must be in range 0-2147483647`). "" is root.
Result<ExecUser> resolve_exec_user(std::string_view spec, std::string_view passwd, std::string_view group);

// `--group-add` entries (group names or numbers) -> gids, first match by name or
// gid, duplicates once, in the order given. Unknown names:
// `Unable to find group foo: no matching entries in group file`.
Result<std::vector<gid_t>> resolve_additional_groups(const std::vector<std::string>& groups, std::string_view group);

// What the container's process runs as: Docker's getUser. additional_gids is the
// primary gid, then the user's memberships, then --group-add.
struct ProcessUser {
    uid_t uid = 0;
    gid_t gid = 0;
    std::vector<gid_t> additional_gids;
    std::string home = "/";
};
Result<ProcessUser> resolve_process_user(std::string_view spec, const std::vector<std::string>& group_add,
                                         std::string_view passwd, std::string_view group);

} // namespace berth::containers::config
