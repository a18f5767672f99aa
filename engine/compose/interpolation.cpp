#include "compose/interpolation.h"

namespace berth::compose {
namespace {

bool is_name_start(char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

std::unexpected<Error> invalid_template(std::string_view text) {
    return fail(ErrorCategory::Invalid, "invalid interpolation format for \"{}\": you may need to escape any $ with another $",
                text);
}

// The index of the `}` closing a `${` whose body starts at `from`; nested `${...}` are skipped.
std::optional<size_t> matching_brace(std::string_view text, size_t from) {
    int depth = 0;
    for (size_t i = from; i < text.size(); ++i) {
        if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '$') {
            ++i; // `$$` is an escaped dollar, never an opening
        } else if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '{') {
            ++depth;
            ++i;
        } else if (text[i] == '}') {
            if (depth == 0)
                return i;
            --depth;
        }
    }
    return std::nullopt;
}

// Applies one of the operators to a variable's value; `word` is interpolated only when used.
Result<std::string> apply_operator(std::string_view name, std::string_view op, std::string_view word,
                                   const VariableLookup& lookup) {
    std::optional<std::string> value = lookup(name);
    bool set = value.has_value();
    bool set_non_empty = set && !value->empty();
    bool colon = op.size() == 2;
    bool condition_met = colon ? set_non_empty : set;
    switch (op.back()) {
    case '-':
        if (condition_met)
            return *value;
        return interpolate(word, lookup);
    case '+':
        if (condition_met)
            return interpolate(word, lookup);
        return std::string();
    case '?': {
        if (condition_met)
            return *value;
        auto message = interpolate(word, lookup);
        if (!message)
            return message;
        if (message->empty())
            return fail(ErrorCategory::Invalid, "required variable {} is missing a value", name);
        return fail(ErrorCategory::Invalid, "required variable {} is missing a value: {}", name, *message);
    }
    default:
        return fail(ErrorCategory::Invalid, "unknown interpolation operator {}", op);
    }
}

// `${...}` starting at text[start] == '$'; on success `end` is one past the closing brace.
Result<std::string> braced(std::string_view text, size_t start, size_t& end, const VariableLookup& lookup) {
    size_t body = start + 2;
    size_t close = matching_brace(text, body).value_or(std::string_view::npos);
    if (close == std::string_view::npos || body >= text.size() || !is_name_start(text[body]))
        return invalid_template(text);
    size_t name_end = body;
    while (name_end < close && is_name_char(text[name_end]))
        ++name_end;
    std::string_view name = text.substr(body, name_end - body);
    end = close + 1;
    if (name_end == close)
        return lookup(name).value_or("");
    size_t op_length = text[name_end] == ':' ? 2 : 1;
    if (name_end + op_length > close)
        return invalid_template(text);
    std::string_view op = text.substr(name_end, op_length);
    char kind = op.back();
    if ((kind != '-' && kind != '+' && kind != '?') || (op_length == 2 && op[0] != ':'))
        return invalid_template(text);
    std::string_view word = text.substr(name_end + op_length, close - name_end - op_length);
    return apply_operator(name, op, word, lookup);
}

} // namespace

Result<std::string> interpolate(std::string_view text, const VariableLookup& lookup) {
    std::string out;
    out.reserve(text.size());
    size_t i = 0;
    while (i < text.size()) {
        size_t dollar = text.find('$', i);
        if (dollar == std::string_view::npos) {
            out.append(text.substr(i));
            break;
        }
        out.append(text.substr(i, dollar - i));
        char next = dollar + 1 < text.size() ? text[dollar + 1] : '\0';
        if (next == '$') {
            out.push_back('$');
            i = dollar + 2;
        } else if (next == '{') {
            size_t end = 0;
            auto value = braced(text, dollar, end, lookup);
            if (!value)
                return value;
            out.append(*value);
            i = end;
        } else if (is_name_start(next)) {
            size_t end = dollar + 1;
            while (end < text.size() && is_name_char(text[end]))
                ++end;
            out.append(lookup(text.substr(dollar + 1, end - dollar - 1)).value_or(""));
            i = end;
        } else {
            return invalid_template(text);
        }
    }
    return out;
}

} // namespace berth::compose
