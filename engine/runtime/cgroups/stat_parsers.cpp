#include "runtime/cgroups/stat_parsers.h"

#include <charconv>

namespace berth::runtime {
namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\n' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

std::vector<std::string_view> fields(std::string_view line) {
    std::vector<std::string_view> out;
    size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
        size_t start = i;
        while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
        if (i > start) out.push_back(line.substr(start, i - start));
    }
    return out;
}

std::vector<std::string_view> lines(std::string_view text) {
    std::vector<std::string_view> out;
    while (!text.empty()) {
        size_t end = text.find('\n');
        std::string_view line = text.substr(0, end);
        if (!trim(line).empty()) out.push_back(line);
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
    return out;
}

Result<std::pair<uint64_t, uint64_t>> parse_device(std::string_view text) {
    size_t colon = text.find(':');
    if (colon == std::string_view::npos) return fail(ErrorCategory::System, "invalid device \"{}\"", text);
    auto major = parse_counter(text.substr(0, colon));
    auto minor = parse_counter(text.substr(colon + 1));
    if (!major || !minor) return fail(ErrorCategory::System, "invalid device \"{}\"", text);
    return std::pair{*major, *minor};
}

} // namespace

Result<uint64_t> parse_counter(std::string_view text) {
    text = trim(text);
    bool negative = !text.empty() && text.front() == '-';
    std::string_view digits = negative ? text.substr(1) : text;
    uint64_t value = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (digits.empty() || end != digits.data() + digits.size() || (ec != std::errc() && !negative))
        return fail(ErrorCategory::System, "invalid counter \"{}\"", text);
    return negative ? 0 : value;
}

Result<std::optional<uint64_t>> parse_limit(std::string_view text) {
    if (trim(text) == "max") return std::optional<uint64_t>{};
    auto value = parse_counter(text);
    if (!value) return std::unexpected(value.error());
    return std::optional<uint64_t>{*value};
}

Result<std::map<std::string, uint64_t>> parse_flat_keyed(std::string_view text) {
    std::map<std::string, uint64_t> out;
    for (std::string_view line : lines(text)) {
        auto parts = fields(line);
        if (parts.size() != 2) return fail(ErrorCategory::System, "invalid line \"{}\"", line);
        auto value = parse_counter(parts[1]);
        if (!value) return std::unexpected(std::move(value.error()).wrap("key {}", parts[0]));
        out[std::string(parts[0])] = *value;
    }
    return out;
}

Result<std::vector<uint64_t>> parse_counter_list(std::string_view text) {
    std::vector<uint64_t> out;
    for (std::string_view word : fields(trim(text))) {
        auto value = parse_counter(word);
        if (!value) return std::unexpected(value.error());
        out.push_back(*value);
    }
    return out;
}

Result<std::vector<BlkioEntry>> parse_v1_blkio(std::string_view text) {
    std::vector<BlkioEntry> out;
    for (std::string_view line : lines(text)) {
        auto parts = fields(line);
        if (parts.size() == 2 && parts[0] == "Total") continue;
        if (parts.size() != 3) return fail(ErrorCategory::System, "invalid line \"{}\"", line);
        auto device = parse_device(parts[0]);
        if (!device) return std::unexpected(device.error());
        auto value = parse_counter(parts[2]);
        if (!value) return std::unexpected(value.error());
        BlkioEntry entry;
        entry.major = device->first;
        entry.minor = device->second;
        entry.op = std::string(parts[1]);
        entry.value = *value;
        out.push_back(std::move(entry));
    }
    return out;
}

Result<CgroupBlkioStats> parse_io_stat(std::string_view text) {
    CgroupBlkioStats out;
    for (std::string_view line : lines(text)) {
        auto parts = fields(line);
        if (parts.empty()) continue;
        auto device = parse_device(parts[0]);
        if (!device) return std::unexpected(device.error());
        std::map<std::string_view, uint64_t> values;
        for (size_t i = 1; i < parts.size(); ++i) {
            size_t equals = parts[i].find('=');
            if (equals == std::string_view::npos)
                return fail(ErrorCategory::System, "invalid field \"{}\" in \"{}\"", parts[i], line);
            auto value = parse_counter(parts[i].substr(equals + 1));
            if (!value) return std::unexpected(value.error());
            values[parts[i].substr(0, equals)] = *value;
        }
        auto entry = [&](const char* op, std::string_view key) {
            BlkioEntry e;
            e.major = device->first;
            e.minor = device->second;
            e.op = op;
            e.value = values.contains(key) ? values[key] : 0;
            return e;
        };
        out.service_bytes.push_back(entry("read", "rbytes"));
        out.service_bytes.push_back(entry("write", "wbytes"));
        out.serviced.push_back(entry("read", "rios"));
        out.serviced.push_back(entry("write", "wios"));
    }
    return out;
}

Result<std::vector<pid_t>> parse_pid_list(std::string_view text) {
    std::vector<pid_t> out;
    for (std::string_view line : lines(text)) {
        std::string_view word = trim(line);
        pid_t pid = 0;
        auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), pid);
        if (ec != std::errc() || end != word.data() + word.size() || pid <= 0)
            return fail(ErrorCategory::System, "invalid pid \"{}\"", word);
        out.push_back(pid);
    }
    return out;
}

uint64_t value_or_zero(const std::map<std::string, uint64_t>& values, const std::string& key) {
    auto found = values.find(key);
    return found == values.end() ? 0 : found->second;
}

} // namespace berth::runtime
