#include "compose/cli/table.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <ostream>

namespace berth::compose::cli {
namespace {

// Width in characters (UTF-8 continuation bytes not counted), as Go's tabwriter counts runes.
size_t width_of(const std::string& text) {
    return static_cast<size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

} // namespace

void print_table(const std::vector<std::vector<std::string>>& rows, std::ostream& out, size_t min_width) {
    std::vector<size_t> widths;
    for (const auto& row : rows)
        for (size_t i = 0; i < row.size(); ++i) {
            widths.resize(std::max(widths.size(), row.size()));
            widths[i] = std::max(widths[i], width_of(row[i]));
        }
    for (const auto& row : rows) {
        std::string line;
        for (size_t i = 0; i < row.size(); ++i)
            line += i + 1 == row.size()
                        ? row[i]
                        : row[i] + std::string(std::max(widths[i] + 3, min_width) - width_of(row[i]), ' ');
        out << line << '\n';
    }
}

std::string human_size(double bytes) {
    constexpr std::array<const char*, 9> kUnits = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
    size_t unit = 0;
    while (bytes >= 1000 && unit + 1 < kUnits.size()) {
        bytes /= 1000;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, "%.3g%s", bytes, kUnits[unit]);
    return text;
}

} // namespace berth::compose::cli
