#pragma once
// Profiles as docker compose applies them: a service without `profiles:` is always
// on; one with profiles is on when any of them is active (`--profile`, else the
// comma-separated COMPOSE_PROFILES; "*" activates all). Disabled services are
// removed from the document before normalisation, so a dependency on one reads as
// an undefined service, as with docker compose.

#include <set>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace berth::compose {

// `flags` wins when not empty; otherwise COMPOSE_PROFILES split on commas.
std::set<std::string> active_profiles(const std::vector<std::string>& flags, const std::string& compose_profiles);
// Every profile named by any service, sorted (`config --profiles`).
std::vector<std::string> declared_profiles(const YAML::Node& document);
void remove_disabled_services(YAML::Node document, const std::set<std::string>& active);

} // namespace berth::compose
