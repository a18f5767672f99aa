#pragma once
// `exec` and `run` read the same command line, as docker compose defines both:
// `[FLAGS] SERVICE [COMMAND...]` with -d, -T (no TTY), -i (accepted: stdin is
// always attached), -e KEY=VALUE, -u USER and -w DIR shared, and each verb's own
// flags read by its callback. Flags end at the service name; what follows is
// the command, flags included.

#include "compose/cli/flag_reader.h"

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace berth::compose::cli {

struct ProcessRequest {
    bool detach = false;
    bool tty = true;
    std::vector<std::string> env;
    std::string user, workdir;
    std::string service;
    std::vector<std::string> command;
};

// Reads the verb's own flag at the reader's position; false when the word is not one of them.
using OwnFlag = std::function<bool(FlagReader& reader, std::string& error)>;

// The request, or nullopt after printing cobra's error. `least_arguments`: 2 for
// exec (a command is required), 1 for run.
std::optional<ProcessRequest> parse_process_request(const std::vector<std::string>& args, std::string_view verb,
                                                    size_t least_arguments, const OwnFlag& own_flag,
                                                    std::ostream& err);

} // namespace berth::compose::cli
