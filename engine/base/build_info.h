#pragma once
// What this build is: the version and the commit it was built from. Kept in one
// generated file so a new commit recompiles that file alone.

namespace berth {

const char* berth_version();     // "0.1.0"
const char* berth_git_commit();  // short hash, or "unknown" outside a git checkout

} // namespace berth
