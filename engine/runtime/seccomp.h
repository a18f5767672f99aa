#pragma once
// A SeccompPlan as a kernel filter (BPF, made with libseccomp) and its loading
// for the calling thread and its future children. Syscall names this kernel or
// libseccomp does not know are skipped, as dockerd skips them.
//
// Compiling the default profile takes ~20 ms of CPU, so berthd compiles each
// distinct plan once (compile_seccomp caches) and the container's init only
// installs the program.

#include "base/error.h"
#include "runtime/seccomp_profile.h"

#include <string>
#include <string_view>

namespace berth::runtime {

// The filter as struct sock_filter bytes; the same plan gives the cached program.
Result<std::string> compile_seccomp(const SeccompPlan& plan);

// Installs a compiled program. It does not set no_new_privs (Docker does not
// unless asked): the caller holds CAP_SYS_ADMIN or has set it.
Result<> install_seccomp(std::string_view program);

// plan.program when there is one, else the plan compiled here; then installed.
Result<> load_seccomp(const SeccompPlan& plan);

} // namespace berth::runtime
