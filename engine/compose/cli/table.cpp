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

// go-units' CustomSize: divided by `base` until below it, printed with `format`.
std::string scaled(double bytes, double base, const std::array<const char*, 9>& units, const char* format) {
    size_t unit = 0;
    while (bytes >= base && unit + 1 < units.size()) {
        bytes /= base;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, format, bytes, units[unit]);
    return text;
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
    return scaled(bytes, 1000, kUnits, "%.3g%s");
}

std::string binary_size(double bytes) {
    constexpr std::array<const char*, 9> kUnits = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"};
    return scaled(bytes, 1024, kUnits, "%.4g%s");
}

} // namespace berth::compose::cli
