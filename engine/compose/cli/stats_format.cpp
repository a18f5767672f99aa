#include "compose/cli/stats_format.h"

#include "compose/cli/table.h"

#include <nlohmann/json.hpp>

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

// ".Field", "json ." or "json .Field" with a known field; "" when taken.
std::string action_error(const std::string& action) {
    std::string field = action.starts_with("json ") ? trimmed(action.substr(5)) : action;
    if (field == "." && action.starts_with("json "))
        return {};
    if (field.starts_with(".") && headers().contains(field.substr(1)))
        return {};
    return "template: unsupported action {{" + action + "}}: berth takes {{.Field}} and {{json .}} with the fields "
           "ID, Name, Container, CPUPerc, MemUsage, MemPerc, NetIO, BlockIO, PIDs";
}

// `action` passed action_error: "json" then "." or ".Field" (spaces as written), or ".Field".
std::string rendered_action(const std::string& action, const StatsFields& fields) {
    if (!action.starts_with("json ")) return fields.at(action.substr(1));
    std::string field = trimmed(action.substr(5));
    if (field == ".") return nlohmann::json(fields).dump();
    return nlohmann::json(fields.at(field.substr(1))).dump();
}

std::string rendered(const StatsFormat& format, const StatsFields& fields) {
    std::string line;
    for (const auto& piece : format.pieces)
        line += piece.action ? rendered_action(piece.text, fields) : piece.text;
    return line;
}

// The header row: each {{.Field}} as its title, the rest as written.
std::string header_line(const StatsFormat& format) {
    std::string line;
    for (const auto& piece : format.pieces)
        if (!piece.action)
            line += piece.text;
        else if (piece.text.starts_with("."))
            line += headers().at(piece.text.substr(1));
    return line;
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
    text = with_escapes(trimmed(text));
    for (size_t at = 0; at < text.size();) {
        const auto open = text.find("{{", at);
        if (open == std::string::npos) {
            parsed.pieces.push_back({false, text.substr(at)});
            break;
        }
        const auto close = text.find("}}", open);
        if (close == std::string::npos)
            return fail(ErrorCategory::Invalid, "template: unclosed action in {}", format);
        if (open > at)
            parsed.pieces.push_back({false, text.substr(at, open - at)});
        std::string action = trimmed(text.substr(open + 2, close - open - 2));
        if (auto error = action_error(action); !error.empty())
            return fail(ErrorCategory::Invalid, "{}", error);
        parsed.pieces.push_back({true, action});
        at = close + 2;
    }
    return parsed;
}

StatsFields stats_fields(const std::vector<std::string>& row) {
    return {{"ID", row.at(0)},       {"Name", row.at(1)},  {"CPUPerc", row.at(2)},
            {"MemUsage", row.at(3)}, {"MemPerc", row.at(4)}, {"NetIO", row.at(5)},
            {"BlockIO", row.at(6)},  {"PIDs", row.at(7)},  {"Container", row.at(0)}};
}

void print_stats(const StatsFormat& format, const std::vector<StatsFields>& rows, std::ostream& out) {
    if (!format.table) {
        for (const auto& fields : rows)
            out << rendered(format, fields) << '\n';
        return;
    }
    std::vector<std::vector<std::string>> table = {cells(header_line(format))};
    for (const auto& fields : rows)
        table.push_back(cells(rendered(format, fields)));
    print_table(table, out, 10);
}

} // namespace berth::compose::cli
