#include "runtime/seccomp.h"

#include <format>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <map>
#include <memory>
#include <mutex>
#include <seccomp.h>
#include <sys/syscall.h>
#include <unistd.h>

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

namespace {

Result<Filter> build_filter(const SeccompPlan& plan) {
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
    return filter;
}

// Everything a program depends on, as one string (the program itself aside).
std::string plan_key(const SeccompPlan& plan) {
    std::string key = plan.default_action + '/' + std::to_string(plan.default_errno_ret.value_or(~0u));
    for (const auto& arch : plan.architectures) key += ' ' + arch;
    for (const auto& rule : plan.rules) {
        key += '\n' + rule.action + '/' + std::to_string(rule.errno_ret.value_or(~0u));
        for (const auto& arg : rule.args)
            key += std::format(" {}:{}:{}:{}", arg.index, arg.op, arg.value, arg.value_two);
        for (const auto& name : rule.names) key += ' ' + name;
    }
    return key;
}

} // namespace

Result<std::string> compile_seccomp(const SeccompPlan& plan) {
    // A handful of distinct plans in practice (capability sets); keep the last few.
    static std::mutex mutex;
    static std::map<std::string, std::string> cache;
    std::string key = plan_key(plan);
    {
        std::lock_guard lock(mutex);
        if (auto found = cache.find(key); found != cache.end()) return found->second;
    }
    auto filter = build_filter(plan);
    if (!filter) return std::unexpected(filter.error());
    size_t size = 0;
    if (int exported = seccomp_export_bpf_mem(filter->get(), nullptr, &size); exported != 0)
        return std::unexpected(Error::from_errno(-exported, "seccomp: sizing the filter"));
    std::string program(size, '\0');
    if (int exported = seccomp_export_bpf_mem(filter->get(), program.data(), &size); exported != 0)
        return std::unexpected(Error::from_errno(-exported, "seccomp: exporting the filter"));
    program.resize(size);
    std::lock_guard lock(mutex);
    if (cache.size() >= 16) cache.clear();
    cache.emplace(std::move(key), program);
    return program;
}

Result<> install_seccomp(std::string_view program) {
    if (program.empty() || program.size() % sizeof(sock_filter) != 0)
        return fail(ErrorCategory::Invalid, "seccomp: a program of {} bytes is not a filter", program.size());
    sock_fprog fprog{};
    fprog.len = static_cast<unsigned short>(program.size() / sizeof(sock_filter));
    fprog.filter = reinterpret_cast<sock_filter*>(const_cast<char*>(program.data()));
    if (::syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog) != 0)
        return fail_errno("seccomp: loading the filter");
    return {};
}

Result<> load_seccomp(const SeccompPlan& plan) {
    if (!plan.program.empty()) return install_seccomp(plan.program);
    auto program = compile_seccomp(plan);
    if (!program) return std::unexpected(program.error());
    return install_seccomp(*program);
}

} // namespace berth::runtime
