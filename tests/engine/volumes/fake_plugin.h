#pragma once
// A volume plugin for unit tests: a unix socket in a thread that answers each
// connection's one HTTP request with what `answer(method, body)` returns, and
// keeps what it was sent (request line, headers, body) for the test to check.

#include <arpa/inet.h>
#include <atomic>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <sys/socket.h>
#include <sys/un.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace berth::testing {

struct FakeAnswer {
    int status = 200;
    std::string body = "{}";
};

class FakePlugin {
public:
    using Handler = std::function<FakeAnswer(const std::string& method, const nlohmann::json& body)>;

    FakePlugin(std::string socket_path, Handler handler) : path_(std::move(socket_path)), handler_(std::move(handler)) {
        fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        path_.copy(address.sun_path, sizeof(address.sun_path) - 1);
        if (::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 || ::listen(fd_, 16) != 0)
            throw std::runtime_error("fake plugin: cannot listen on " + path_);
        thread_ = std::thread([this] { serve(); });
    }
    ~FakePlugin() {
        stopping_ = true;
        ::shutdown(fd_, SHUT_RDWR);
        thread_.join();
        ::close(fd_);
        ::unlink(path_.c_str());
    }

    std::vector<std::string> requests() const { // "METHOD_LINE\nheaders...\n\nbody"
        std::lock_guard lock(mutex_);
        return requests_;
    }
    std::vector<std::string> methods() const {
        std::lock_guard lock(mutex_);
        return methods_;
    }

private:
    void serve() {
        while (!stopping_) {
            int client = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (client < 0) return;
            handle(client);
            ::close(client);
        }
    }

    void handle(int client) {
        std::string data;
        char buffer[4096];
        size_t header_end = std::string::npos;
        size_t wanted = 0;
        for (;;) {
            ssize_t n = ::read(client, buffer, sizeof(buffer));
            if (n <= 0) return;
            data.append(buffer, static_cast<size_t>(n));
            if (header_end == std::string::npos && (header_end = data.find("\r\n\r\n")) != std::string::npos) {
                auto length_at = data.find("Content-Length: ");
                wanted = length_at == std::string::npos || length_at > header_end
                             ? 0 : std::stoul(data.substr(length_at + 16));
            }
            if (header_end != std::string::npos && data.size() >= header_end + 4 + wanted) break;
        }
        std::string line = data.substr(0, data.find("\r\n"));
        std::string method = line.substr(line.find('/') + 1);
        method = method.substr(0, method.find(' '));
        std::string body = data.substr(header_end + 4, wanted);
        {
            std::lock_guard lock(mutex_);
            requests_.push_back(data);
            methods_.push_back(method);
        }
        FakeAnswer answer = handler_(method, nlohmann::json::parse(body.empty() ? "null" : body, nullptr, false));
        std::string reply = "HTTP/1.1 " + std::to_string(answer.status) + " X\r\nContent-Length: " +
                            std::to_string(answer.body.size()) + "\r\nConnection: close\r\n\r\n" + answer.body;
        (void)!::write(client, reply.data(), reply.size());
    }

    std::string path_;
    Handler handler_;
    int fd_ = -1;
    std::atomic<bool> stopping_{false};
    std::thread thread_;
    mutable std::mutex mutex_;
    std::vector<std::string> requests_;
    std::vector<std::string> methods_;
};

} // namespace berth::testing
