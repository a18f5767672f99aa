#include "build/builder/run_mounts.h"

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

template <typename Number>
bool parse_number(std::string_view text, Number& out, int base = 10) {
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out, base);
    return error == std::errc() && end == text.data() + text.size();
}

} // namespace

std::expected<RunMount, RunMountError> parse_run_mount(std::string_view value, std::string_view workdir) {
    auto invalid = [](std::string message) { return std::unexpected(RunMountError{std::move(message), false}); };
    auto unsupported = [](std::string message) { return std::unexpected(RunMountError{std::move(message), true}); };
    RunMount mount;
    mount.spec = std::string(value);
    std::string type = "bind";
    std::string target;
    for (const auto& field : split_fields(value)) {
        auto equals = field.find('=');
        std::string key = field.substr(0, equals);
        std::string val = equals == std::string::npos ? "" : field.substr(equals + 1);
        if (key == "type") type = val;
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
        } else if (key == "from" || key == "source" || key == "src") {
            return unsupported(std::format("RUN --mount with {}= is not supported by berthd's builder yet", key));
        } else if (key == "readonly" || key == "ro" || key == "readwrite" || key == "rw" || key == "required") {
            // A cache or tmpfs is writable; the rest have no meaning here.
        } else {
            return invalid(std::format("unexpected key '{}' in '{}'", key, field));
        }
    }
    if (type == "tmpfs") mount.type = RunMount::Type::Tmpfs;
    else if (type == "cache") mount.type = RunMount::Type::Cache;
    else if (type == "bind" || type == "secret" || type == "ssh")
        return unsupported(std::format("RUN --mount=type={} is not supported by berthd's builder yet", type));
    else return invalid(std::format("unsupported mount type \"{}\"", type));
    if (target.empty()) return invalid("mount target is required for RUN --mount");
    mount.target = clean_target(target, workdir);
    if (mount.id.empty()) mount.id = mount.target;
    return mount;
}

} // namespace berth::build
