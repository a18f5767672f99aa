#pragma once
// `compose stats --format`, as the docker CLI's stats formatter reads it:
// "table" (the default columns), "json" (each container as {{json .}}: one
// object a line, keys sorted), "table TEMPLATE" (a header row, then the rows,
// aligned as docker's tabwriter aligns them) and "TEMPLATE" (one line per
// container). Templates take the subset of Go's text/template these formats
// use: {{.Field}} and {{json .}} / {{json .Field}}, with \t and \n written as
// two characters meaning tab and newline. Fields: ID, Name, Container (the ID
// as docker compose shows it: 12 characters, whole with --no-trunc), CPUPerc,
// MemUsage, MemPerc, NetIO, BlockIO, PIDs.

#include "base/error.h"

#include <iosfwd>
#include <map>
#include <string>
#include <vector>

namespace berth::compose::cli {

// One container's fields by name.
using StatsFields = std::map<std::string, std::string>;

// A parsed --format: literal text and actions, and whether it is a table.
struct StatsFormat {
    bool table = false;
    struct Piece {
        bool action = false; // {{...}}: `text` is its words, trimmed
        std::string text;
    };
    std::vector<Piece> pieces;
};

// The format, or an error naming what the subset does not take.
Result<StatsFormat> parse_stats_format(const std::string& format);

// The fields of one row from stats_row()'s columns.
StatsFields stats_fields(const std::vector<std::string>& row);

void print_stats(const StatsFormat& format, const std::vector<StatsFields>& rows, std::ostream& out);

} // namespace berth::compose::cli
