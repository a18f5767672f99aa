// BuildKit's parser test files (../shared/corpora/buildkit-parser): every
// positive Dockerfile dumps to its `result`, negative ones fail, the line-info
// file has BuildKit's ranges, and the shell lexer passes envVarTest/wordsTest.
#include "build/dockerfile/dump.h"
#include "build/dockerfile/parser.h"
#include "build/dockerfile/shell_lexer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace berth::dockerfile {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpus = fs::path(BERTH_SOURCE_DIR) / ".." / "shared" / "corpora" / "buildkit-parser";

std::string read_all(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

std::vector<std::string> case_names(const char* kind) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(kCorpus / kind))
        if (entry.is_directory()) names.push_back(entry.path().filename().string());
    std::ranges::sort(names);
    return names;
}

std::string trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    return std::string(text);
}

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t found; (found = text.find(separator, start)) != std::string::npos; start = found + 1)
        parts.push_back(text.substr(start, found - start));
    parts.push_back(text.substr(start));
    return parts;
}

TEST(DockerfileCorpus, PositiveCasesDumpToTheirResult) {
    const auto names = case_names("positive");
    ASSERT_EQ(names.size(), 33u);
    int passing = 0;
    for (const auto& name : names) {
        SCOPED_TRACE(name);
        auto parsed = parse_dockerfile(read_all(kCorpus / "positive" / name / "Dockerfile"));
        ASSERT_TRUE(parsed.has_value()) << parsed.error().describe();
        EXPECT_EQ(dump(*parsed), read_all(kCorpus / "positive" / name / "result"));
        if (dump(*parsed) == read_all(kCorpus / "positive" / name / "result")) ++passing;
    }
    std::cout << "buildkit-parser positive cases passing: " << passing << "/" << names.size() << "\n";
}

TEST(DockerfileCorpus, NegativeCasesFail) {
    const auto names = case_names("negative");
    ASSERT_EQ(names.size(), 4u);
    for (const auto& name : names) {
        SCOPED_TRACE(name);
        EXPECT_FALSE(parse_dockerfile(read_all(kCorpus / "negative" / name / "Dockerfile")).has_value());
    }
}

TEST(DockerfileCorpus, NegativeCasesSayWhy) {
    auto no_value = parse_dockerfile(read_all(kCorpus / "negative" / "env_no_value" / "Dockerfile"));
    ASSERT_FALSE(no_value);
    EXPECT_EQ(no_value.error().message, "ENV must have two arguments");
    EXPECT_EQ(no_value.error().start_line, 3);
    EXPECT_EQ(no_value.error().describe(), "dockerfile parse error on line 3: ENV must have two arguments");
    auto nested = parse_dockerfile(read_all(kCorpus / "negative" / "shykes-nested-json" / "Dockerfile"));
    ASSERT_FALSE(nested);
    EXPECT_EQ(nested.error().message, "when using JSON array syntax, arrays must be comprised of strings only");
    auto empty = parse_dockerfile(read_all(kCorpus / "negative" / "only_comments" / "Dockerfile"));
    ASSERT_FALSE(empty);
    EXPECT_EQ(empty.error().message, "file with no instructions");
}

TEST(DockerfileCorpus, LineInfoRanges) {
    auto parsed = parse_dockerfile(read_all(kCorpus / "line-info" / "Dockerfile"));
    ASSERT_TRUE(parsed.has_value()) << parsed.error().describe();
    std::vector<std::pair<int, int>> ranges;
    for (const auto& instruction : parsed->instructions)
        ranges.emplace_back(instruction.range.start_line, instruction.range.end_line);
    EXPECT_EQ(ranges, (std::vector<std::pair<int, int>>{{5, 5}, {11, 12}, {17, 31}}));
}

TEST(DockerfileCorpus, EnvVarTestRows) {
    const auto env = env_from_list({"PWD=/home", "SHELL=bash", "KOREAN=한국어", "NULL="});
    const ShellLexer lexer;
    std::istringstream lines(read_all(kCorpus / "shell" / "envVarTest"));
    int rows = 0, windows_only = 0;
    std::string line;
    for (int number = 1; std::getline(lines, line); ++number) {
        if (line.starts_with("#")) continue;
        line = trim(line);
        if (line.empty()) continue;
        const auto fields = split(line, '|');
        ASSERT_EQ(fields.size(), 3u) << "line " << number;
        const std::string platform = trim(fields[0]), source = trim(fields[1]), expected = trim(fields[2]);
        if (platform == "W") {
            ++windows_only;
            continue;
        }
        ++rows;
        auto result = lexer.process_word(source, env);
        if (expected == "error") {
            EXPECT_FALSE(result.has_value()) << "line " << number << ": " << source << " gave " << result.value_or("");
        } else {
            ASSERT_TRUE(result.has_value()) << "line " << number << ": " << result.error();
            EXPECT_EQ(*result, expected) << "line " << number << ": " << source;
        }
    }
    std::cout << "envVarTest rows checked: " << rows << " (skipped " << windows_only << " Windows-only)\n";
    EXPECT_GT(rows, 200);
}

TEST(DockerfileCorpus, WordsTestRows) {
    std::vector<std::string> env_entries;
    std::istringstream lines(read_all(kCorpus / "shell" / "wordsTest"));
    int rows = 0;
    std::string line;
    for (int number = 1; std::getline(lines, line); ++number) {
        if (line.starts_with("#")) continue;
        if (line.starts_with("ENV ")) {
            std::string entry = line.substr(3);
            entry.erase(0, entry.find_first_not_of(' '));
            env_entries.push_back(entry);
            continue;
        }
        const auto fields = split(line, '|');
        ASSERT_EQ(fields.size(), 2u) << "line " << number;
        const std::string source = trim(fields[0]);
        std::string expected_text = fields[1];
        expected_text.erase(0, expected_text.find_first_not_of(' '));
        const auto expected = split(expected_text, ',');
        auto words = ShellLexer().process_words(source, env_from_list(env_entries));
        const std::vector<std::string> got = words ? *words : std::vector<std::string>{"error"};
        EXPECT_EQ(got, expected) << "line " << number << ": " << source;
        ++rows;
    }
    std::cout << "wordsTest rows checked: " << rows << "\n";
    EXPECT_GT(rows, 20);
}

} // namespace
} // namespace berth::dockerfile
