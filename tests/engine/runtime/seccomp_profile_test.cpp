// Docker's own default profile, planned for containers with different capabilities.
#include "base/files.h"
#include "runtime/seccomp_profile.h"

#include <algorithm>
#include <gtest/gtest.h>

namespace berth::runtime {
namespace {

std::string default_profile() { return read_file(BERTH_SOURCE_DIR "/resources/seccomp-default.json").value(); }

const SeccompRule* rule_for(const SeccompPlan& plan, std::string_view name, std::string_view action) {
    for (const auto& rule : plan.rules)
        if (rule.action == action && std::ranges::find(rule.names, name) != rule.names.end()) return &rule;
    return nullptr;
}

ContainerFacts facts(std::set<std::string, std::less<>> caps, std::string kernel = "6.18.44") {
    return {std::move(caps), "amd64", std::move(kernel)};
}

TEST(SeccompProfile, DefaultsAndArchitectures) {
    auto plan = plan_seccomp(default_profile(), facts({}));
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_EQ(plan->default_action, "SCMP_ACT_ERRNO");
    EXPECT_EQ(plan->default_errno_ret, 1u);
    EXPECT_EQ(plan->architectures, (std::vector<std::string>{"SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"}));
    EXPECT_TRUE(rule_for(*plan, "read", "SCMP_ACT_ALLOW"));
    EXPECT_TRUE(rule_for(*plan, "arch_prctl", "SCMP_ACT_ALLOW")) << "amd64-only rules apply on amd64";
    EXPECT_FALSE(rule_for(*plan, "s390_runtime_instr", "SCMP_ACT_ALLOW")) << "s390 rules do not";
    EXPECT_FALSE(rule_for(*plan, "keyctl", "SCMP_ACT_ALLOW"));
}

TEST(SeccompProfile, CapabilitiesOpenAndCloseRules) {
    auto plain = plan_seccomp(default_profile(), facts({})).value();
    EXPECT_FALSE(rule_for(plain, "mount", "SCMP_ACT_ALLOW"));
    EXPECT_FALSE(rule_for(plain, "bpf", "SCMP_ACT_ALLOW"));
    const SeccompRule* clone3 = rule_for(plain, "clone3", "SCMP_ACT_ERRNO");
    ASSERT_TRUE(clone3);
    EXPECT_EQ(clone3->errno_ret, 38u) << "clone3 answers ENOSYS so libcs fall back to clone";
    const SeccompRule* clone = rule_for(plain, "clone", "SCMP_ACT_ALLOW");
    ASSERT_TRUE(clone);
    ASSERT_EQ(clone->args.size(), 1u);
    EXPECT_EQ(clone->args[0].op, "SCMP_CMP_MASKED_EQ") << "clone without namespace flags only";

    auto admin = plan_seccomp(default_profile(), facts({"CAP_SYS_ADMIN"})).value();
    EXPECT_TRUE(rule_for(admin, "mount", "SCMP_ACT_ALLOW"));
    EXPECT_TRUE(rule_for(admin, "bpf", "SCMP_ACT_ALLOW"));
    EXPECT_FALSE(rule_for(admin, "clone3", "SCMP_ACT_ERRNO"));
}

TEST(SeccompProfile, MinimumKernels) {
    EXPECT_TRUE(rule_for(plan_seccomp(default_profile(), facts({})).value(), "ptrace", "SCMP_ACT_ALLOW"));
    EXPECT_FALSE(rule_for(plan_seccomp(default_profile(), facts({}, "4.4.0")).value(), "ptrace", "SCMP_ACT_ALLOW"));
    EXPECT_TRUE(kernel_at_least("6.18.44-fc-v657", "4.8"));
    EXPECT_TRUE(kernel_at_least("4.8", "4.8"));
    EXPECT_FALSE(kernel_at_least("4.7.10", "4.8"));
    EXPECT_FALSE(kernel_at_least("3.99", "4.0"));
}

TEST(SeccompProfile, MalformedProfilesAreClearErrors) {
    for (const char* bad : {"{", "{}", R"({"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"action":"SCMP_ACT_ALLOW"}]})",
                            R"({"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"]}]})"}) {
        auto plan = plan_seccomp(bad, facts({}));
        ASSERT_FALSE(plan) << bad;
        EXPECT_EQ(plan.error().http_status(), 400);
    }
}

} // namespace
} // namespace berth::runtime
