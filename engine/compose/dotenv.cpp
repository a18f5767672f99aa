#include "compose/dotenv.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace berth::compose {

void EnvValues::set(std::string key, std::string value) {
    auto it = std::ranges::find(entries_, key, &std::pair<std::string, std::string>::first);
    if (it != entries_.end())
        it->second = std::move(value);
    else
        entries_.emplace_back(std::move(key), std::move(value));
}

std::optional<std::string> EnvValues::get(std::string_view key) const {
    auto it = std::ranges::find(entries_, key, &std::pair<std::string, std::string>::first);
    if (it == entries_.end())
        return std::nullopt;
    return it->second;
}

namespace {

// Blanks inside a line; a line break is a separator of its own.
bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r'; }

bool is_key_char(unsigned char c) {
    // Bytes >= 0x80 belong to UTF-8 letters, which compose-go also accepts.
    return std::isalnum(c) || c == '_' || c == '.' || c == '-' || c == '[' || c == ']' || c >= 0x80;
}

std::string_view trim_right(std::string_view text) {
    while (!text.empty() && (is_blank(text.back()) || text.back() == '\n'))
        text.remove_suffix(1);
    return text;
}

// Reads the file one statement at a time; `line` follows the cursor for errors.
class DotenvReader {
public:
    DotenvReader(std::string_view content, std::string_view file, const VariableLookup& lookup)
        : rest_(content), file_(file), lookup_(lookup) {
        if (rest_.starts_with("\xEF\xBB\xBF"))
            rest_.remove_prefix(3);
    }

    Result<EnvValues> read() {
        while (skip_to_statement()) {
            if (auto done = read_statement(); !done)
                return std::unexpected(done.error());
        }
        return std::move(values_);
    }

private:
    void advance(size_t count) {
        line_ += static_cast<int>(std::count(rest_.begin(), rest_.begin() + static_cast<long>(count), '\n'));
        rest_.remove_prefix(count);
    }

    // Skips blank space and comment lines; false at the end of the file.
    bool skip_to_statement() {
        while (true) {
            size_t start = 0;
            while (start < rest_.size() && (is_blank(rest_[start]) || rest_[start] == '\n'))
                ++start;
            advance(start);
            if (rest_.empty())
                return false;
            if (rest_[0] != '#')
                return true;
            size_t end = rest_.find('\n');
            advance(end == std::string_view::npos ? rest_.size() : end);
        }
    }

    std::unexpected<Error> error(std::string_view what) const {
        return fail(ErrorCategory::Invalid, "{}: line {}: {}", file_, line_, what);
    }

    Result<void> read_statement() {
        if (rest_.starts_with("export") && rest_.size() > 6 && is_blank(rest_[6])) {
            advance(6);
            while (!rest_.empty() && is_blank(rest_[0]))
                advance(1);
        }
        size_t i = 0;
        while (i < rest_.size() && rest_[i] != '=' && rest_[i] != ':' && rest_[i] != '\n') {
            unsigned char c = static_cast<unsigned char>(rest_[i]);
            if (!is_blank(rest_[i]) && !is_key_char(c))
                return error(std::format("unexpected character \"{}\" in variable name", rest_[i]));
            ++i;
        }
        std::string key(trim_right(rest_.substr(0, i)));
        if (key.find_first_of(" \t") != std::string::npos)
            return error("key cannot contain a space");
        bool inherited = i == rest_.size() || rest_[i] == '\n';
        advance(std::min(i + 1, rest_.size()));
        if (inherited) {
            if (auto value = lookup_(key))
                values_.set(key, *value);
            return {};
        }
        while (!rest_.empty() && is_blank(rest_[0]))
            advance(1);
        auto value = read_value();
        if (!value)
            return std::unexpected(value.error());
        values_.set(std::move(key), std::move(*value));
        return {};
    }

    Result<std::string> read_value() {
        if (!rest_.empty() && (rest_[0] == '\'' || rest_[0] == '"'))
            return read_quoted(rest_[0]);
        size_t end = rest_.find('\n');
        std::string_view raw = rest_.substr(0, end);
        if (size_t comment = raw.find(" #"); comment != std::string_view::npos)
            raw = raw.substr(0, comment);
        std::string text(trim_right(raw));
        advance(end == std::string_view::npos ? rest_.size() : end);
        return expand(text);
    }

    Result<std::string> read_quoted(char quote) {
        for (size_t i = 1; i < rest_.size(); ++i) {
            if (rest_[i] != quote || rest_[i - 1] == '\\')
                continue;
            std::string_view body = rest_.substr(1, i - 1);
            advance(i + 1);
            if (quote == '\'')
                return replace_all(std::string(body), "\\'", "'");
            return expand(unescape_double_quoted(body));
        }
        return error(std::format("unterminated quoted value {}", rest_.substr(0, rest_.find('\n'))));
    }

    static std::string replace_all(std::string text, std::string_view from, std::string_view to) {
        for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
            text.replace(at, from.size(), to);
        return text;
    }

    // \n and \r become line breaks; any other \x becomes x, except \$ which
    // stays escaped for the interpolation ($$ is compose's escape, \$ is kept literal).
    static std::string unescape_double_quoted(std::string_view body) {
        std::string out;
        for (size_t i = 0; i < body.size(); ++i) {
            if (body[i] != '\\' || i + 1 == body.size()) {
                out.push_back(body[i]);
                continue;
            }
            char next = body[++i];
            if (next == 'n')
                out.push_back('\n');
            else if (next == 'r')
                out.push_back('\r');
            else if (next == '$')
                out += "\\$$"; // the interpolation turns $$ into $, keeping compose-go's "\$"
            else
                out.push_back(next);
        }
        return out;
    }

    Result<std::string> expand(const std::string& text) {
        VariableLookup both = [this](std::string_view name) -> std::optional<std::string> {
            if (auto value = lookup_(name))
                return value;
            return values_.get(name);
        };
        auto value = interpolate(text, both);
        if (!value)
            return std::unexpected(std::move(value.error()).wrap("{}: line {}", file_, line_));
        return value;
    }

    std::string_view rest_;
    std::string_view file_;
    const VariableLookup& lookup_;
    EnvValues values_;
    int line_ = 1;
};

} // namespace

Result<EnvValues> parse_dotenv(std::string_view content, std::string_view file, const VariableLookup& lookup) {
    return DotenvReader(content, file, lookup).read();
}

Result<EnvValues> load_dotenv(const std::filesystem::path& path, const VariableLookup& lookup) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return fail(ErrorCategory::NotFound, "couldn't find env file: {}", path.string());
    std::ostringstream content;
    content << in.rdbuf();
    return parse_dotenv(content.str(), path.string(), lookup);
}

} // namespace berth::compose
