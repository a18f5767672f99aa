#include "build/builder/run_mounts.h"

#include "build/builder/dockerignore.h"

#include <cctype>
#include <charconv>
#include <format>
#include <vector>

namespace berth::build {
namespace {

std::vector<std::string> split_fields(std::string_view value) {
    std::vector<std::string> fields;
    size_t start = 0;
    while (start <= value.size()) {
        size_t comma = value.find(',', start);
        if (comma == std::string_view::npos) comma = value.size();
        if (comma > start) fields.emplace_back(value.substr(start, comma - start));
        start = comma + 1;
    }
    return fields;
}

std::string clean_target(std::string_view target, std::string_view workdir) {
    std::string path = target.starts_with('/') ? std::string(target)
                                               : std::string(workdir.empty() ? "/" : workdir) + "/" + std::string(target);
    std::vector<std::string> parts;
    std::string out;
    size_t start = 0;
    while (start < path.size()) {
        size_t slash = path.find('/', start);
        if (slash == std::string::npos) slash = path.size();
        std::string part = path.substr(start, slash - start);
        start = slash + 1;
        if (part.empty() || part == ".") continue;
        if (part == "..") {
            if (!parts.empty()) parts.pop_back();
            continue;
        }
        parts.push_back(part);
    }
    for (const auto& part : parts) out += "/" + part;
    return out.empty() ? "/" : out;
}

// BuildKit's optional boolean of a mount field: `rw` alone is true.
std::optional<bool> parse_flag(std::string_view value) {
    if (value.empty() || value == "true" || value == "1") return true;
    if (value == "false" || value == "0") return false;
    return std::nullopt;
}

std::string lowered(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// BuildKit's test, on the value as written: a `$` with anything after it.
bool has_variable(std::string_view value) {
    auto dollar = value.find('$');
    return dollar != std::string_view::npos && dollar + 1 < value.size();
}

constexpr const char* kFromVariable = "'from' doesn't support variable expansion, define alias stage instead";

template <typename Number>
bool parse_number(std::string_view text, Number& out, int base = 10) {
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out, base);
    return error == std::errc() && end == text.data() + text.size();
}

} // namespace

std::expected<std::string, RunMountError> run_mount_from(std::string_view value) {
    std::string from;
    for (const auto& field : split_fields(value)) {
        auto equals = field.find('=');
        if (equals == std::string::npos || lowered(field.substr(0, equals)) != "from") continue;
        from = field.substr(equals + 1);
        if (has_variable(from)) return std::unexpected(RunMountError{kFromVariable, false});
    }
    return from;
}

std::expected<RunMount, RunMountError> parse_run_mount(std::string_view value, std::string_view workdir,
                                                       const MountExpander& expand) {
    auto invalid = [](std::string message) { return std::unexpected(RunMountError{std::move(message), false}); };
    auto unsupported = [](std::string message) { return std::unexpected(RunMountError{std::move(message), true}); };
    RunMount mount;
    mount.spec = std::string(value);
    std::string type = "bind";
    std::string target;
    std::optional<std::string> source;
    std::string from;
    bool readonly_given = false;
    for (const auto& field : split_fields(value)) {
        auto equals = field.find('=');
        std::string key = lowered(field.substr(0, equals));
        std::string val = equals == std::string::npos ? "" : field.substr(equals + 1);
        if (key == "from" && has_variable(val)) return invalid(kFromVariable);
        if (expand && equals != std::string::npos) { // `rw` alone has nothing to expand
            auto expanded = expand(val);
            if (!expanded) return invalid(expanded.error());
            val = std::move(*expanded);
        }
        if (key == "type") type = lowered(val);
        else if (key == "target" || key == "dst" || key == "destination") target = val;
        else if (key == "id") mount.id = val;
        else if (key == "mode") {
            unsigned mode = 0;
            if (!parse_number(val, mode, 8) || mode > 07777) return invalid(std::format("invalid mode {} in --mount", val));
            mount.mode = mode;
        } else if (key == "uid") {
            if (!parse_number(val, mount.uid)) return invalid(std::format("invalid uid {} in --mount", val));
        } else if (key == "gid") {
            if (!parse_number(val, mount.gid)) return invalid(std::format("invalid gid {} in --mount", val));
        } else if (key == "size") {
            unsigned long long size = 0;
            if (!parse_number(val, size)) return invalid(std::format("invalid size {} in --mount", val));
            mount.size = size;
        } else if (key == "sharing") {
            if (val != "shared" && val != "private" && val != "locked")
                return invalid(std::format("unsupported sharing value \"{}\"", val));
            mount.sharing = val == "locked"    ? RunMount::Sharing::Locked
                            : val == "private" ? RunMount::Sharing::Private
                                               : RunMount::Sharing::Shared;
        } else if (key == "source" || key == "src") {
            source = val;
        } else if (key == "from") {
            from = val;
        } else if (key == "readonly" || key == "ro" || key == "readwrite" || key == "rw") {
            auto flag = parse_flag(val);
            if (!flag) return invalid(std::format("invalid value for {}: {}", key, val));
            mount.readwrite = (key == "readwrite" || key == "rw") ? *flag : !*flag;
            readonly_given = true;
        } else if (key == "required") {
            // Only for secrets and ssh, which are refused below.
        } else {
            return invalid(std::format("unexpected key '{}' in '{}'", key, field));
        }
    }
    if (type == "tmpfs") mount.type = RunMount::Type::Tmpfs;
    else if (type == "cache") mount.type = RunMount::Type::Cache;
    else if (type == "bind") mount.type = RunMount::Type::Bind;
    else if (type == "secret" || type == "ssh")
        return unsupported(std::format("RUN --mount=type={} is not supported by berthd's builder yet", type));
    else return invalid(std::format("unsupported mount type \"{}\"", type));
    if (target.empty()) return invalid("mount target is required for RUN --mount");
    if (mount.type != RunMount::Type::Bind) {
        if (source || !from.empty())
            return unsupported(std::format("RUN --mount with {}= is not supported by berthd's builder yet",
                                           source ? "source" : "from"));
        mount.readwrite = true; // a cache or a tmpfs is writable
    } else {
        if (!readonly_given) mount.readwrite = false; // BuildKit: a bind is read-only by default
        // Inside the context or the stage's root, never above it (COPY's rule).
        std::string written = source.value_or(".");
        std::string cleaned = clean_path(written);
        if (cleaned == ".." || cleaned.starts_with("../"))
            return invalid(std::format("RUN --mount=type=bind: forbidden path outside the build context: {}", written));
        cleaned = clean_path(cleaned.starts_with('/') ? cleaned.substr(1) : cleaned);
        mount.source = cleaned.empty() ? "." : cleaned;
        mount.from = from;
    }
    mount.target = clean_target(target, workdir);
    if (mount.id.empty()) mount.id = mount.target;
    return mount;
}

} // namespace berth::build
