#include "build/builder/stage_plan.h"

#include "build/builder/run_mounts.h"
#include "build/dockerfile/instruction_rules.h"

#include <algorithm>
#include <cctype>
#include <format>
#include <functional>
#include <set>

namespace berth::build {
namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool all_digits(std::string_view text) {
    return !text.empty() && std::ranges::all_of(text, [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace

std::optional<size_t> StagePlan::stage_named(std::string_view name, size_t before) const {
    if (all_digits(name)) {
        size_t index = std::stoul(std::string(name));
        if (index < before) return index;
        return std::nullopt;
    }
    std::string wanted = lower(name);
    for (size_t i = 0; i < before && i < stages.size(); ++i)
        if (!stages[i].name.empty() && stages[i].name == wanted) return i;
    return std::nullopt;
}

size_t StagePlan::step_count() const {
    size_t count = global_args.size();
    for (size_t index : order) count += 1 + stages[index].instructions.size();
    return count;
}

std::expected<StagePlan, std::string> plan_stages(const dockerfile::ParsedDockerfile& dockerfile,
                                                  const std::string& target,
                                                  const std::function<std::string(const std::string&)>& expand_base) {
    StagePlan plan;
    for (const auto& instruction : dockerfile.instructions) {
        std::string keyword = lower(instruction.keyword);
        if (keyword == "from") {
            Stage stage;
            stage.index = plan.stages.size();
            stage.from = &instruction;
            if (instruction.args.empty()) return std::unexpected("FROM requires either one or three arguments");
            stage.base = instruction.args[0];
            if (instruction.args.size() == 3 && lower(instruction.args[1]) == "as") stage.name = lower(instruction.args[2]);
            else if (instruction.args.size() != 1) return std::unexpected("FROM requires either one or three arguments");
            if (!stage.name.empty() && plan.stage_named(stage.name, plan.stages.size()))
                return std::unexpected(std::format("duplicate name {}", stage.name));
            std::string base = lower(expand_base(stage.base));
            if (auto from_stage = plan.stage_named(base, plan.stages.size()); from_stage && !all_digits(base))
                stage.needs.push_back(*from_stage);
            plan.stages.push_back(std::move(stage));
            continue;
        }
        if (plan.stages.empty()) {
            if (keyword != "arg") return std::unexpected("no build stage in current context");
            plan.global_args.push_back(&instruction);
            continue;
        }
        Stage& stage = plan.stages.back();
        stage.instructions.push_back(&instruction);
        if (keyword != "copy" && keyword != "run") continue;
        auto flags = dockerfile::parse_instruction_flags(instruction);
        if (!flags) continue;
        std::vector<std::string> froms;
        // `COPY --from=x <<EOF /f` copies the heredoc and reads nothing of x (BuildKit).
        if (keyword == "copy" && flags->has("from") && instruction.heredocs.empty()) froms.push_back(flags->value("from"));
        if (keyword == "run")
            for (const auto& value : flags->values("mount")) {
                auto from = run_mount_from(value);
                if (!from) return std::unexpected(from.error().message);
                if (!from->empty()) froms.push_back(*from);
            }
        for (const auto& from : froms) {
            if (all_digits(from) && std::stoul(from) >= stage.index)
                return std::unexpected(std::format("invalid from flag value {}: refers to current build stage", from));
            if (auto source = plan.stage_named(expand_base(from), stage.index)) stage.needs.push_back(*source);
        }
    }
    if (plan.stages.empty()) return std::unexpected("no build stage in current context");

    size_t last = plan.stages.size() - 1;
    if (!target.empty()) {
        auto found = plan.stage_named(lower(target), plan.stages.size());
        if (!found || all_digits(target)) return std::unexpected(std::format("failed to reach build target {} in Dockerfile", target));
        last = *found;
    }
    std::set<size_t> needed;
    std::function<void(size_t)> visit = [&](size_t index) {
        if (!needed.insert(index).second) return;
        for (size_t dependency : plan.stages[index].needs) visit(dependency);
    };
    visit(last);
    plan.order.assign(needed.begin(), needed.end());
    return plan;
}

} // namespace berth::build
