// compose-go's merge cases (../shared/corpora/compose-go/merge-cases/<case>/):
// merge(base.yaml, override.yaml) must equal expected.yaml as data. The cases we
// do not pass yet are listed below with the reason; a listed case that starts
// passing fails the test too, so the list stays true.
#include "compose/compose_yaml.h"
#include "compose/merge.h"
#include "corpus_path.h"
#include "yaml_data.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace berth::compose {
namespace {

// case name -> why it does not pass yet
const std::map<std::string, std::string> known_failures = {
};

std::vector<std::string> case_names() {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(testing::compose_go_corpus() / "merge-cases"))
        if (entry.is_directory())
            names.push_back(entry.path().filename().string());
    std::ranges::sort(names);
    return names;
}

// Empty when the case passes, else what went wrong.
std::string run_case(const std::string& name) {
    auto dir = testing::compose_go_corpus() / "merge-cases" / name;
    auto base = load_compose_file(dir / "base.yaml");
    auto override_file = load_compose_file(dir / "override.yaml");
    auto expected = load_compose_file(dir / "expected.yaml");
    if (!base || !override_file || !expected)
        return "cannot read the case";
    auto merged = merge_compose_files(*base, *override_file);
    if (!merged)
        return "merge failed: " + merged.error().message();
    if (!testing::same_data(*merged, *expected))
        return "got:\n" + YAML::Dump(*merged) + "\nexpected:\n" + YAML::Dump(*expected);
    return {};
}

TEST(MergeGolden, CorpusCasesPassExceptTheKnownFailures) {
    auto names = case_names();
    ASSERT_EQ(names.size(), 61u);
    int passed = 0;
    for (const auto& name : names) {
        std::string problem = run_case(name);
        bool known = known_failures.contains(name);
        if (problem.empty()) {
            ++passed;
            EXPECT_FALSE(known) << name << " passes now: remove it from known_failures";
        } else {
            EXPECT_TRUE(known) << name << ": " << problem;
        }
    }
    std::printf("merge-cases: %d of %zu pass\n", passed, names.size());
    EXPECT_EQ(passed + static_cast<int>(known_failures.size()), static_cast<int>(names.size()));
}

TEST(Merge, InputsAreLeftUntouched) {
    auto base = parse_compose_yaml("services:\n  web:\n    environment: [A=1]\n", "base.yaml");
    auto over = parse_compose_yaml("services:\n  web:\n    environment: {A: 2}\n", "override.yaml");
    ASSERT_TRUE(base && over);
    auto merged = merge_compose_files(*base, *over);
    ASSERT_TRUE(merged);
    EXPECT_EQ((*merged)["services"]["web"]["environment"].size(), 1u);
    EXPECT_EQ((*merged)["services"]["web"]["environment"][0].Scalar(), "A=2");
    EXPECT_EQ((*base)["services"]["web"]["environment"][0].Scalar(), "A=1");
    EXPECT_TRUE((*over)["services"]["web"]["environment"].IsMap());
}

TEST(Merge, ResetAndOverrideTags) {
    auto base = parse_compose_yaml("services:\n  web:\n    ports: [\"80:80\"]\n    environment: {A: 1, B: 2}\n"
                                   "    command: echo\n",
                                   "base.yaml");
    auto over = parse_compose_yaml("services:\n  web:\n    ports: !reset []\n    environment: !override {C: 3}\n",
                                   "override.yaml");
    ASSERT_TRUE(base && over);
    auto merged = merge_compose_files(*base, *over);
    ASSERT_TRUE(merged) << merged.error().message();
    YAML::Node web = (*merged)["services"]["web"];
    EXPECT_FALSE(web["ports"]);
    ASSERT_TRUE(web["environment"].IsMap());
    EXPECT_EQ(web["environment"].size(), 1u);
    EXPECT_EQ(web["environment"]["C"].Scalar(), "3");
    EXPECT_EQ(web["command"].Scalar(), "echo");
}

} // namespace
} // namespace berth::compose
