// Which instructions expand variables, and which of their parts.
#include "build/dockerfile/expansion.h"
#include "build/dockerfile/dump.h"
#include "build/dockerfile/parser.h"

#include <gtest/gtest.h>

namespace berth::dockerfile {
namespace {

const EnvLookup kEnv = env_from_list({"V=1.2", "DIR=/app", "U=app", "PORTS=80 443", "STAGE=build"});

// The dump of the last instruction after expansion, or the error.
std::string expanded(std::string_view text) {
    auto parsed = parse_dockerfile(text);
    if (!parsed) return "parse: " + parsed.error().message;
    auto result = expand_instruction(parsed->instructions.back(), kEnv, parsed->escape_token);
    return result ? dump(result->instruction) : "error: " + result.error().message;
}

TEST(Expansion, ExpandingInstructions) {
    EXPECT_EQ(expanded("ENV a=$V b=\"x ${DIR}\"\n"), R"(env "a" "1.2" "=" "b" "x /app" "=")");
    EXPECT_EQ(expanded("ENV old form $V\n"), R"(env "old" "form 1.2" "")");
    EXPECT_EQ(expanded("LABEL \"v$V\"=yes\n"), R"(label "v1.2" "yes" "=")");
    EXPECT_EQ(expanded("ARG x=$V y\n"), R"(arg "x=1.2" "y")");
    EXPECT_EQ(expanded("WORKDIR $DIR/src\n"), R"(workdir "/app/src")");
    EXPECT_EQ(expanded("USER ${U}:${U}\n"), R"(user "app:app")");
    EXPECT_EQ(expanded("VOLUME [\"$DIR\"]\n"), R"(volume "/app")");
    EXPECT_EQ(expanded("EXPOSE $PORTS 8080\n"), R"(expose "80" "443" "8080")");
    EXPECT_EQ(expanded("FROM --platform=$P alpine:$V AS $STAGE\n"), R"(from ["--platform="] "alpine:1.2" "AS" "$STAGE")");
    EXPECT_EQ(expanded("COPY --from=$STAGE --chown=$U --link a-$V $DIR/\n"),
              R"(copy ["--from=build" "--chown=app" "--link"] "a-1.2" "/app/")");
}

TEST(Expansion, ShellInstructionsAreLeftToTheShell) {
    EXPECT_EQ(expanded("RUN echo $V\n"), R"(run "echo $V")");
    EXPECT_EQ(expanded("CMD [\"$V\"]\n"), R"(cmd "$V")");
    EXPECT_EQ(expanded("HEALTHCHECK CMD $V\n"), R"(healthcheck "CMD" "$V")");
    EXPECT_EQ(expanded("ONBUILD COPY $V /\n"), R"(onbuild (copy "$V" "/"))");
    EXPECT_FALSE(expands_variables("RUN"));
    EXPECT_TRUE(expands_variables("Copy"));
}

TEST(Expansion, HeredocWordsAreNotExpanded) {
    // A quoted delimiter stays as written (the lexer would strip its quotes).
    EXPECT_EQ(expanded("COPY <<'EOF' $DIR/x\nbody $V\nEOF\n"), R"(copy "<<'EOF'" "/app/x")");
    // As in BuildKit, `<<$V` is no heredoc: the variable is empty when heredocs are looked for.
    EXPECT_EQ(expanded("COPY <<$V /x\n"), R"(copy "<<1.2" "/x")");
}

TEST(Expansion, RecordsVariablesAndLocatesErrors) {
    auto parsed = parse_dockerfile("FROM a\nWORKDIR \\\n  ${DIR}/${NOPE}\nENV x=${V:?}\nENV y=${UNSET:?needed}\n");
    ASSERT_TRUE(parsed);
    auto workdir = expand_instruction(parsed->instructions[1], kEnv, '\\');
    ASSERT_TRUE(workdir);
    EXPECT_EQ(workdir->used, (std::set<std::string>{"DIR"}));
    EXPECT_EQ(workdir->unset, (std::set<std::string>{"NOPE"}));
    EXPECT_TRUE(expand_instruction(parsed->instructions[2], kEnv, '\\'));
    auto failed = expand_instruction(parsed->instructions[3], kEnv, '\\');
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().start_line, 5);
    EXPECT_EQ(failed.error().message, "failed to process \"${UNSET:?needed}\": UNSET: needed");
}

TEST(Expansion, BacktickEscapeDirective) {
    EXPECT_EQ(expanded("# escape=`\nFROM a\nWORKDIR C:\\x`$V\n"), R"(workdir "C:\\x$V")");
}

} // namespace
} // namespace berth::dockerfile
