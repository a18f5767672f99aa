// Docker's default profile loaded into a real kernel, in a child process.
#include "base/files.h"
#include "runtime/seccomp.h"

#include <gtest/gtest.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

namespace berth::runtime {
namespace {

// Runs `probe` in a child under the default profile planned for `caps`; returns
// the child's exit code (the probe's result) or -1.
int under_default_profile(std::set<std::string, std::less<>> caps, int (*probe)()) {
    struct utsname names{};
    uname(&names);
    auto plan = plan_seccomp(read_file(BERTH_SOURCE_DIR "/resources/seccomp-default.json").value(),
                             {std::move(caps), "amd64", names.release});
    EXPECT_TRUE(plan);
    pid_t child = fork();
    if (child == 0) {
        if (!load_seccomp(*plan)) _exit(200);
        _exit(probe());
    }
    int status = 0;
    waitpid(child, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int errno_of(long result) { return result == -1 ? errno : 0; }

TEST(Seccomp, DefaultProfileBlocksWhatDockerBlocks) {
#if !defined(__x86_64__)
    GTEST_SKIP() << "the probes use x86_64 syscall numbers";
#endif
    // keyctl is not in Docker's allow list: EPERM (the profile's defaultErrnoRet).
    EXPECT_EQ(under_default_profile({}, [] { return errno_of(syscall(SYS_keyctl, 0, 0, 0, 0, 0)); }), EPERM);
    // Without CAP_SYS_ADMIN clone3 answers ENOSYS, so libcs fall back to clone.
    EXPECT_EQ(under_default_profile({}, [] { return errno_of(syscall(SYS_clone3, nullptr, 0)); }), ENOSYS);
    // Ordinary calls work.
    EXPECT_EQ(under_default_profile({}, [] { return getpid() > 0 ? 0 : 1; }), 0);
    // mount needs CAP_SYS_ADMIN in the profile: refused without, reaches the kernel with.
    auto try_mount = [] { return errno_of(syscall(SYS_mount, "none", "/nonexistent-berth", "tmpfs", 0, nullptr)); };
    EXPECT_EQ(under_default_profile({}, try_mount), EPERM);
    EXPECT_EQ(under_default_profile({"CAP_SYS_ADMIN"}, try_mount), ENOENT);
}

TEST(Seccomp, UnknownActionsAreRefusedBeforeLoading) {
    SeccompPlan plan{.default_action = "SCMP_ACT_WHATEVER", .default_errno_ret = {}, .architectures = {}, .rules = {}, .program = {}};
    auto loaded = load_seccomp(plan);
    ASSERT_FALSE(loaded);
    EXPECT_NE(loaded.error().message().find("unknown action"), std::string::npos);
}

// berthd compiles once, the container's init installs: the same filter, and no
// no_new_privs unless asked (Docker leaves setuid binaries working).
TEST(Seccomp, CompiledProgramIsInstalledAsIsWithoutNoNewPrivs) {
#if !defined(__x86_64__)
    GTEST_SKIP() << "the probe uses x86_64 syscall numbers";
#endif
    struct utsname names{};
    uname(&names);
    auto plan = plan_seccomp(read_file(BERTH_SOURCE_DIR "/resources/seccomp-default.json").value(),
                             {{}, "amd64", names.release});
    ASSERT_TRUE(plan);
    auto program = compile_seccomp(*plan);
    ASSERT_TRUE(program) << program.error().message();
    EXPECT_EQ(program->size() % 8, 0u);
    EXPECT_GT(program->size(), 100u * 8) << "Docker's profile is hundreds of instructions";
    auto again = compile_seccomp(*plan);
    ASSERT_TRUE(again);
    EXPECT_EQ(*again, *program);
    plan->program = *program;
    pid_t child = fork();
    if (child == 0) {
        if (!load_seccomp(*plan)) _exit(200);
        if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 0) _exit(201);
        _exit(errno_of(syscall(SYS_keyctl, 0, 0, 0, 0, 0)));
    }
    int status = 0;
    waitpid(child, &status, 0);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), EPERM) << "200: not loaded, 201: no_new_privs set";
}

TEST(Seccomp, ProgramsOfTheWrongSizeAreRefused) {
    auto installed = install_seccomp("0123456");
    ASSERT_FALSE(installed);
    EXPECT_EQ(installed.error().category(), ErrorCategory::Invalid);
}

} // namespace
} // namespace berth::runtime
