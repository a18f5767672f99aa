#pragma once
// Whole-file reads and crash-safe replacement.

#include "base/error.h"

#include <string>

namespace berth {

Result<std::string> read_file(const std::string& path);

// Writes to a temporary file beside `path`, fsyncs it, renames it over `path` and
// fsyncs the directory: after a crash the file holds the old or the new content.
Result<> write_file_atomically(const std::string& path, std::string_view content, unsigned mode = 0644);

} // namespace berth
