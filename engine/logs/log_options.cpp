#include "logs/log_options.h"

#include <charconv>
#include <regex>
#include <sstream>

namespace berth::logs {

Result<int> parse_go_int(std::string_view text) {
    std::string_view digits = text;
    if (digits.starts_with('+')) digits.remove_prefix(1);
    int value = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec == std::errc::result_out_of_range)
        return fail(ErrorCategory::Invalid, "strconv.Atoi: parsing \"{}\": value out of range", text);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() ||
        (text.starts_with('+') && digits.starts_with('-')))
        return fail(ErrorCategory::Invalid, "strconv.Atoi: parsing \"{}\": invalid syntax", text);
    return value;
}

Result<bool> parse_go_bool(std::string_view text) {
    for (std::string_view yes : {"1", "t", "T", "TRUE", "true", "True"})
        if (text == yes) return true;
    for (std::string_view no : {"0", "f", "F", "FALSE", "false", "False"})
        if (text == no) return false;
    return fail(ErrorCategory::Invalid, "strconv.ParseBool: parsing \"{}\": invalid syntax", text);
}

namespace {

std::vector<std::string> split_commas(const std::string& text) {
    std::vector<std::string> parts;
    std::stringstream stream(text);
    for (std::string part; std::getline(stream, part, ',');) parts.push_back(part);
    if (!text.empty() && text.back() == ',') parts.emplace_back();
    return parts;
}

Result<std::regex> compile(const std::string& pattern, std::string_view option) {
    try {
        return std::regex(pattern, std::regex::ECMAScript);
    } catch (const std::regex_error& error) {
        return fail(ErrorCategory::Invalid, "invalid {} log option \"{}\": {}", option, pattern, error.what());
    }
}

std::string short_id(std::string_view id) {
    if (id.starts_with("sha256:")) id.remove_prefix(7);
    return std::string(id.substr(0, 12));
}

} // namespace

Result<std::map<std::string, std::string>> log_attributes(const LogOpts& opts, const ContainerLogInfo& info) {
    std::map<std::string, std::string> attrs;
    auto option = [&](const char* key) -> std::string {
        auto it = opts.find(key);
        return it == opts.end() ? std::string() : it->second;
    };

    if (auto labels = option("labels"); !labels.empty())
        for (const auto& key : split_commas(labels))
            if (auto it = info.labels.find(key); it != info.labels.end()) attrs[key] = it->second;
    if (auto pattern = option("labels-regex"); !pattern.empty()) {
        auto re = compile(pattern, "labels-regex");
        if (!re) return std::unexpected(re.error());
        for (const auto& [key, value] : info.labels)
            if (std::regex_search(key, *re)) attrs[key] = value;
    }

    std::map<std::string, std::string> env;
    for (const auto& entry : info.env)
        if (auto eq = entry.find('='); eq != std::string::npos) env[entry.substr(0, eq)] = entry.substr(eq + 1);
    if (auto keys = option("env"); !keys.empty())
        for (const auto& key : split_commas(keys))
            if (auto it = env.find(key); it != env.end()) attrs[key] = it->second;
    if (auto pattern = option("env-regex"); !pattern.empty()) {
        auto re = compile(pattern, "env-regex");
        if (!re) return std::unexpected(re.error());
        for (const auto& [key, value] : env)
            if (std::regex_search(key, *re)) attrs[key] = value;
    }

    // No default tag for the file drivers: only when the user asked for one.
    if (auto tmpl = option("tag"); !tmpl.empty()) {
        auto tag = expand_log_tag(tmpl, info);
        if (!tag) return std::unexpected(tag.error());
        if (!tag->empty()) attrs["tag"] = *tag;
    }
    return attrs;
}

Result<std::string> expand_log_tag(std::string_view tmpl, const ContainerLogInfo& info) {
    std::string out;
    while (!tmpl.empty()) {
        size_t open = tmpl.find("{{");
        out.append(tmpl.substr(0, open));
        if (open == std::string_view::npos) break;
        size_t close = tmpl.find("}}", open);
        if (close == std::string_view::npos)
            return fail(ErrorCategory::Invalid, "invalid log tag template \"{}\": unclosed action", tmpl);
        std::string_view field = tmpl.substr(open + 2, close - open - 2);
        while (!field.empty() && field.front() == ' ') field.remove_prefix(1);
        while (!field.empty() && field.back() == ' ') field.remove_suffix(1);
        std::string_view name = info.name;
        if (name.starts_with('/')) name.remove_prefix(1);
        if (field == ".ID") out += short_id(info.id);
        else if (field == ".FullID") out += info.id;
        else if (field == ".Name") out += name;
        else if (field == ".ImageID") out += short_id(info.image_id);
        else if (field == ".ImageFullID") out += info.image_id;
        else if (field == ".ImageName") out += info.image_name;
        // dockerd's value, kept so tags match what tools expect from Docker.
        else if (field == ".DaemonName") out += "docker";
        else
            return std::unexpected(Error(ErrorCategory::NotImplemented,
                                         std::format("log tag template action {{{{{}}}}} is not supported by "
                                                     "berthd (only plain fields such as {{{{.ID}}}} and {{{{.Name}}}})",
                                                     field)));
        tmpl.remove_prefix(close + 2);
    }
    return out;
}

} // namespace berth::logs
