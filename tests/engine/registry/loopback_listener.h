#pragma once
// What the scripted registries of the registry tests share: a listening socket
// on 127.0.0.1 with a port of the kernel's choosing, and raw HTTP answers.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdexcept>
#include <string>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace berth::registry {

class LoopbackListener {
public:
    LoopbackListener() {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        if (::bind(fd_, reinterpret_cast<sockaddr*>(&address), length) != 0 || ::listen(fd_, 16) != 0 ||
            ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0)
            throw std::runtime_error("fake registry: cannot listen");
        port_ = ntohs(address.sin_port);
    }
    ~LoopbackListener() { ::close(fd_); }
    LoopbackListener(const LoopbackListener&) = delete;
    LoopbackListener& operator=(const LoopbackListener&) = delete;

    // The next connection; -1 once shut_down() was called.
    int accept() { return ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC); }
    // Makes a waiting accept() return, so the serving thread can end.
    void shut_down() { ::shutdown(fd_, SHUT_RDWR); }
    uint16_t port() const { return port_; }

private:
    int fd_ = -1;
    uint16_t port_ = 0;
};

inline std::string answer(int status, const std::string& body, const std::vector<std::string>& headers = {}) {
    std::string out = "HTTP/1.1 " + std::to_string(status) + " Status\r\nContent-Length: " + std::to_string(body.size()) +
                      "\r\n";
    for (const auto& header : headers) out += header + "\r\n";
    return out + "\r\n" + body;
}

} // namespace berth::registry
