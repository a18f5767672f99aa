#pragma once
// Helpers that are this same binary run again: the layer unpacker, the
// container-files helper. A constructor of the binary takes over before main()
// when it sees its flag among the arguments.
//
// Why a fresh exec and never a bare fork that goes on running: in a
// many-threaded daemon, a fork's child may wait forever on a lock another
// thread held at the fork (the allocator's, seen under AddressSanitizer).

#include "base/error.h"

#include <span>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

namespace berth {

// Forks and execs /proc/self/exe with `args` after argv[0] (`name`), with
// `fds[i]` as fd i (-1: closed) and no other fd open. If the exec fails, the
// child says so on fd `report` (an index into `fds`) and exits 11.
Result<pid_t> spawn_self(std::string_view name, const std::vector<std::string>& args, std::span<const int> fds,
                         int report);

} // namespace berth
