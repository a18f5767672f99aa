#pragma once
// Compose's variable interpolation of one string, as compose-go's template
// package does it (the reference is ../shared/corpora/compose-go/interpolation-rows.jsonl):
//   $$             a literal $
//   $VAR ${VAR}    the value, or "" when unset
//   ${VAR:-d}      d when VAR is unset or empty      ${VAR-d}   d when VAR is unset
//   ${VAR:?err}    fails with err when unset or empty ${VAR?err} fails when unset
//   ${VAR:+alt}    alt when VAR is set and non-empty  ${VAR+alt} alt when VAR is set
// The d/err/alt words are themselves interpolated (nested defaults), only when used.
// Any other `$` (a lone `$`, `$1`, `${}`) is an error, as docker compose reports it:
// "invalid interpolation format ... You may need to escape any $ with another $."

#include "base/error.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace berth::compose {

// nullopt means unset; an empty string is set-but-empty (the two differ for `-`, `?`, `+`).
using VariableLookup = std::function<std::optional<std::string>(std::string_view name)>;

// The message of a failed interpolation is the bare reason (no file or path): the
// tree walk (interpolate_tree.h) adds where the string was.
Result<std::string> interpolate(std::string_view text, const VariableLookup& lookup);

} // namespace berth::compose
