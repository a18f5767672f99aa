#pragma once
// docker's tabwriter tables as the compose verbs print them: columns padded to
// the widest cell plus three spaces, widths counted in characters.

#include <iosfwd>
#include <string>
#include <vector>

namespace berth::compose::cli {

// `min_width`: a padded cell's least width (tabwriter's minwidth; `images` uses 20).
void print_table(const std::vector<std::vector<std::string>>& rows, std::ostream& out, size_t min_width = 0);

// Docker's units.HumanSizeWithPrecision(size, 3): "1.24MB", "512B".
std::string human_size(double bytes);
// go-units' BytesSize, as `docker stats` prints memory: "1.5MiB", "7.606GiB".
std::string binary_size(double bytes);

} // namespace berth::compose::cli
