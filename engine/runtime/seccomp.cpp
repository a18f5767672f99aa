#include "runtime/seccomp.h"

#include <map>
#include <memory>
#include <seccomp.h>

namespace berth::runtime {
namespace {

struct FilterReleaser {
    void operator()(void* filter) const { seccomp_release(filter); }
};
using Filter = std::unique_ptr<void, FilterReleaser>;

Result<uint32_t> action_of(const std::string& name, std::optional<unsigned> errno_ret) {
    if (name == "SCMP_ACT_ALLOW") return SCMP_ACT_ALLOW;
    if (name == "SCMP_ACT_ERRNO") return SCMP_ACT_ERRNO(errno_ret.value_or(1));
    if (name == "SCMP_ACT_KILL" || name == "SCMP_ACT_KILL_THREAD") return SCMP_ACT_KILL;
    if (name == "SCMP_ACT_KILL_PROCESS") return SCMP_ACT_KILL_PROCESS;
    if (name == "SCMP_ACT_TRAP") return SCMP_ACT_TRAP;
    if (name == "SCMP_ACT_LOG") return SCMP_ACT_LOG;
    if (name == "SCMP_ACT_TRACE") return SCMP_ACT_TRACE(errno_ret.value_or(0));
    return fail(ErrorCategory::Invalid, "seccomp: unknown action {}", name);
}

Result<scmp_compare> compare_of(const std::string& op) {
    static const std::map<std::string, scmp_compare> ops = {
        {"SCMP_CMP_NE", SCMP_CMP_NE}, {"SCMP_CMP_LT", SCMP_CMP_LT}, {"SCMP_CMP_LE", SCMP_CMP_LE},
        {"SCMP_CMP_EQ", SCMP_CMP_EQ}, {"SCMP_CMP_GE", SCMP_CMP_GE}, {"SCMP_CMP_GT", SCMP_CMP_GT},
        {"SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ}};
    auto it = ops.find(op);
    if (it == ops.end()) return fail(ErrorCategory::Invalid, "seccomp: unknown comparison {}", op);
    return it->second;
}

} // namespace

Result<> load_seccomp(const SeccompPlan& plan) {
    auto default_action = action_of(plan.default_action, plan.default_errno_ret);
    if (!default_action) return std::unexpected(default_action.error());
    Filter filter(seccomp_init(*default_action));
    if (!filter) return fail(ErrorCategory::System, "seccomp_init failed");
    for (const auto& arch_name : plan.architectures) {
        static const std::map<std::string, uint32_t> arches = {
            {"SCMP_ARCH_X86_64", SCMP_ARCH_X86_64}, {"SCMP_ARCH_X86", SCMP_ARCH_X86},
            {"SCMP_ARCH_X32", SCMP_ARCH_X32},       {"SCMP_ARCH_AARCH64", SCMP_ARCH_AARCH64},
            {"SCMP_ARCH_ARM", SCMP_ARCH_ARM}};
        auto arch = arches.find(arch_name);
        if (arch == arches.end()) continue;
        int added = seccomp_arch_add(filter.get(), arch->second);
        if (added != 0 && added != -EEXIST)
            return std::unexpected(Error::from_errno(-added, "seccomp: adding architecture " + arch_name));
    }
    for (const auto& rule : plan.rules) {
        auto action = action_of(rule.action, rule.errno_ret);
        if (!action) return std::unexpected(action.error());
        // A rule equal to the default action is dropped by libseccomp with an error.
        if (*action == *default_action) continue;
        std::vector<scmp_arg_cmp> comparisons;
        for (const auto& arg : rule.args) {
            auto op = compare_of(arg.op);
            if (!op) return std::unexpected(op.error());
            comparisons.push_back({arg.index, *op, arg.value, arg.value_two});
        }
        for (const auto& name : rule.names) {
            int number = seccomp_syscall_resolve_name(name.c_str());
            if (number == __NR_SCMP_ERROR) continue; // unknown here: skipped like dockerd
            int added = seccomp_rule_add_array(filter.get(), *action, number,
                                               static_cast<unsigned>(comparisons.size()), comparisons.data());
            if (added != 0)
                return std::unexpected(Error::from_errno(-added, "seccomp: adding the rule for " + name));
        }
    }
    if (int loaded = seccomp_load(filter.get()); loaded != 0)
        return std::unexpected(Error::from_errno(-loaded, "seccomp: loading the filter"));
    return {};
}

} // namespace berth::runtime
