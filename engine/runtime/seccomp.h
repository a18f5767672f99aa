#pragma once
// Loads a SeccompPlan into the kernel for the calling thread and its future
// children, with libseccomp. Syscall names this kernel or libseccomp does not
// know are skipped, as dockerd skips them.

#include "base/error.h"
#include "runtime/seccomp_profile.h"

namespace berth::runtime {

Result<> load_seccomp(const SeccompPlan& plan);

} // namespace berth::runtime
