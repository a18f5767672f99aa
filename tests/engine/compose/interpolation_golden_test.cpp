// Every row of compose-go's interpolation tests (interpolation-rows.jsonl), each
// in the environment its source file uses (see ../shared/corpora/README.md).
#include "compose/interpolation.h"
#include "corpus_path.h"

#include <fstream>
#include <map>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace berth::compose {
namespace {

using Environment = std::map<std::string, std::string, std::less<>>;

// compose-go's TestValidUnexistentInterpolation runs with nothing set (its rows
// expect the defaults of FOO), the corpus README's environment otherwise.
const Environment& environment_for(const std::string& source_file, const std::string& test_function) {
    static const Environment nothing_set;
    if (test_function == "TestValidUnexistentInterpolation")
        return nothing_set;
    static const Environment interpolation_env = {{"USER", "jenny"}, {"FOO", "bar"}, {"count", "5"}, {"REQUIRED", "true"}};
    static const Environment template_env = {{"FOO", "first"}, {"BAR", ""}, {"JSON", R"({"json":2})"}};
    return source_file.starts_with("template_") ? template_env : interpolation_env;
}

VariableLookup lookup_in(const Environment& env) {
    return [&env](std::string_view name) -> std::optional<std::string> {
        auto it = env.find(name);
        if (it == env.end())
            return std::nullopt;
        return it->second;
    };
}

TEST(InterpolationGolden, EveryCorpusRowMatchesComposeGo) {
    std::ifstream rows(testing::compose_go_corpus() / "interpolation-rows.jsonl");
    ASSERT_TRUE(rows) << "missing corpus interpolation-rows.jsonl";
    std::string line;
    int checked = 0;
    while (std::getline(rows, line)) {
        if (line.empty())
            continue;
        auto row = nlohmann::json::parse(line);
        std::string input = row.at("input");
        auto result = interpolate(input, lookup_in(environment_for(row.at("file"), row.at("func"))));
        if (row.at("errMsg").is_null()) {
            ASSERT_TRUE(result) << input << ": " << result.error().message();
            EXPECT_EQ(*result, row.at("expected").get<std::string>()) << row.at("func") << ": " << input;
        } else {
            ASSERT_FALSE(result) << input;
            EXPECT_NE(result.error().message().find(row.at("errMsg").get<std::string>()), std::string::npos)
                << result.error().message();
        }
        ++checked;
    }
    EXPECT_EQ(checked, 46);
}

} // namespace
} // namespace berth::compose
