#pragma once
// The two directions of a hijacked exec or attach connection, as the docker CLI
// drives them: stdin copied in on a detached thread, then half-closed (it may
// block on a terminal after the process ended; the command exits anyway), and
// the output until the daemon closes, demultiplexed to stdout/stderr without a
// TTY, raw with one.

#include "api/client/client.h"

#include <string_view>

namespace berth::compose::cli {

void write_all(int fd, std::string_view bytes);
void pump_stdin(int socket);
void copy_output(api::HijackedStream& stream, bool tty);

} // namespace berth::compose::cli
