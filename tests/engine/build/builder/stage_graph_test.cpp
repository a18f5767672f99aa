// Parallel stages: which stages may run side by side (the stage graph), the
// classic step numbering over them, and the ordered output that keeps each
// stage's messages together and in file order.
#include "build/builder/ordered_output.h"
#include "build/builder/stage_graph.h"
#include "build/dockerfile/parser.h"

#include <gtest/gtest.h>

#include <thread>

namespace berth::build {
namespace {

struct Planned {
    dockerfile::ParsedDockerfile parsed; // the plan points into it
    StagePlan plan;
};

std::unique_ptr<Planned> plan_of(std::string_view text, const std::string& target = "") {
    auto parsed = dockerfile::parse_dockerfile(text);
    EXPECT_TRUE(parsed.has_value());
    auto planned = std::make_unique<Planned>(Planned{std::move(*parsed), {}});
    auto plan = plan_stages(planned->parsed, target, [](const std::string& word) { return word; });
    EXPECT_TRUE(plan.has_value()) << plan.error();
    if (plan) planned->plan = std::move(*plan);
    return planned;
}

const char* kDiamond = "FROM busybox AS a\nRUN a\n"
                       "FROM busybox AS b\nRUN b\nRUN b2\n"
                       "FROM a AS c\nCOPY --from=b /x /x\n"
                       "FROM busybox AS d\nCOPY --from=c /y /y\n";

TEST(StageGraph, IndependentStagesStartTogether) {
    auto planned = plan_of(kDiamond);
    StageGraph graph(planned->plan);
    EXPECT_EQ(graph.take_ready(3), (std::vector<size_t>{0, 1}));
    EXPECT_EQ(graph.running(), 2u);
    EXPECT_TRUE(graph.take_ready(3).empty()) << "c needs a and b, d needs c";
    graph.finished(0);
    EXPECT_TRUE(graph.take_ready(3).empty()) << "c still needs b";
    graph.finished(1);
    EXPECT_EQ(graph.take_ready(3), std::vector<size_t>{2});
    graph.finished(2);
    EXPECT_EQ(graph.take_ready(3), std::vector<size_t>{3});
    EXPECT_FALSE(graph.all_finished());
    graph.finished(3);
    EXPECT_TRUE(graph.all_finished());
    EXPECT_EQ(graph.running(), 0u);
}

TEST(StageGraph, ThePoolBoundsHowManyRun) {
    auto planned = plan_of("FROM busybox AS a\nFROM busybox AS b\nFROM busybox AS c\nFROM busybox AS d\n"
                           "FROM busybox\nCOPY --from=a / /a\nCOPY --from=b / /b\nCOPY --from=c / /c\nCOPY --from=d / /d\n");
    StageGraph graph(planned->plan);
    EXPECT_EQ(graph.take_ready(2), (std::vector<size_t>{0, 1}));
    EXPECT_TRUE(graph.take_ready(2).empty());
    graph.finished(1);
    EXPECT_EQ(graph.take_ready(2), std::vector<size_t>{2});
    graph.finished(0);
    graph.finished(2);
    EXPECT_EQ(graph.take_ready(2), std::vector<size_t>{3});
    graph.finished(3);
    EXPECT_EQ(graph.take_ready(2), std::vector<size_t>{4}) << "the last stage waits for all four";
}

TEST(StageGraph, AChainRunsOneAfterTheOther) {
    auto planned = plan_of("FROM busybox AS a\nFROM a AS b\nFROM b\n");
    StageGraph graph(planned->plan);
    for (size_t index = 0; index < 3; ++index) {
        EXPECT_EQ(graph.take_ready(3), std::vector<size_t>{index});
        graph.finished(index);
    }
    EXPECT_TRUE(graph.all_finished());
}

TEST(StageGraph, OnlyTheTargetsStagesAndUnbuiltDependenciesIgnored) {
    auto planned = plan_of(kDiamond, "c");
    EXPECT_EQ(planned->plan.order, (std::vector<size_t>{0, 1, 2}));
    StageGraph graph(planned->plan);
    EXPECT_EQ(graph.take_ready(3), (std::vector<size_t>{0, 1}));
    graph.finished(0);
    graph.finished(1);
    EXPECT_EQ(graph.take_ready(3), std::vector<size_t>{2});
    graph.finished(2);
    EXPECT_TRUE(graph.all_finished());
}

TEST(StageGraph, FirstStepsCountAsTheClassicBuilder) {
    auto planned = plan_of(std::string("ARG V=1\n") + kDiamond);
    // ARG is step 1; a: FROM+RUN (2, 3); b: FROM+2 RUN (4-6); c: FROM+COPY (7, 8); d: 9, 10.
    EXPECT_EQ(first_steps(planned->plan), (std::vector<size_t>{2, 4, 7, 9}));
    EXPECT_EQ(planned->plan.step_count(), 10u);
}

std::vector<std::string> texts(const std::vector<nlohmann::json>& messages) {
    std::vector<std::string> out;
    for (const auto& message : messages) out.push_back(message.value("stream", ""));
    return out;
}

TEST(OrderedOutput, ALaterStageWaitsForTheOnesBefore) {
    std::vector<nlohmann::json> sent;
    BuildOutput sink = [&](const nlohmann::json& message) { sent.push_back(message); return true; };
    OrderedOutput ordered(sink, {0, 2, 5});
    auto first = ordered.for_stage(0);
    auto second = ordered.for_stage(2);
    auto third = ordered.for_stage(5);
    EXPECT_TRUE(third({{"stream", "5a"}}));
    EXPECT_TRUE(second({{"stream", "2a"}}));
    EXPECT_TRUE(first({{"stream", "0a"}}));
    EXPECT_EQ(texts(sent), std::vector<std::string>{"0a"}) << "the first stage goes out live";
    ordered.finished(5); // done, but it waits for 2
    EXPECT_TRUE(second({{"stream", "2b"}}));
    EXPECT_TRUE(first({{"stream", "0b"}}));
    ordered.finished(0);
    EXPECT_EQ(texts(sent), (std::vector<std::string>{"0a", "0b", "2a", "2b"}));
    EXPECT_TRUE(second({{"stream", "2c"}}));
    ordered.finished(2);
    EXPECT_EQ(texts(sent), (std::vector<std::string>{"0a", "0b", "2a", "2b", "2c", "5a"}));
}

TEST(OrderedOutput, FlushAllAfterAFailureAndAGoneClient) {
    std::vector<nlohmann::json> sent;
    bool open = true;
    BuildOutput sink = [&](const nlohmann::json& message) { sent.push_back(message); return open; };
    OrderedOutput ordered(sink, {0, 1});
    auto second = ordered.for_stage(1);
    EXPECT_TRUE(second({{"stream", "1a"}}));
    ordered.flush_all();
    EXPECT_EQ(texts(sent), std::vector<std::string>{"1a"});
    open = false;
    EXPECT_FALSE(ordered.direct({{"stream", "end"}}));
    EXPECT_FALSE(second({{"stream", "1b"}})) << "once the client has gone every stage hears it";
}

TEST(OrderedOutput, StagesWritingFromThreadsKeepTheirLinesTogether) {
    std::vector<nlohmann::json> sent;
    BuildOutput sink = [&](const nlohmann::json& message) { sent.push_back(message); return true; };
    OrderedOutput ordered(sink, {0, 1, 2});
    {
        std::vector<std::jthread> threads;
        for (size_t index = 0; index < 3; ++index)
            threads.emplace_back([&ordered, index] {
                auto out = ordered.for_stage(index);
                for (int line = 0; line < 200; ++line) out({{"stream", std::format("{}-{}", index, line)}});
                ordered.finished(index);
            });
    }
    ASSERT_EQ(sent.size(), 600u);
    for (size_t i = 0; i < sent.size(); ++i)
        EXPECT_EQ(sent[i].value("stream", ""), std::format("{}-{}", i / 200, i % 200));
}

} // namespace
} // namespace berth::build
