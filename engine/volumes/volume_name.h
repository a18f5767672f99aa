#pragma once
// Volume names as Docker's local driver accepts them: `[a-zA-Z0-9][a-zA-Z0-9_.-]+`
// (two characters at least), with its wording, which also tells the user who
// meant a host path to write it absolute.

#include "base/error.h"

#include <string_view>

namespace berth::volumes {

Result<> validate_volume_name(std::string_view name);

} // namespace berth::volumes
