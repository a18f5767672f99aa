#include "base/units.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <string>

namespace berth {
namespace {

// go-units' pattern: ^((\d+)(\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$ — the number
// may carry several ".digits" groups (Go then parses the first float).
Result<int64_t> parse_size(std::string_view text, double unit) {
    auto invalid = [&] { return fail(ErrorCategory::Invalid, "invalid size: '{}'", text); };
    size_t i = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    if (i == 0) return invalid();
    while (i < text.size() && text[i] == '.') {
        size_t start = ++i;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
        if (i == start) return invalid();
    }
    std::string number(text.substr(0, i));
    if (i < text.size() && text[i] == ' ') ++i;
    int power = 0;
    if (i < text.size()) {
        constexpr std::string_view kPrefixes = "kmgtp";
        auto found = kPrefixes.find(static_cast<char>(std::tolower(static_cast<unsigned char>(text[i]))));
        if (found != std::string_view::npos) {
            power = static_cast<int>(found) + 1;
            ++i;
        }
    }
    if (i < text.size() && (text[i] == 'i' || text[i] == 'I')) ++i;
    if (i < text.size() && (text[i] == 'b' || text[i] == 'B')) ++i;
    if (i != text.size()) return invalid();
    double value = std::strtod(number.c_str(), nullptr) * std::pow(unit, power);
    if (!std::isfinite(value) || value > 9.2e18) return invalid();
    return static_cast<int64_t>(value);
}

} // namespace

Result<int64_t> parse_ram_size(std::string_view text) { return parse_size(text, 1024.0); }
Result<int64_t> parse_human_size(std::string_view text) { return parse_size(text, 1000.0); }

} // namespace berth
