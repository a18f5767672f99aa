#pragma once
// The two directions of a hijacked exec or attach connection, as the docker CLI
// drives them: stdin copied in on a detached thread, then half-closed (it may
// block on a terminal after the process ended; the command exits anyway), and
// the output until the daemon closes, demultiplexed to stdout/stderr without a
// TTY, raw with one.

#include "api/client/client.h"

#include <string_view>
#include <termios.h>
#include <unistd.h>

namespace berth::compose::cli {

// The terminal in raw mode while a TTY exec or attach runs; restored on scope exit.
class RawTerminal {
public:
    RawTerminal() {
        if (tcgetattr(STDIN_FILENO, &saved_) != 0)
            return;
        termios raw = saved_;
        cfmakeraw(&raw);
        active_ = tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0;
    }
    ~RawTerminal() {
        if (active_)
            tcsetattr(STDIN_FILENO, TCSANOW, &saved_);
    }
    RawTerminal(const RawTerminal&) = delete;
    RawTerminal& operator=(const RawTerminal&) = delete;

private:
    termios saved_{};
    bool active_ = false;
};

void write_all(int fd, std::string_view bytes);
void pump_stdin(int socket);
void copy_output(api::HijackedStream& stream, bool tty);

} // namespace berth::compose::cli
