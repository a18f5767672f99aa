#include "compose/cli/hijacked_io.h"

#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace berth::compose::cli {

void write_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        ssize_t wrote = write(fd, bytes.data(), bytes.size());
        if (wrote <= 0)
            return;
        bytes.remove_prefix(static_cast<size_t>(wrote));
    }
}

void pump_stdin(int socket) {
    std::thread([socket] {
        char buffer[8192];
        for (ssize_t got; (got = read(STDIN_FILENO, buffer, sizeof buffer)) > 0;)
            write_all(socket, std::string_view(buffer, static_cast<size_t>(got)));
        shutdown(socket, SHUT_WR);
    }).detach();
}

void copy_output(api::HijackedStream& stream, bool tty) {
    std::string pending;
    auto emit = [&](std::string_view chunk) {
        if (tty) {
            write_all(STDOUT_FILENO, chunk);
            return;
        }
        pending.append(chunk);
        while (pending.size() >= 8) {
            auto byte = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(pending[i])); };
            uint32_t size = byte(4) << 24 | byte(5) << 16 | byte(6) << 8 | byte(7);
            if (pending.size() - 8 < size)
                break;
            write_all(pending[0] == 2 ? STDERR_FILENO : STDOUT_FILENO, std::string_view(pending).substr(8, size));
            pending.erase(0, 8 + size);
        }
    };
    emit(stream.early);
    char buffer[16384];
    for (ssize_t got; (got = read(stream.fd.get(), buffer, sizeof buffer)) > 0;)
        emit(std::string_view(buffer, static_cast<size_t>(got)));
}

} // namespace berth::compose::cli
