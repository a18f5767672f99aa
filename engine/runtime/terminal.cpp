#include "runtime/terminal.h"

#include <fcntl.h>
#include <sys/ioctl.h>

namespace berth::runtime {

Result<PtyPair> open_pty(const std::string& ptmx) {
    PtyPair pair;
    pair.master.reset(::open(ptmx.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC));
    if (!pair.master) return fail_errno("opening {}", ptmx);
    int unlock = 0;
    if (::ioctl(pair.master.get(), TIOCSPTLCK, &unlock) != 0) return fail_errno("unlocking the pty");
    unsigned int number = 0;
    if (::ioctl(pair.master.get(), TIOCGPTN, &number) != 0) return fail_errno("reading the pty number");
    pair.slave.reset(::ioctl(pair.master.get(), TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC));
    if (!pair.slave) return fail_errno("opening the pty slave");
    pair.slave_path = std::format("/dev/pts/{}", number);
    return pair;
}

Result<> make_controlling_terminal(int slave) {
    if (::ioctl(slave, TIOCSCTTY, 0) != 0) return fail_errno("making the pty the controlling terminal");
    return {};
}

Result<> set_window_size(int fd, unsigned short rows, unsigned short columns) {
    winsize size{};
    size.ws_row = rows;
    size.ws_col = columns;
    if (::ioctl(fd, TIOCSWINSZ, &size) != 0) return fail_errno("setting the terminal size");
    return {};
}

Result<termios> make_raw(int fd) {
    termios saved{};
    if (::tcgetattr(fd, &saved) != 0) return fail_errno("reading the terminal mode");
    termios raw = saved;
    ::cfmakeraw(&raw);
    if (::tcsetattr(fd, TCSANOW, &raw) != 0) return fail_errno("setting raw mode");
    return saved;
}

Result<> restore_mode(int fd, const termios& saved) {
    if (::tcsetattr(fd, TCSANOW, &saved) != 0) return fail_errno("restoring the terminal mode");
    return {};
}

} // namespace berth::runtime
