#pragma once
// Finding and reporting the program a container runs, worded as Docker's stack
// words it (Go's exec.LookPath inside runc), because the docker CLI picks its
// exit code from the message: 127 when it contains "executable file not found"
// or "no such file or directory", 126 for "permission denied" or "is a
// directory".
//   exec: "nosuch": executable file not found in $PATH
//   exec: "/nosuch": stat /nosuch: no such file or directory
//   exec: "/etc/passwd": permission denied
// Categories tell them apart without reading text: NotFound is the 127 kind,
// Forbidden the 126 kind (both also carry the errno).

#include "base/error.h"

#include <optional>
#include <string>
#include <vector>

namespace berth::runtime {

// Docker's PATH when the environment has none.
inline constexpr const char* kDefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

// The value of `name` in a "KEY=value" list, if set.
std::optional<std::string> env_value(const std::vector<std::string>& env, std::string_view name);

// exec.LookPath: a name with '/' is checked as it is; otherwise each PATH
// directory of `env` is tried (an empty entry is "."). Checks run against the
// calling process's root and credentials (call it inside the container, as the
// container's user).
Result<std::string> look_path(const std::string& file, const std::vector<std::string>& env);

// The error of a failed execve(file) with `errnum`, worded as above.
Error exec_error(const std::string& file, int errnum);

// 127 or 126 for an error from look_path/exec_error (as the CLI would exit);
// nullopt for other errors (a failed mount: the CLI's 125).
std::optional<int> exec_exit_code(const Error& error);

} // namespace berth::runtime
