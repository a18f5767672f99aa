#pragma once
// Linux capabilities as Docker hands them out: its default set, `--cap-add` and
// `--cap-drop` (names with or without "CAP_", any case, and "ALL"), and
// `--privileged`, which grants every capability this process may still hold (the
// bounding set: here CAP_SYS_RESOURCE is not in it, so no container gets it).

#include "base/error.h"

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace berth::runtime {

using CapabilitySet = std::set<std::string, std::less<>>; // "CAP_CHOWN", ...

// Docker's default capabilities for a container.
const CapabilitySet& default_capabilities();

// Every capability the kernel knows that is in this process's bounding set.
CapabilitySet available_capabilities();

// "chown", "CAP_chown", "CAP_CHOWN" -> "CAP_CHOWN"; "all" -> "ALL"; unknown names
// are Docker's error: unknown capability: "CAP_FOO".
Result<std::string> normalize_capability(std::string_view name);

// Docker's TweakCapabilities: ALL in adds gives every available capability but
// the dropped ones; ALL in drops gives just the adds; otherwise the basics minus
// drops plus adds. Privileged gives every available capability.
Result<CapabilitySet> tweak_capabilities(const CapabilitySet& basics, const std::vector<std::string>& adds,
                                         const std::vector<std::string>& drops, bool privileged,
                                         const CapabilitySet& available);

// The kernel's bit mask of a set.
uint64_t capability_mask(const CapabilitySet& set);

// Limits the calling process (in a container's init, before exec) to `set`: the
// rest leave the bounding set, and effective, permitted and inheritable become `set`.
Result<> apply_capabilities(const CapabilitySet& set);

} // namespace berth::runtime
