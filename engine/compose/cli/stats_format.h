#pragma once
// `compose stats --format`, as the docker CLI's stats formatter reads it:
// "table" (the default columns), "json" (each container as {{json .}}: one
// object a line, keys sorted), "table TEMPLATE" (a header row: the template run
// on the column titles, then the rows, aligned as docker's tabwriter aligns
// them) and "TEMPLATE" (one line per container). Templates are Go's
// text/template as go_template.h takes it ({{.Field}}, {{json .}}, if, range,
// the docker CLI's functions), with \t and \n written as two characters
// meaning tab and newline. Fields: ID, Name, Container (the ID as docker
// compose shows it: 12 characters, whole with --no-trunc), CPUPerc, MemUsage,
// MemPerc, NetIO, BlockIO, PIDs.

#include "base/error.h"
#include "compose/cli/go_template.h"

#include <iosfwd>
#include <map>
#include <string>
#include <vector>

namespace berth::compose::cli {

// One container's fields by name.
using StatsFields = std::map<std::string, std::string>;

// A parsed --format and whether it is a table.
struct StatsFormat {
    bool table = false;
    GoTemplate row;
};

// The format, or the template's error: a parse error, or one met running it
// once on the column titles (an unknown field, a function given the wrong type).
Result<StatsFormat> parse_stats_format(const std::string& format);

// The fields of one row from stats_row()'s columns.
StatsFields stats_fields(const std::vector<std::string>& row);

// Nothing is printed when a row fails (as the docker CLI, which formats them all first).
Result<> print_stats(const StatsFormat& format, const std::vector<StatsFields>& rows, std::ostream& out);

} // namespace berth::compose::cli
