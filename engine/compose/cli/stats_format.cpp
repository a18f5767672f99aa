#include "compose/cli/stats_format.h"

#include "compose/cli/table.h"

#include <ostream>

namespace berth::compose::cli {
namespace {

constexpr std::string_view kDefaultTable =
    "table {{.ID}}\\t{{.Name}}\\t{{.CPUPerc}}\\t{{.MemUsage}}\\t{{.MemPerc}}\\t{{.NetIO}}\\t{{.BlockIO}}\\t{{.PIDs}}";

// The docker CLI's column titles (formatter/stats.go, Linux).
const std::map<std::string, std::string>& headers() {
    static const std::map<std::string, std::string> kHeaders = {
        {"ID", "CONTAINER ID"}, {"Name", "NAME"},         {"Container", "CONTAINER"},
        {"CPUPerc", "CPU %"},   {"MemUsage", "MEM USAGE / LIMIT"}, {"MemPerc", "MEM %"},
        {"NetIO", "NET I/O"},   {"BlockIO", "BLOCK I/O"}, {"PIDs", "PIDS"}};
    return kHeaders;
}

std::string trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(' ');
    if (first == std::string_view::npos)
        return {};
    return std::string(text.substr(first, text.find_last_not_of(' ') - first + 1));
}

// The docker CLI writes a typed "\t" or "\n" as the character.
std::string with_escapes(std::string_view text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size() && (text[i + 1] == 't' || text[i + 1] == 'n')) {
            out += text[++i] == 't' ? '\t' : '\n';
            continue;
        }
        out += text[i];
    }
    return out;
}

std::vector<std::string> cells(const std::string& line) {
    std::vector<std::string> out;
    size_t start = 0;
    for (size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1)
        out.push_back(line.substr(start, tab - start));
    out.push_back(line.substr(start));
    return out;
}

} // namespace

Result<StatsFormat> parse_stats_format(const std::string& format) {
    std::string text = format.empty() || format == "table" ? std::string(kDefaultTable)
                       : format == "json"                  ? std::string("{{json .}}")
                                                           : format;
    StatsFormat parsed;
    if (text.starts_with("table")) {
        parsed.table = true;
        text.erase(0, 5);
    }
    auto row = GoTemplate::parse(with_escapes(trimmed(text)));
    if (!row)
        return std::unexpected(row.error());
    parsed.row = std::move(*row);
    // Run once on the titles, so a field that is not one fails here, before any engine call.
    std::string ignored;
    if (auto ran = parsed.row.execute(TemplateValue::of_record(headers()), ignored); !ran)
        return std::unexpected(ran.error());
    return parsed;
}

StatsFields stats_fields(const std::vector<std::string>& row) {
    return {{"ID", row.at(0)},       {"Name", row.at(1)},  {"CPUPerc", row.at(2)},
            {"MemUsage", row.at(3)}, {"MemPerc", row.at(4)}, {"NetIO", row.at(5)},
            {"BlockIO", row.at(6)},  {"PIDs", row.at(7)},  {"Container", row.at(0)}};
}

Result<> print_stats(const StatsFormat& format, const std::vector<StatsFields>& rows, std::ostream& out) {
    std::vector<std::string> lines;
    for (const auto& fields : rows) {
        std::string line;
        if (auto ran = format.row.execute(TemplateValue::of_record(fields), line); !ran)
            return ran;
        lines.push_back(std::move(line));
    }
    if (!format.table) {
        for (const auto& line : lines)
            out << line << '\n';
        return {};
    }
    // The docker CLI ignores the header's own failure (a range over a title): what was written stays.
    std::string header;
    (void)format.row.execute(TemplateValue::of_record(headers()), header, GoTemplate::Mode::Header);
    std::vector<std::vector<std::string>> table = {cells(header)};
    for (const auto& line : lines)
        table.push_back(cells(line));
    print_table(table, out, 10);
    return {};
}

} // namespace berth::compose::cli
