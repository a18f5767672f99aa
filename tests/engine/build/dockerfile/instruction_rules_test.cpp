// Per-instruction checks (flags, argument counts, names) with BuildKit's messages.
#include "build/dockerfile/instruction_rules.h"
#include "build/dockerfile/parser.h"

#include <gtest/gtest.h>

namespace berth::dockerfile {
namespace {

// The message for the last instruction of `text`, or "ok".
std::string problem(std::string_view text) {
    auto parsed = parse_dockerfile(text);
    if (!parsed) return "parse: " + parsed.error().message;
    auto checked = check_instruction(parsed->instructions.back());
    return checked ? "ok" : checked.error().message;
}

TEST(InstructionRules, UnknownInstructionWithSuggestion) {
    EXPECT_EQ(problem("FROM a\nRUNN x\n"), "unknown instruction: RUNN (did you mean run?)");
    EXPECT_EQ(problem("FROM a\nFROBNICATE x\n"), "unknown instruction: FROBNICATE");
}

TEST(InstructionRules, Flags) {
    EXPECT_EQ(problem("FROM a\nCOPY --form=b x y\n"), "unknown flag: form (did you mean from?)");
    EXPECT_EQ(problem("FROM a\nCOPY --from x y\n"), "missing a value on flag: from");
    EXPECT_EQ(problem("FROM a\nCOPY --from=a --from=b x y\n"), "duplicate flag specified: from");
    EXPECT_EQ(problem("FROM a\nCOPY --link=maybe x y\n"), "expecting boolean value for flag link, not: maybe");
    EXPECT_EQ(problem("FROM a\nENV --x=1 a=b\n"), "unknown flag: x");
    EXPECT_EQ(problem("FROM a\nCOPY --link --parents --exclude=a --exclude=b --chmod=644 --chown=1:1 --from=s x y\n"),
              "ok");
    EXPECT_EQ(problem("FROM a\nRUN --mount=type=cache,target=/c --mount=type=tmpfs,target=/t --network=host x\n"), "ok");
    EXPECT_EQ(problem("FROM a\nADD --checksum=sha256:0 --keep-git-dir --unpack=false http://x/y /z\n"), "ok");
    EXPECT_EQ(problem("FROM --platform=$BUILDPLATFORM a AS b\n"), "ok");
}

TEST(InstructionRules, FlagValuesAreReadable) {
    auto parsed = parse_dockerfile("FROM a\nCOPY --exclude=*.md --exclude=*.txt --link --from=b x y\n");
    ASSERT_TRUE(parsed);
    auto flags = parse_instruction_flags(parsed->instructions.back());
    ASSERT_TRUE(flags);
    EXPECT_EQ(flags->values("exclude"), (std::vector<std::string>{"*.md", "*.txt"}));
    EXPECT_EQ(flags->value("link"), "true");
    EXPECT_EQ(flags->value("from"), "b");
    EXPECT_FALSE(flags->has("chown"));
}

TEST(InstructionRules, ArgumentCounts) {
    EXPECT_EQ(problem("FROM a b\n"), "FROM requires either one or three arguments");
    EXPECT_EQ(problem("FROM a TO b\n"), "FROM requires either one or three arguments");
    EXPECT_EQ(problem("FROM a AS 1st\n"),
              "invalid name for build stage: \"1st\", name can't start with a number or contain symbols");
    EXPECT_EQ(problem("FROM a\nCOPY x\n"),
              "COPY requires at least two arguments, but only one was provided. Destination could not be determined");
    EXPECT_EQ(problem("FROM a\nWORKDIR\n"), "WORKDIR requires exactly one argument");
    EXPECT_EQ(problem("FROM a\nEXPOSE\n"), "EXPOSE requires at least one argument");
    EXPECT_EQ(problem("FROM a\nSHELL /bin/sh -c\n"), "SHELL requires the arguments to be in JSON form");
    EXPECT_EQ(problem("FROM a\nENV =x\n"), "ENV names can not be blank");
    EXPECT_EQ(problem("FROM a\nCMD\n"), "ok");
}

TEST(InstructionRules, HealthcheckAndOnbuild) {
    EXPECT_EQ(problem("FROM a\nHEALTHCHECK NONE x\n"), "HEALTHCHECK NONE takes no arguments");
    EXPECT_EQ(problem("FROM a\nHEALTHCHECK PING x\n"), "Unknown type \"PING\" in HEALTHCHECK (try CMD)");
    EXPECT_EQ(problem("FROM a\nHEALTHCHECK --interval=1s CMD\n"), "Missing command after HEALTHCHECK CMD");
    EXPECT_EQ(problem("FROM a\nHEALTHCHECK --intervall=1s CMD x\n"), "unknown flag: intervall (did you mean interval?)");
    EXPECT_EQ(problem("FROM a\nONBUILD ONBUILD RUN x\n"), "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
    EXPECT_EQ(problem("FROM a\nONBUILD FROM b\n"), "FROM isn't allowed as an ONBUILD trigger");
    EXPECT_EQ(problem("FROM a\nONBUILD COPY --form=x a b\n"), "unknown flag: form (did you mean from?)");
}

TEST(InstructionRules, EditorGetsEveryProblemWithItsLines) {
    auto parsed = parse_dockerfile("FROM a\nRUNN x\nCOPY \\\n  only\nRUN ok\n");
    ASSERT_TRUE(parsed);
    const auto problems = problems_in(*parsed);
    ASSERT_EQ(problems.size(), 2u);
    EXPECT_EQ(problems[0].start_line, 2);
    EXPECT_EQ(problems[1].start_line, 3);
    EXPECT_EQ(problems[1].end_line, 4);
    auto first = check_dockerfile(*parsed);
    ASSERT_FALSE(first);
    EXPECT_EQ(first.error().describe(), "dockerfile parse error on line 2: unknown instruction: RUNN (did you mean run?)");
}

} // namespace
} // namespace berth::dockerfile
