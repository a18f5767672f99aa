#pragma once
// Docker's seccomp profile format (resources/seccomp-default.json is Docker's own
// default) and the rules that apply to one container: a rule's includes/excludes
// name capabilities, architectures (Go names) and a minimum kernel, and only the
// rules whose conditions the container meets go into its filter. Pure functions;
// seccomp.h turns a plan into a kernel filter.

#include "base/error.h"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace berth::runtime {

struct SeccompArg {
    unsigned index = 0;
    uint64_t value = 0;
    uint64_t value_two = 0;
    std::string op; // "SCMP_CMP_EQ", "SCMP_CMP_MASKED_EQ", ...
};

struct SeccompRule {
    std::vector<std::string> names;
    std::string action; // "SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", ...
    std::optional<unsigned> errno_ret;
    std::vector<SeccompArg> args;
};

struct SeccompPlan {
    std::string default_action;
    std::optional<unsigned> default_errno_ret;
    std::vector<std::string> architectures; // libseccomp names: "SCMP_ARCH_X86_64", ...
    std::vector<SeccompRule> rules;
    // The kernel filter made from the above (compile_seccomp, seccomp.h), when it
    // was made ahead: the container's init then only installs it.
    std::string program;
};

struct ContainerFacts {
    std::set<std::string, std::less<>> capabilities; // "CAP_SYS_ADMIN", ...
    std::string go_arch;                              // "amd64"
    std::string kernel_version;                       // "6.18.44-..."
};

// Parses a profile and keeps the rules that apply to a container with `facts`.
Result<SeccompPlan> plan_seccomp(std::string_view profile_json, const ContainerFacts& facts);

// "6.18.44-fc" >= "4.8"? Compares major.minor as dockerd does.
bool kernel_at_least(std::string_view running, std::string_view minimum);

} // namespace berth::runtime
