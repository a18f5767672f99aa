// Capabilities applied to a real process (a forked child), read back from the kernel.
#include "base/files.h"
#include "runtime/capabilities.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

namespace berth::runtime {
namespace {

uint64_t status_mask(const std::string& status, const std::string& field) {
    auto at = status.find(field + ":\t");
    return at == std::string::npos ? ~uint64_t{0} : std::stoull(status.substr(at + field.size() + 2, 16), nullptr, 16);
}

TEST(ApplyCapabilities, LimitsBoundingEffectiveAndPermitted) {
    if (geteuid() != 0) GTEST_SKIP() << "needs root";
    CapabilitySet wanted = {"CAP_CHOWN", "CAP_KILL", "CAP_NET_BIND_SERVICE"};
    int pipe_fds[2];
    ASSERT_EQ(pipe(pipe_fds), 0);
    pid_t child = fork();
    if (child == 0) {
        close(pipe_fds[0]);
        if (!apply_capabilities(wanted)) _exit(2);
        std::string status = read_file("/proc/self/status").value_or("");
        (void)!write(pipe_fds[1], status.data(), status.size());
        _exit(0);
    }
    close(pipe_fds[1]);
    std::string status;
    char buffer[4096];
    ssize_t n;
    while ((n = read(pipe_fds[0], buffer, sizeof buffer)) > 0) status.append(buffer, static_cast<size_t>(n));
    close(pipe_fds[0]);
    int exit_status = 0;
    waitpid(child, &exit_status, 0);
    ASSERT_TRUE(WIFEXITED(exit_status) && WEXITSTATUS(exit_status) == 0);
    uint64_t mask = capability_mask(wanted);
    EXPECT_EQ(status_mask(status, "CapBnd"), mask);
    EXPECT_EQ(status_mask(status, "CapEff"), mask);
    EXPECT_EQ(status_mask(status, "CapPrm"), mask);
}

TEST(ApplyCapabilities, PrivilegedMeansTheBoundingSet) {
    auto available = available_capabilities();
    EXPECT_TRUE(available.contains("CAP_CHOWN"));
    std::string status = read_file("/proc/self/status").value();
    EXPECT_EQ(capability_mask(available), status_mask(status, "CapBnd"));
}

} // namespace
} // namespace berth::runtime
