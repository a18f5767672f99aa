// Step planning: global ARGs, stages and their names, which stages a target
// needs (FROM <stage>, COPY --from), step numbering and Docker's errors.
#include "build/builder/stage_plan.h"
#include "build/dockerfile/parser.h"

#include <gtest/gtest.h>

namespace berth::build {
namespace {

struct Planned {
    dockerfile::ParsedDockerfile parsed; // the plan points into it
    std::expected<StagePlan, std::string> plan;
};

std::unique_ptr<Planned> plan_of(std::string_view text, const std::string& target = "",
                                 std::map<std::string, std::string> globals = {}) {
    auto parsed = dockerfile::parse_dockerfile(text);
    EXPECT_TRUE(parsed.has_value());
    auto planned = std::make_unique<Planned>(Planned{std::move(*parsed), std::unexpected(std::string())});
    planned->plan = plan_stages(planned->parsed, target, [&](const std::string& word) {
        if (word.starts_with("${") && word.ends_with("}")) {
            auto found = globals.find(word.substr(2, word.size() - 3));
            if (found != globals.end()) return found->second;
        }
        return word;
    });
    return planned;
}

TEST(StagePlan, OneStage) {
    auto planned = plan_of("FROM busybox\nRUN true\nCMD [\"sh\"]\n");
    ASSERT_TRUE(planned->plan) << planned->plan.error();
    const auto& plan = *planned->plan;
    ASSERT_EQ(plan.stages.size(), 1u);
    EXPECT_EQ(plan.stages[0].base, "busybox");
    EXPECT_EQ(plan.stages[0].instructions.size(), 2u);
    EXPECT_EQ(plan.order, std::vector<size_t>{0});
    EXPECT_EQ(plan.step_count(), 3u);
}

TEST(StagePlan, GlobalArgsCountAsSteps) {
    auto planned = plan_of("ARG BASE=busybox\nARG V\nFROM ${BASE}\nRUN true\n");
    ASSERT_TRUE(planned->plan);
    EXPECT_EQ(planned->plan->global_args.size(), 2u);
    EXPECT_EQ(planned->plan->step_count(), 4u);
}

TEST(StagePlan, OnlyNeededStagesForTheTarget) {
    const char* text = "FROM busybox AS deps\nRUN a\n"
                       "FROM busybox AS unused\nRUN b\n"
                       "FROM deps AS build\nRUN c\n"
                       "FROM busybox AS tools\nRUN d\n"
                       "FROM busybox AS final\nCOPY --from=build /x /x\nCOPY --from=3 /y /y\n"
                       "FROM busybox AS after\n";
    auto planned = plan_of(text, "final");
    ASSERT_TRUE(planned->plan) << planned->plan.error();
    EXPECT_EQ(planned->plan->order, (std::vector<size_t>{0, 2, 3, 4}));
    EXPECT_EQ(planned->plan->step_count(), 9u);

    auto to_build = plan_of(text, "BUILD"); // names are case-insensitive
    ASSERT_TRUE(to_build->plan) << to_build->plan.error();
    EXPECT_EQ(to_build->plan->order, (std::vector<size_t>{0, 2}));
    EXPECT_EQ(to_build->plan->step_count(), 4u);
}

TEST(StagePlan, RunBindMountFromAStageIsADependency) {
    const char* text = "FROM busybox AS gen\nRUN a\n"
                       "FROM busybox AS other\nRUN b\n"
                       "FROM busybox AS tools\nRUN c\n"
                       "FROM busybox AS final\n"
                       "RUN --mount=type=cache,target=/c --mount=type=bind,from=GEN,source=/out,target=/in cat /in/x\n"
                       "RUN --mount=from=2,target=/t true\n"             // bind by default, a stage index
                       "RUN --mount=type=bind,from=alpine,target=/a true\n"; // an image: no stage
    auto planned = plan_of(text);
    ASSERT_TRUE(planned->plan) << planned->plan.error();
    EXPECT_EQ(planned->plan->order, (std::vector<size_t>{0, 2, 3}));
    EXPECT_EQ(planned->plan->stages[3].needs, (std::vector<size_t>{0, 2}));

    auto expanded = plan_of("ARG S=gen\nFROM busybox AS gen\nFROM busybox\nRUN --mount=from=$S,target=/t true\n");
    ASSERT_FALSE(expanded->plan) << "BuildKit refuses a variable in from=, before building anything";
    EXPECT_EQ(expanded->plan.error(), "'from' doesn't support variable expansion, define alias stage instead");
    auto alias = plan_of("ARG S=gen\nFROM busybox AS gen\nFROM ${S} AS chosen\n"
                         "FROM busybox\nRUN --mount=from=chosen,target=/t true\n", "", {{"S", "gen"}});
    ASSERT_TRUE(alias->plan) << alias->plan.error();
    EXPECT_EQ(alias->plan->order, (std::vector<size_t>{0, 1, 2})) << "BuildKit's workaround: an alias stage";

    auto itself = plan_of("FROM busybox\nRUN --mount=type=bind,from=0,target=/t true\n");
    ASSERT_FALSE(itself->plan);
    EXPECT_EQ(itself->plan.error(), "invalid from flag value 0: refers to current build stage");
}

TEST(StagePlan, CopyFromWithOnlyHeredocsReadsNothingOfTheStage) {
    auto planned = plan_of("FROM busybox AS gen\nRUN a\nFROM busybox\nCOPY --from=gen <<EOF /x\nbody\nEOF\n");
    ASSERT_TRUE(planned->plan) << planned->plan.error();
    EXPECT_EQ(planned->plan->order, std::vector<size_t>{1}) << "as BuildKit: the heredoc is the source";
    auto named = plan_of("FROM busybox AS gen\nRUN a\nFROM busybox\nCOPY --from=gen /out /x\n");
    ASSERT_TRUE(named->plan) << named->plan.error();
    EXPECT_EQ(named->plan->order, (std::vector<size_t>{0, 1}));
}

TEST(StagePlan, TheLastStageByDefaultEvenWithoutDependencies) {
    auto planned = plan_of("FROM busybox AS a\nRUN a\nFROM alpine\nRUN b\n");
    ASSERT_TRUE(planned->plan);
    EXPECT_EQ(planned->plan->order, std::vector<size_t>{1});
}

TEST(StagePlan, FromAStageNamedThroughAGlobalArg) {
    auto planned = plan_of("ARG S=base\nFROM busybox AS base\nFROM ${S}\n", "", {{"S", "base"}});
    ASSERT_TRUE(planned->plan);
    EXPECT_EQ(planned->plan->order, (std::vector<size_t>{0, 1}));
}

TEST(StagePlan, StageNamedLooksOnlyBackwards) {
    auto planned = plan_of("FROM busybox AS one\nFROM busybox AS two\n");
    ASSERT_TRUE(planned->plan);
    EXPECT_EQ(planned->plan->stage_named("one", 1), std::optional<size_t>(0));
    EXPECT_EQ(planned->plan->stage_named("two", 1), std::nullopt);
    EXPECT_EQ(planned->plan->stage_named("0", 1), std::optional<size_t>(0));
    EXPECT_EQ(planned->plan->stage_named("1", 1), std::nullopt);
    EXPECT_EQ(planned->plan->stage_named("busybox", 2), std::nullopt); // an image, not a stage
}

TEST(StagePlan, Errors) {
    auto missing = plan_of("FROM busybox AS a\n", "nope");
    ASSERT_FALSE(missing->plan);
    EXPECT_EQ(missing->plan.error(), "failed to reach build target nope in Dockerfile");

    auto before_from = plan_of("RUN true\nFROM busybox\n");
    ASSERT_FALSE(before_from->plan);
    EXPECT_EQ(before_from->plan.error(), "no build stage in current context");

    auto duplicate = plan_of("FROM busybox AS a\nFROM busybox AS A\n");
    ASSERT_FALSE(duplicate->plan);
    EXPECT_EQ(duplicate->plan.error(), "duplicate name a");

    auto self = plan_of("FROM busybox\nCOPY --from=0 /a /b\n");
    ASSERT_FALSE(self->plan);
    EXPECT_EQ(self->plan.error(), "invalid from flag value 0: refers to current build stage");
}

} // namespace
} // namespace berth::build
