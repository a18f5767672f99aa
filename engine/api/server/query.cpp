#include "api/server/query.h"

namespace berth::api {

Result<std::string> percent_decode(std::string_view text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '+' && plus_is_space) {
            out += ' ';
        } else if (c == '%') {
            int high = i + 1 < text.size() ? hex(text[i + 1]) : -1;
            int low = i + 2 < text.size() ? hex(text[i + 2]) : -1;
            if (high < 0 || low < 0) return fail(ErrorCategory::Invalid, "invalid percent-encoding in \"{}\"", text);
            out += static_cast<char>(high * 16 + low);
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

Result<Query> Query::parse(std::string_view query_string) {
    Query query;
    while (!query_string.empty()) {
        auto amp = query_string.find('&');
        std::string_view pair = query_string.substr(0, amp);
        query_string = amp == std::string_view::npos ? std::string_view{} : query_string.substr(amp + 1);
        if (pair.empty()) continue;
        auto eq = pair.find('=');
        auto key = percent_decode(pair.substr(0, eq), true);
        auto value = percent_decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1), true);
        if (!key) return std::unexpected(key.error());
        if (!value) return std::unexpected(value.error());
        query.values_[std::move(*key)].push_back(std::move(*value));
    }
    return query;
}

std::optional<std::string> Query::get(std::string_view key) const {
    auto it = values_.find(key);
    if (it == values_.end()) return std::nullopt;
    return it->second.front();
}

std::vector<std::string> Query::all(std::string_view key) const {
    auto it = values_.find(key);
    return it == values_.end() ? std::vector<std::string>{} : it->second;
}

bool Query::flag(std::string_view key) const {
    auto value = get(key);
    if (!value) return false;
    return !(value->empty() || *value == "0" || *value == "false" || *value == "False" || *value == "FALSE");
}

} // namespace berth::api
