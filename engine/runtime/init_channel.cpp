#include "runtime/init_channel.h"

#include <cstring>
#include <sys/socket.h>

namespace berth::runtime {
namespace {

struct Header {
    InitMessage type;
    int32_t value;    // pid, or the errno of a Failed
    int32_t category; // ErrorCategory of a Failed
};

constexpr size_t kMaxPacket = 8192;

} // namespace

Result<std::pair<InitChannel, InitChannel>> InitChannel::pair() {
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) != 0) return fail_errno("socketpair");
    return std::pair{InitChannel(UniqueFd(fds[0])), InitChannel(UniqueFd(fds[1]))};
}

static Result<> send_packet(int socket, const Header& header, std::string_view text, int fd_to_pass) {
    std::string buffer(sizeof header, '\0');
    std::memcpy(buffer.data(), &header, sizeof header);
    buffer.append(text.substr(0, kMaxPacket - sizeof header));
    iovec io{buffer.data(), buffer.size()};
    msghdr message{};
    message.msg_iov = &io;
    message.msg_iovlen = 1;
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    if (fd_to_pass >= 0) {
        message.msg_control = control;
        message.msg_controllen = sizeof control;
        cmsghdr* cmsg = CMSG_FIRSTHDR(&message);
        cmsg->cmsg_level = SOL_SOCKET;
        cmsg->cmsg_type = SCM_RIGHTS;
        cmsg->cmsg_len = CMSG_LEN(sizeof(int));
        std::memcpy(CMSG_DATA(cmsg), &fd_to_pass, sizeof(int));
    }
    while (::sendmsg(socket, &message, MSG_NOSIGNAL) < 0) {
        if (errno != EINTR) return fail_errno("writing to the init channel");
    }
    return {};
}

Result<> InitChannel::send(InitMessage type, int32_t value, int fd_to_pass) const {
    return send_packet(fd_.get(), Header{type, value, 0}, {}, fd_to_pass);
}

Result<> InitChannel::send_error(const Error& error) const {
    return send_packet(fd_.get(), Header{InitMessage::Failed, error.errnum(), static_cast<int32_t>(error.category())},
                       error.message(), -1);
}

Result<InitPacket> InitChannel::receive() const {
    std::string buffer(kMaxPacket, '\0');
    iovec io{buffer.data(), buffer.size()};
    msghdr message{};
    message.msg_iov = &io;
    message.msg_iovlen = 1;
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    message.msg_control = control;
    message.msg_controllen = sizeof control;
    ssize_t got;
    while ((got = ::recvmsg(fd_.get(), &message, MSG_CMSG_CLOEXEC)) < 0) {
        if (errno != EINTR) return fail_errno("reading the init channel");
    }
    InitPacket packet;
    for (cmsghdr* cmsg = CMSG_FIRSTHDR(&message); cmsg; cmsg = CMSG_NXTHDR(&message, cmsg)) {
        if (cmsg->cmsg_level == SOL_SOCKET && cmsg->cmsg_type == SCM_RIGHTS) {
            int fd;
            std::memcpy(&fd, CMSG_DATA(cmsg), sizeof fd);
            packet.fd.reset(fd);
        }
    }
    if (got == 0) return packet; // Closed
    if (static_cast<size_t>(got) < sizeof(Header)) return fail(ErrorCategory::System, "short init channel message");
    Header header;
    std::memcpy(&header, buffer.data(), sizeof header);
    packet.type = header.type;
    packet.value = header.value;
    if (header.type == InitMessage::Failed)
        packet.error = Error(static_cast<ErrorCategory>(header.category),
                             buffer.substr(sizeof header, static_cast<size_t>(got) - sizeof header), header.value);
    return packet;
}

Result<InitPacket> InitChannel::expect(InitMessage expected) const {
    auto packet = receive();
    if (!packet) return packet;
    if (packet->type == expected) return packet;
    if (packet->type == InitMessage::Failed) return std::unexpected(packet->error);
    if (packet->type == InitMessage::Closed)
        return fail(ErrorCategory::System, "the container's init exited during setup");
    return fail(ErrorCategory::System, "unexpected init channel message {}", static_cast<int>(packet->type));
}

} // namespace berth::runtime
