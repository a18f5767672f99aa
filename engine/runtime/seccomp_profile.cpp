#include "runtime/seccomp_profile.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <nlohmann/json.hpp>

namespace berth::runtime {
namespace {

// Go architecture names in includes/excludes, to libseccomp's for the archMap.
const std::map<std::string, std::string, std::less<>> kGoToSeccomp = {
    {"amd64", "SCMP_ARCH_X86_64"}, {"386", "SCMP_ARCH_X86"},     {"x86", "SCMP_ARCH_X86"},
    {"x32", "SCMP_ARCH_X32"},      {"arm64", "SCMP_ARCH_AARCH64"}, {"arm", "SCMP_ARCH_ARM"},
    {"ppc64le", "SCMP_ARCH_PPC64LE"}, {"s390x", "SCMP_ARCH_S390X"}, {"s390", "SCMP_ARCH_S390"},
    {"riscv64", "SCMP_ARCH_RISCV64"},
};

std::pair<int, int> major_minor(std::string_view version) {
    int major = 0, minor = 0;
    auto dot = version.find('.');
    std::from_chars(version.data(), version.data() + version.size(), major);
    if (dot != std::string_view::npos) std::from_chars(version.data() + dot + 1, version.data() + version.size(), minor);
    return {major, minor};
}

bool any_of_strings(const nlohmann::json& list, auto&& predicate) {
    return std::any_of(list.begin(), list.end(), [&](const nlohmann::json& item) {
        return item.is_string() && predicate(item.get<std::string>());
    });
}

// The arch condition of includes/excludes: the Go name of the host, or of any of
// its sub-architectures in the profile's archMap ("x32" on amd64, say) counts.
bool arch_matches(const nlohmann::json& arches, const ContainerFacts& facts) {
    return any_of_strings(arches, [&](const std::string& arch) { return arch == facts.go_arch; });
}

bool applies(const nlohmann::json& rule, const ContainerFacts& facts) {
    if (rule.contains("includes")) {
        const auto& includes = rule["includes"];
        if (includes.contains("caps") &&
            !any_of_strings(includes["caps"], [&](const std::string& cap) { return facts.capabilities.contains(cap); }))
            return false;
        if (includes.contains("arches") && !arch_matches(includes["arches"], facts)) return false;
        if (includes.contains("minKernel") && !kernel_at_least(facts.kernel_version, includes["minKernel"].get<std::string>()))
            return false;
    }
    if (rule.contains("excludes")) {
        const auto& excludes = rule["excludes"];
        if (excludes.contains("caps") &&
            any_of_strings(excludes["caps"], [&](const std::string& cap) { return facts.capabilities.contains(cap); }))
            return false;
        if (excludes.contains("arches") && arch_matches(excludes["arches"], facts)) return false;
        if (excludes.contains("minKernel") && kernel_at_least(facts.kernel_version, excludes["minKernel"].get<std::string>()))
            return false;
    }
    return true;
}

} // namespace

bool kernel_at_least(std::string_view running, std::string_view minimum) {
    return major_minor(running) >= major_minor(minimum);
}

Result<SeccompPlan> plan_seccomp(std::string_view profile_json, const ContainerFacts& facts) {
    SeccompPlan plan;
    try {
        auto profile = nlohmann::json::parse(profile_json);
        plan.default_action = profile.at("defaultAction").get<std::string>();
        if (profile.contains("defaultErrnoRet")) plan.default_errno_ret = profile["defaultErrnoRet"].get<unsigned>();
        auto native = kGoToSeccomp.find(facts.go_arch);
        if (native != kGoToSeccomp.end()) plan.architectures.push_back(native->second);
        // archMap: the native architecture's sub-architectures join the filter.
        for (const auto& entry : profile.value("archMap", nlohmann::json::array())) {
            if (native == kGoToSeccomp.end() || entry.value("architecture", "") != native->second) continue;
            for (const auto& sub : entry.value("subArchitectures", nlohmann::json::array()))
                plan.architectures.push_back(sub.get<std::string>());
        }
        for (const auto& arch : profile.value("architectures", nlohmann::json::array()))
            if (std::ranges::find(plan.architectures, arch.get<std::string>()) == plan.architectures.end())
                plan.architectures.push_back(arch.get<std::string>());
        for (const auto& rule : profile.value("syscalls", nlohmann::json::array())) {
            if (!applies(rule, facts)) continue;
            SeccompRule kept;
            if (rule.contains("names")) kept.names = rule["names"].get<std::vector<std::string>>();
            if (rule.contains("name")) kept.names.push_back(rule["name"].get<std::string>());
            kept.action = rule.at("action").get<std::string>();
            if (rule.contains("errnoRet")) kept.errno_ret = rule["errnoRet"].get<unsigned>();
            for (const auto& arg : rule.value("args", nlohmann::json::array()))
                kept.args.push_back({arg.at("index").get<unsigned>(), arg.at("value").get<uint64_t>(),
                                     arg.value("valueTwo", uint64_t{0}), arg.at("op").get<std::string>()});
            if (kept.names.empty()) return fail(ErrorCategory::Invalid, "seccomp profile: a rule names no syscall");
            plan.rules.push_back(std::move(kept));
        }
    } catch (const nlohmann::json::exception& e) {
        return fail(ErrorCategory::Invalid, "invalid seccomp profile: {}", e.what());
    }
    return plan;
}

} // namespace berth::runtime
