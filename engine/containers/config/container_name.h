#pragma once
// Container names: Docker's rule for `--name` (and POST /containers/create?name=)
// and its generated adjective_surname names (namesgenerator).

#include "base/error.h"

#include <functional>
#include <random>
#include <string>
#include <string_view>

namespace berth::containers::config {

// Docker's validContainerNamePattern `^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$` (so at
// least two characters). Returns the name without its optional leading '/'.
// Otherwise: `Invalid container name (x), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed` (400).
Result<std::string> validate_container_name(std::string_view name);

// "adjective_surname"; from the second attempt on (retry > 0) a random digit is
// appended, as Docker does to get past a taken name.
std::string random_container_name(std::mt19937_64& rng, int retry = 0);

// Docker's generateNewName: six random names tried against `is_taken`, then
// the first 12 characters of the container's id.
std::string generate_container_name(const std::function<bool(std::string_view)>& is_taken,
                                    std::string_view container_id, std::mt19937_64& rng);

} // namespace berth::containers::config
