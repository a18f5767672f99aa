#pragma once
// A container's monitor (berth-monitor; containerd-shim's and conmon's job): the
// parent of the container's init, so berthd can restart or die without taking
// containers along. It owns the container's stdio, feeds the log driver and the
// attach clients, and records how the process ended in exit.json.
//
// berthd starts it detached (own session, not berthd's child) with a startup
// pipe as fd 3 and the bundle directory as argument. On the pipe it writes one
// JSON line when the process exists ({"created":pid}), waits for the
// `pending_attaches` attach clients, releases the process to exec and writes a
// second line ({"started":pid} or {"error":...}), then closes the pipe.
//
// Clients connect to <bundle>/monitor.sock and send one command line:
//   attach <stdin 0|1> <stdout 0|1> <stderr 0|1>   then frames out (stdcopy
//        headers: stream byte, 3 zeros, big-endian length) and raw stdin in
//   wait                                            the exit record as one JSON line, at exit
//   resize <rows> <cols>                            the pty's window size
//   close-stdin                                     EOF on the container's stdin

#include "base/error.h"

#include <string>

namespace berth::monitor {

// Runs the monitor for the bundle until the process has ended and its exit is
// recorded. `startup_fd` is the pipe to berthd (-1: none).
Result<> run_monitor(const std::string& bundle, int startup_fd);

} // namespace berth::monitor
