#pragma once
// The stages of a Dockerfile and which of them a build needs (issue 12 §2):
// the instructions before the first FROM are the global ARGs; each FROM starts
// a stage (`AS name` names it); `target` picks the last stage built (the last
// one of the file by default), and only the stages it needs — through
// `FROM <stage>`, `COPY --from=<stage|index>` and
// `RUN --mount=type=bind,from=<stage|index>`, transitively — are built, in
// file order. A pure function: tests/engine/build/ checks it.

#include "build/dockerfile/node.h"

#include <expected>
#include <functional>
#include <optional>
#include <string_view>
#include <map>
#include <string>
#include <vector>

namespace berth::build {

struct Stage {
    size_t index = 0;
    std::string name;                             // lower-cased `AS` name, "" when unnamed
    std::string base;                             // FROM's image word, ARGs not yet expanded
    const dockerfile::Instruction* from = nullptr; // the FROM line
    std::vector<const dockerfile::Instruction*> instructions; // after FROM
    std::vector<size_t> needs;                    // stages it reads (FROM, COPY --from, RUN --mount from=)
};

struct StagePlan {
    std::vector<const dockerfile::Instruction*> global_args; // ARGs before the first FROM
    std::vector<Stage> stages;
    std::vector<size_t> order; // the stages to build, in file order; the last is the target
    // Which stage a name or index ("build", "0") means; nothing when it is none (an image).
    std::optional<size_t> stage_named(std::string_view name, size_t before) const;
    // "Step N/M": the global ARGs and each built stage's FROM and instructions.
    size_t step_count() const;
};

// `expand_base` expands a FROM word with the global ARGs (for `FROM ${BASE}`
// naming a stage). Errors read as Docker's: "failed to reach build target
// <t> in Dockerfile", "no build stage in current context" (an instruction
// before FROM other than ARG), "invalid from flag value <x>" ...
std::expected<StagePlan, std::string> plan_stages(const dockerfile::ParsedDockerfile& dockerfile,
                                                  const std::string& target,
                                                  const std::function<std::string(const std::string&)>& expand_base);

} // namespace berth::build
