#pragma once
// Pseudo-terminals for `docker run -t` and `docker exec -t`.
//
// Where the pty comes from: like runc, the pair is opened INSIDE the container,
// from its own devpts instance (/dev/pts mounted with newinstance, /dev/ptmx ->
// pts/ptmx), after pivot_root. So the process sees its terminal as
// /dev/pts/0 in its own /dev (`tty` works, ttyname works) and the host's devpts
// never appears in the container. The master goes back to the daemon's side
// over the init's sync socket (SCM_RIGHTS; runc calls this the console socket):
// ContainerProcess::take_terminal(). A pty opened on the host would work for
// I/O but its slave path would not exist inside the container.

#include "base/error.h"
#include "base/unique_fd.h"

#include <string>
#include <termios.h>

namespace berth::runtime {

struct PtyPair {
    UniqueFd master;
    UniqueFd slave;
    std::string slave_path; // "/dev/pts/0", in the devpts `ptmx` belongs to
};

// Opens a pty pair from `ptmx` ("/dev/ptmx" inside the container after
// pivot_root; on the host, the host's). The slave is opened through the master
// (TIOCGPTPEER), never by path, so it is the very instance of that master.
Result<PtyPair> open_pty(const std::string& ptmx = "/dev/ptmx");

// Makes `slave` the controlling terminal of the calling process, which must
// lead a new session (setsid() first).
Result<> make_controlling_terminal(int slave);

// TIOCSWINSZ: `docker resize`, and the size the client sends at attach.
Result<> set_window_size(int fd, unsigned short rows, unsigned short columns);

// The client side of `docker attach -t`: raw mode, and back.
Result<termios> make_raw(int fd);
Result<> restore_mode(int fd, const termios& saved);

} // namespace berth::runtime
