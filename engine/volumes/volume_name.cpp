#include "volumes/volume_name.h"

namespace berth::volumes {
namespace {

bool alphanumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

} // namespace

Result<> validate_volume_name(std::string_view name) {
    bool valid = name.size() >= 2 && alphanumeric(name.front());
    for (char c : name.substr(name.empty() ? 0 : 1))
        if (!alphanumeric(c) && c != '_' && c != '.' && c != '-') valid = false;
    if (valid) return {};
    return fail(ErrorCategory::Invalid,
                "create {}: \"{}\" includes invalid characters for a local volume name, only "
                "\"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path",
                name, name);
}

} // namespace berth::volumes
