#include "support/berthd_process.h"

#include "api/client/client.h"
#include "base/files.h"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace berth::testing {

BerthdProcess::BerthdProcess(std::vector<std::string> extra_args)
    : temp_("berthd-test"), dir_(temp_.path()), extra_args_(std::move(extra_args)) {}

BerthdProcess::~BerthdProcess() {
    if (pid_ > 0) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
    }
}

bool BerthdProcess::start() {
    std::vector<std::string> args = {BERTHD_PATH,          "-H",          host(),
                                     "--data-root",        data_root(),   "--exec-root",
                                     dir_ + "/exec",       "--pidfile",   dir_ + "/berthd.pid",
                                     "--group",            "0",           "--config-file",
                                     dir_ + "/daemon.json"};
    if (!std::filesystem::exists(dir_ + "/daemon.json")) write_file_atomically(dir_ + "/daemon.json", "{}\n");
    args.insert(args.end(), extra_args_.begin(), extra_args_.end());
    pid_ = ::fork();
    if (pid_ == 0) {
        int log_fd = ::open((dir_ + "/berthd.log").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        ::dup2(log_fd, 2);
        ::dup2(log_fd, 1);
        std::vector<char*> argv;
        for (auto& arg : args) argv.push_back(arg.data());
        argv.push_back(nullptr);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    api::EngineClient client(host());
    client.set_timeout(std::chrono::seconds(2));
    for (int attempt = 0; attempt < 200; ++attempt) {
        if (auto ping = client.request("GET", "/_ping"); ping && ping->status == 200) return true;
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    return false;
}

int BerthdProcess::stop() {
    if (pid_ <= 0) return -1;
    ::kill(pid_, SIGTERM);
    int status = 0;
    // A daemon that ignores SIGTERM for 10 s fails the test instead of hanging it.
    for (int waited_ms = 0; ::waitpid(pid_, &status, WNOHANG) == 0; waited_ms += 10) {
        if (waited_ms >= 10'000) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, &status, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    pid_ = -1;
    return status;
}

void BerthdProcess::signal(int signo) const {
    if (pid_ > 0) ::kill(pid_, signo);
}

std::string BerthdProcess::log() const { return read_file(dir_ + "/berthd.log").value_or(""); }

} // namespace berth::testing
