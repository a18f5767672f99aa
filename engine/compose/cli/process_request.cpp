#include "compose/cli/process_request.h"

#include <ostream>

namespace berth::compose::cli {
namespace {

bool read_shared_flag(FlagReader& reader, ProcessRequest& request, std::string& error) {
    if (auto d = reader.boolean("detach", "d")) {
        request.detach = *d;
    } else if (auto no_tty = reader.boolean("no-TTY", "T")) {
        request.tty = !*no_tty;
    } else if (reader.boolean("interactive", "i")) {
    } else if (auto e = reader.value("env", "e", error)) {
        request.env.push_back(*e);
    } else if (auto u = reader.value("user", "u", error)) {
        request.user = *u;
    } else if (auto w = reader.value("workdir", "w", error)) {
        request.workdir = *w;
    } else {
        return !error.empty();
    }
    return true;
}

} // namespace

std::optional<ProcessRequest> parse_process_request(const std::vector<std::string>& args, std::string_view verb,
                                                    size_t least_arguments, const OwnFlag& own_flag,
                                                    std::ostream& err) {
    ProcessRequest request;
    FlagReader reader(args);
    std::string error;
    while (!reader.done() && error.empty() && reader.peek().starts_with("-"))
        if (!read_shared_flag(reader, request, error) && !own_flag(reader, error) && error.empty())
            error = unknown_word(reader.peek(), verb);
    size_t left = args.size() - reader.position();
    if (error.empty() && (reader.done() || left < least_arguments))
        error = "\"compose " + std::string(verb) + "\" requires at least " + std::to_string(least_arguments) +
                (least_arguments == 1 ? " argument." : " arguments.");
    if (FlagReader::reported(error, err))
        return std::nullopt;
    request.service = reader.peek();
    for (reader.skip(); !reader.done(); reader.skip())
        request.command.push_back(reader.peek());
    return request;
}

} // namespace berth::compose::cli
