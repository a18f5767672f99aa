// berth-init as a real process: what `docker run --init` relies on.

#include <gtest/gtest.h>

#include <elf.h>
#include <fcntl.h>
#include <cstring>
#include <fstream>
#include <poll.h>
#include <signal.h>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include "support/temp_dir.h"

namespace {

constexpr const char* busybox = "/bin/busybox";

struct Running {
    pid_t pid = -1;
    int out = -1; // the command's stdout (and stderr)
};

Running start_init(std::vector<std::string> command) {
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) std::abort();
    pid_t pid = ::fork();
    if (pid == 0) {
        ::dup2(pipe_fds[1], STDOUT_FILENO);
        ::dup2(pipe_fds[1], STDERR_FILENO);
        int null = ::open("/dev/null", O_RDONLY); // not a tty: no terminal hand-over
        ::dup2(null, STDIN_FILENO);
        std::vector<std::string> args{BERTH_INIT_PATH, "--"};
        args.insert(args.end(), command.begin(), command.end());
        std::vector<char*> argv;
        for (auto& arg : args) argv.push_back(arg.data());
        argv.push_back(nullptr);
        ::execv(argv[0], argv.data());
        ::_exit(99);
    }
    ::close(pipe_fds[1]);
    return {pid, pipe_fds[0]};
}

// One line of the command's output (without '\n'), or "" after the timeout.
std::string read_line(int fd, int timeout_ms = 5000) {
    std::string line;
    char c;
    for (;;) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, timeout_ms) <= 0) return line;
        if (::read(fd, &c, 1) != 1 || c == '\n') return line;
        line += c;
    }
}

int exit_code(pid_t pid) {
    int status = 0;
    if (::waitpid(pid, &status, 0) != pid) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1000 + WTERMSIG(status);
}

int run(std::vector<std::string> command, std::string* output = nullptr) {
    Running init = start_init(std::move(command));
    std::string all;
    char buffer[512];
    for (ssize_t n; (n = ::read(init.out, buffer, sizeof buffer)) > 0;) all.append(buffer, static_cast<size_t>(n));
    ::close(init.out);
    if (output) *output = all;
    return exit_code(init.pid);
}

// Field `index` (1-based, as in proc(5)) of /proc/<pid>/stat; "" if the process is gone.
// "" once the process is gone (reaped between the open and the read: ESRCH).
std::string stat_field(pid_t pid, int index) {
    std::string content;
    int fd = ::open(("/proc/" + std::to_string(pid) + "/stat").c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return {};
    char buffer[1024];
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    ::close(fd);
    if (n > 0) content.assign(buffer, static_cast<size_t>(n));
    auto paren = content.rfind(')');
    if (paren == std::string::npos) return {};
    std::istringstream rest(content.substr(paren + 2));
    std::string field;
    for (int i = 3; i <= index && rest >> field; ++i) {
    }
    return field;
}

} // namespace

TEST(BerthInit, PassesTheExitCodeThrough) {
    EXPECT_EQ(run({busybox, "sh", "-c", "exit 0"}), 0);
    EXPECT_EQ(run({busybox, "sh", "-c", "exit 7"}), 7);
    std::string output;
    EXPECT_EQ(run({busybox, "echo", "hello"}, &output), 0);
    EXPECT_EQ(output, "hello\n");
}

TEST(BerthInit, ChildKilledBySignalGives128PlusN) {
    EXPECT_EQ(run({busybox, "sh", "-c", "kill -KILL $$"}), 128 + SIGKILL);
    EXPECT_EQ(run({busybox, "sh", "-c", "kill -USR1 $$"}), 128 + SIGUSR1);
}

TEST(BerthInit, ExecFailuresAre127And126) {
    std::string output;
    EXPECT_EQ(run({"/no/such/command"}, &output), 127);
    EXPECT_NE(output.find("exec /no/such/command failed: No such file or directory"), std::string::npos) << output;
    berth::testing::TempDir dir;
    std::string script = dir / "not-executable";
    std::ofstream(script) << "#!/bin/sh\n";
    ::chmod(script.c_str(), 0644);
    EXPECT_EQ(run({script}), 126);
}

TEST(BerthInit, ForwardsSignalsToTheCommand) {
    for (auto [signal, name] : {std::pair{SIGTERM, "TERM"}, std::pair{SIGINT, "INT"}, std::pair{SIGHUP, "HUP"},
                                std::pair{SIGUSR2, "USR2"}}) {
        std::string script = std::string("trap 'exit 42' ") + name + "; echo $$; while true; do sleep 0.05; done";
        Running init = start_init({busybox, "sh", "-c", script});
        std::string child = read_line(init.out);
        ASSERT_FALSE(child.empty());
        pid_t child_pid = std::stoi(child);
        // The command runs in a process group of its own, under berth-init.
        EXPECT_EQ(stat_field(child_pid, 5), child);
        EXPECT_EQ(stat_field(child_pid, 4), std::to_string(init.pid));
        ASSERT_EQ(::kill(init.pid, signal), 0);
        EXPECT_EQ(exit_code(init.pid), 42) << name;
        ::close(init.out);
    }
}

TEST(BerthInit, ReapsOrphans) {
    // The inner shell starts a sleeper and exits: the sleeper is orphaned to
    // berth-init (a subreaper here, PID 1 in a container), which must reap it.
    Running init = start_init(
        {busybox, "sh", "-c", "/bin/busybox sh -c '/bin/busybox sleep 2 & echo $!'; sleep 30"});
    std::string orphan = read_line(init.out);
    ASSERT_FALSE(orphan.empty());
    pid_t orphan_pid = std::stoi(orphan);
    usleep(200'000);
    EXPECT_EQ(stat_field(orphan_pid, 4), std::to_string(init.pid));
    // Gone entirely after it exits: no zombie left behind.
    bool reaped = false;
    for (int i = 0; i < 100 && !reaped; ++i) {
        usleep(100'000);
        reaped = stat_field(orphan_pid, 3).empty();
    }
    EXPECT_TRUE(reaped) << "state " << stat_field(orphan_pid, 3);
    ASSERT_EQ(::kill(init.pid, SIGTERM), 0);
    EXPECT_EQ(exit_code(init.pid), 128 + SIGTERM);
    ::close(init.out);
}

TEST(BerthInit, IsAStaticExecutable) {
    // No PT_INTERP: no dynamic loader, so it runs in any image.
    std::ifstream file(BERTH_INIT_PATH, std::ios::binary);
    std::string elf((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    ASSERT_GE(elf.size(), sizeof(Elf64_Ehdr));
    Elf64_Ehdr header;
    std::memcpy(&header, elf.data(), sizeof header);
    ASSERT_EQ(std::memcmp(header.e_ident, ELFMAG, SELFMAG), 0);
    ASSERT_EQ(header.e_ident[EI_CLASS], ELFCLASS64);
    for (int i = 0; i < header.e_phnum; ++i) {
        Elf64_Phdr program;
        std::memcpy(&program, elf.data() + header.e_phoff + static_cast<size_t>(i) * header.e_phentsize,
                    sizeof program);
        EXPECT_NE(program.p_type, static_cast<uint32_t>(PT_INTERP));
        EXPECT_NE(program.p_type, static_cast<uint32_t>(PT_DYNAMIC));
    }
}
