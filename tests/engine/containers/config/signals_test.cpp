#include "containers/config/signals.h"

#include <gtest/gtest.h>

namespace berth::containers::config {
namespace {

struct SignalCase {
    const char* text;
    int signo;
};

class ParseSignal : public testing::TestWithParam<SignalCase> {};

TEST_P(ParseSignal, ReadsNamesAndNumbers) {
    auto signo = parse_signal(GetParam().text);
    ASSERT_TRUE(signo) << signo.error().message();
    EXPECT_EQ(*signo, GetParam().signo);
}

INSTANTIATE_TEST_SUITE_P(Docker, ParseSignal,
                         testing::Values(SignalCase{"SIGKILL", 9}, SignalCase{"KILL", 9}, SignalCase{"kill", 9},
                                         SignalCase{"sigterm", 15}, SignalCase{"Term", 15}, SignalCase{"9", 9},
                                         SignalCase{"+15", 15}, SignalCase{"SIGHUP", 1}, SignalCase{"SIGUSR1", 10},
                                         SignalCase{"SIGWINCH", 28}, SignalCase{"SIGIOT", 6}, SignalCase{"CLD", 17},
                                         SignalCase{"SIGRTMIN", 34}, SignalCase{"SIGRTMIN+3", 37},
                                         SignalCase{"RTMIN+15", 49}, SignalCase{"SIGRTMAX-14", 50},
                                         SignalCase{"SIGRTMAX-1", 63}, SignalCase{"SIGRTMAX", 64},
                                         SignalCase{"64", 64}));

class RefuseSignal : public testing::TestWithParam<const char*> {};

TEST_P(RefuseSignal, WithDockersWords) {
    auto signo = parse_signal(GetParam());
    ASSERT_FALSE(signo);
    EXPECT_EQ(signo.error().message(), std::string("Invalid signal: ") + GetParam());
    EXPECT_EQ(signo.error().http_status(), 400);
}

INSTANTIATE_TEST_SUITE_P(Docker, RefuseSignal,
                         testing::Values("", "0", "SIGFOO", "SIG", "65", "-1", "SIGRTMIN+16", "SIGRTMAX-15",
                                         "RTMIN+", "9x", "SIG KILL"));

TEST(SignalName, NamesEveryNumber) {
    EXPECT_EQ(signal_name(9), "SIGKILL");
    EXPECT_EQ(signal_name(15), "SIGTERM");
    EXPECT_EQ(signal_name(17), "SIGCHLD");
    EXPECT_EQ(signal_name(34), "SIGRTMIN");
    EXPECT_EQ(signal_name(36), "SIGRTMIN+2");
    EXPECT_EQ(signal_name(60), "SIGRTMAX-4");
    EXPECT_EQ(signal_name(64), "SIGRTMAX");
    EXPECT_EQ(signal_name(0), "");
    for (int signo = 1; signo <= 64; ++signo) {
        if (signo == 32 || signo == 33) continue; // glibc's, no name
        auto back = parse_signal(signal_name(signo));
        ASSERT_TRUE(back) << signo;
        EXPECT_EQ(*back, signo);
    }
}

} // namespace
} // namespace berth::containers::config
