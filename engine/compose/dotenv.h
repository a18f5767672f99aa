#pragma once
// `.env` and `--env-file` files as compose-go's dotenv package reads them:
//   KEY=value  KEY: value  export KEY=value   (spaces around the separator are dropped)
//   KEY                      inherited: taken from the lookup, absent when unset there
//   unquoted values end at the line's end, " #" starts a comment, and are interpolated
//   'single' quotes are literal (\' is a quote) and may span lines
//   "double" quotes turn \n and \r into line breaks, unescape \x, and are interpolated
//   # comment lines and blank lines are skipped; a UTF-8 BOM is ignored
// Keys are letters, digits, '_', '.', '-', '[' and ']'. Interpolation reads the
// lookup (the process environment) first, then the keys already read above.

#include "base/error.h"
#include "compose/interpolation.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace berth::compose {

// In file order; a key set twice keeps its first place and its last value.
class EnvValues {
public:
    void set(std::string key, std::string value);
    std::optional<std::string> get(std::string_view key) const;
    const std::vector<std::pair<std::string, std::string>>& entries() const { return entries_; }

private:
    std::vector<std::pair<std::string, std::string>> entries_;
};

// `file` names the source in errors ("app.env: line 7: key cannot contain a space").
Result<EnvValues> parse_dotenv(std::string_view content, std::string_view file, const VariableLookup& lookup);
Result<EnvValues> load_dotenv(const std::filesystem::path& path, const VariableLookup& lookup);

} // namespace berth::compose
