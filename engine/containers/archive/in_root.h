#pragma once
// Internal to engine/containers/archive: paths inside a container's root, and
// the chrooted child that reads or writes files there.
//
// Why a child in a chroot: the container owns its files and may turn any of them
// into a symlink at any moment (`ln -s / /etc`). A process whose root *is* the
// container's root cannot be pointed at the host's files, whatever the links say.

#include "base/error.h"
#include "base/unique_fd.h"

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <sys/types.h>

namespace berth::containers::detail {

// Go's path.Clean: "/a/./b/../c/" -> "/a/c"; ".." above "/" stays at "/"; a
// relative path keeps its leading ".." ("../x"); "" -> ".".
std::string clean_path(std::string_view path);

// A path as `docker cp` names it (moby's ResolvePath): absolute, cleaned, but
// keeping a trailing "/" or "/." (they ask to follow a final symlink and for a
// directory's contents). `dir` is resolved following symlinks; `base` is not.
struct ContainerPath {
    std::string abs;  // "/etc/hosts", "/etc/", "/etc/.", "/"
    std::string dir;  // "/etc/"
    std::string base; // "hosts", "" (trailing "/" or the root) or "."
    std::string name; // what the tar and the stat call it: "hosts", "etc", ".", "/"
};
ContainerPath parse_container_path(std::string_view path);

Error file_not_found(const std::string& path, const std::string& container);

// openat2(RESOLVE_IN_ROOT): `path` (absolute inside the container) resolved with
// `root_fd` as "/", symlinks included. `flags` as for open().
Result<UniqueFd> open_in_root(int root_fd, const std::string& path, int flags);

// Where `path` leads, every symlink followed inside the root, as an absolute path
// in the container (moby's GetResourcePath, for the stat's linkTarget). A
// dangling link resolves to where it points.
std::string resolve_in_root(int root_fd, const std::string& path);

// Exit statuses the children use for what the caller maps to API errors.
inline constexpr int kChildNotFound = 20;
inline constexpr int kChildNotDirectory = 21;
inline constexpr int kChildRefused = 22; // a hostile or conflicting entry: the request's fault

// What a helper does in the container's root.
enum class RootJob { WriteTar, Extract };

// Starts a helper with `input` as fd 0 (or none), `output` as fd 1 (or none),
// `report` as fd 2 and nothing else, chrooted into `root`, cwd "/", umask 022,
// to do `job` as `request` says; it reports failures as text on fd 2. The
// helper is a fresh exec of this binary (base/self_exec.h; a constructor in
// in_root.cpp takes over before main). The parent closes its copies of the
// child's ends itself.
Result<pid_t> spawn_in_root(const std::string& root, int input, int output, int report, RootJob job,
                            const nlohmann::json& request);

// A path in a request: file names are bytes, not always UTF-8, which JSON
// strings must be; so they travel in base64.
nlohmann::json path_json(std::string_view path);
std::string json_path(const nlohmann::json& value);

// The jobs, run in the helper: their exit statuses.
int run_write_tar_job(const nlohmann::json& request); // tar_writer.cpp
int run_extract_job(const nlohmann::json& request);   // tar_extract.cpp

// Reads the child's report to its end, reaps it and turns a failure into an Error:
// kChildNotFound -> NotFound (`not_found`), kChildRefused -> Invalid, else System.
Result<> finish_child(pid_t child, int report_fd, const Error& not_found, std::string_view doing);

// Writes a failure line to fd 2 (in the child).
void child_say(std::string_view message);

} // namespace berth::containers::detail
