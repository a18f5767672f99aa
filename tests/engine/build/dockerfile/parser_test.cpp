// The parser on what BuildKit's corpus does not cover: heredocs, every
// instruction's flags and forms, directives, comments, ranges and columns.
#include "build/dockerfile/dump.h"
#include "build/dockerfile/parser.h"

#include <gtest/gtest.h>

namespace berth::dockerfile {
namespace {

ParsedDockerfile parse_ok(std::string_view text) {
    auto parsed = parse_dockerfile(text);
    EXPECT_TRUE(parsed.has_value()) << (parsed ? "" : parsed.error().describe());
    return parsed ? std::move(*parsed) : ParsedDockerfile{};
}

TEST(DockerfileParser, HeredocInRun) {
    auto parsed = parse_ok("FROM busybox\nRUN <<EOF\necho $HOME\n  two\nEOF\nRUN true\n");
    ASSERT_EQ(parsed.instructions.size(), 3u);
    const auto& run = parsed.instructions[1];
    ASSERT_EQ(run.heredocs.size(), 1u);
    EXPECT_EQ(run.heredocs[0].name, "EOF");
    EXPECT_EQ(run.heredocs[0].content, "echo $HOME\n  two\n");
    EXPECT_TRUE(run.heredocs[0].expand);
    EXPECT_EQ(run.range.start_line, 2);
    EXPECT_EQ(run.range.end_line, 5);
    EXPECT_EQ(parsed.instructions[2].range.start_line, 6);
}

TEST(DockerfileParser, SeveralHeredocsQuotedAndChomped) {
    auto parsed = parse_ok("FROM a\nCOPY <<one.txt <<-\"two.txt\" /dst/\nfirst\none.txt\n\tsecond $X\n\ttwo.txt\n");
    const auto& copy = parsed.instructions.at(1);
    EXPECT_EQ(dump(copy), R"(copy "<<one.txt" "<<-\"two.txt\"" "/dst/")");
    ASSERT_EQ(copy.heredocs.size(), 2u);
    EXPECT_EQ(copy.heredocs[0].name, "one.txt");
    EXPECT_EQ(copy.heredocs[0].content, "first\n");
    EXPECT_TRUE(copy.heredocs[0].expand);
    EXPECT_EQ(copy.heredocs[1].name, "two.txt");
    EXPECT_TRUE(copy.heredocs[1].chomp);
    EXPECT_FALSE(copy.heredocs[1].expand);
    EXPECT_EQ(copy.heredocs[1].content, "\tsecond $X\n");
}

TEST(DockerfileParser, HeredocWithFileDescriptorAndUnderOnbuild) {
    auto parsed = parse_ok("FROM a\nRUN 3<<IN cat <&3\nx\nIN\nONBUILD RUN <<E\ny\nE\n");
    EXPECT_EQ(parsed.instructions.at(1).heredocs.at(0).file_descriptor, 3u);
    EXPECT_EQ(parsed.instructions.at(2).heredocs.at(0).content, "y\n");
}

TEST(DockerfileParser, NoHeredocInExecFormOrOtherInstructions) {
    auto parsed = parse_ok("FROM a\nRUN [\"cat\", \"<<EOF\"]\nENV a=<<EOF\n");
    EXPECT_TRUE(parsed.instructions.at(1).heredocs.empty());
    EXPECT_TRUE(parsed.instructions.at(2).heredocs.empty());
}

TEST(DockerfileParser, UnterminatedHeredocNamesItsLines) {
    auto parsed = parse_dockerfile("FROM a\nRUN <<EOF\necho\n");
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().message, "unterminated heredoc");
    EXPECT_EQ(parsed.error().start_line, 2);
    EXPECT_EQ(parsed.error().end_line, 3);
}

TEST(DockerfileParser, FlagsOfEveryInstruction) {
    auto parsed = parse_ok(
        "FROM --platform=linux/arm64 golang:1.22 AS build\n"
        "RUN --mount=type=cache,target=/root/.cache --network=none go build\n"
        "COPY --from=build --chown=app:app --chmod=0755 --link --exclude=*.md --parents /out /bin/\n"
        "ADD --checksum=sha256:abc --keep-git-dir=true https://x/y.tar /y\n"
        "HEALTHCHECK --interval=5s --retries=3 CMD [\"curl\", \"-f\", \"http://localhost\"]\n"
        "HEALTHCHECK NONE\n");
    ASSERT_EQ(parsed.instructions.size(), 6u);
    EXPECT_EQ(dump(parsed.instructions[0]), R"(from ["--platform=linux/arm64"] "golang:1.22" "AS" "build")");
    EXPECT_EQ(dump(parsed.instructions[1]),
              R"(run ["--mount=type=cache,target=/root/.cache" "--network=none"] "go build")");
    EXPECT_EQ(dump(parsed.instructions[2]), R"(copy ["--from=build" "--chown=app:app" "--chmod=0755" "--link" )"
                                            R"("--exclude=*.md" "--parents"] "/out" "/bin/")");
    EXPECT_EQ(dump(parsed.instructions[3]),
              R"(add ["--checksum=sha256:abc" "--keep-git-dir=true"] "https://x/y.tar" "/y")");
    EXPECT_EQ(dump(parsed.instructions[4]),
              R"(healthcheck ["--interval=5s" "--retries=3"] "CMD" "curl" "-f" "http://localhost")");
    EXPECT_TRUE(parsed.instructions[4].json);
    EXPECT_EQ(dump(parsed.instructions[5]), R"(healthcheck "NONE")");
}

TEST(DockerfileParser, FormsOfTheOtherInstructions) {
    auto parsed = parse_ok("ARG V=1\nFROM a\nSHELL [\"/bin/bash\", \"-c\"]\nUSER app:app\nWORKDIR /w d\n"
                           "STOPSIGNAL SIGTERM\nMAINTAINER Me <me@x>\nVOLUME [\"/a\", \"/b\"]\nEXPOSE 80/tcp 53/udp\n"
                           "ENTRYPOINT exec app\nLABEL a=\"b c\" d=e\n");
    std::string dumped;
    for (const auto& instruction : parsed.instructions) dumped += dump(instruction) + "\n";
    EXPECT_EQ(dumped, "arg \"V=1\"\nfrom \"a\"\nshell \"/bin/bash\" \"-c\"\nuser \"app:app\"\nworkdir \"/w d\"\n"
                      "stopsignal \"SIGTERM\"\nmaintainer \"Me <me@x>\"\nvolume \"/a\" \"/b\"\n"
                      "expose \"80/tcp\" \"53/udp\"\nentrypoint \"exec app\"\n"
                      "label \"a\" \"\\\"b c\\\"\" \"=\" \"d\" \"e\" \"=\"\n");
}

TEST(DockerfileParser, JsonFormIgnoresTextAfterTheArrayAsGoDoes) {
    auto parsed = parse_ok("CMD [\"a\"] trailing\n");
    EXPECT_EQ(dump(parsed.instructions.at(0)), R"(cmd "a")");
    EXPECT_TRUE(parsed.instructions.at(0).json);
}

TEST(DockerfileParser, UnknownInstructionIsKeptForTheBuilderToReject) {
    auto parsed = parse_ok("FROM a\nFOO bar\n");
    EXPECT_EQ(dump(parsed.instructions.at(1)), R"(foo "")");
    EXPECT_EQ(parsed.instructions.at(1).keyword, "FOO");
}

TEST(DockerfileParser, Directives) {
    auto parsed = parse_ok("# syntax=docker/dockerfile:1\n# check=skip=all\n#escape=`\nFROM a\nRUN echo `\n  b\n");
    EXPECT_EQ(parsed.syntax, "docker/dockerfile:1");
    EXPECT_EQ(parsed.check, "skip=all");
    EXPECT_EQ(parsed.escape_token, U'`');
    EXPECT_EQ(dump(parsed.instructions.at(1)), R"(run "echo   b")");

    auto twice = parse_dockerfile("# escape=`\n# escape=\\\nFROM a\n");
    ASSERT_FALSE(twice);
    EXPECT_EQ(twice.error().message, "only one escape parser directive can be used");
    EXPECT_EQ(twice.error().start_line, 2);
    auto bad = parse_dockerfile("# escape=x\nFROM a\n");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().message, "invalid escape token 'x' does not match ` or \\");
}

TEST(DockerfileParser, CommentsColumnsAndEmptyContinuationWarning) {
    auto parsed = parse_ok("FROM a\n# build it\n# fast\n  RUN make \\\n\n    # inside\n    all\n");
    const auto& run = parsed.instructions.at(1);
    EXPECT_EQ(run.comments, (std::vector<std::string>{"build it", "fast"}));
    EXPECT_EQ(run.range.start_line, 4);
    EXPECT_EQ(run.range.start_column, 3);
    EXPECT_EQ(run.range.end_line, 7);
    EXPECT_EQ(dump(run), R"(run "make     all")");
    ASSERT_EQ(parsed.warnings.size(), 1u);
    EXPECT_EQ(parsed.warnings[0].message, "Empty continuation line found in: RUN make     all");
}

TEST(DockerfileParser, OnbuildCarriesItsInstruction) {
    auto parsed = parse_ok("FROM a\nONBUILD COPY --from=x . /app\n");
    const auto& onbuild = parsed.instructions.at(1);
    ASSERT_TRUE(onbuild.sub_instruction);
    EXPECT_EQ(onbuild.sub_instruction->flags, (std::vector<std::string>{"--from=x"}));
    EXPECT_EQ(dump(onbuild), R"(onbuild (copy ["--from=x"] "." "/app"))");
}

TEST(DockerfileParser, DeepNestingIsAnErrorNotACrash) {
    std::string chain = "FROM a\n";
    for (int i = 0; i < 100000; ++i) chain += "ONBUILD ";
    auto parsed = parse_dockerfile(chain + "RUN x\n");
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().message, "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
    EXPECT_EQ(parsed.error().start_line, 2);
}

TEST(DockerfileParser, ByteOrderMarkAndCrlf) {
    auto parsed = parse_ok("\xEF\xBB\xBF" "FROM a\r\nRUN x \\\r\n  y\r\n");
    EXPECT_EQ(dump(parsed), "(from \"a\")\n(run \"x   y\")\n");
}

} // namespace
} // namespace berth::dockerfile
