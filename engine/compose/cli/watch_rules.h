#pragma once
// `develop.watch` as docker compose 2.26 reads it, pure: each service's rules
// (path made absolute against the project directory, action, target, ignore
// patterns), and what a batch of changed host paths asks of each service: a
// rebuild, or files synced (copied when the path is there, removed when it is
// not) and maybe a restart. A path is left out when the rule's `ignore`
// patterns (relative to the rule's path), the build context's .dockerignore,
// `.git/` or an editor's temporary files (swap, backup and lock files) match it.

#include "base/error.h"
#include "build/builder/dockerignore.h"
#include "compose/compose_project.h"

#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace berth::compose::cli {

struct WatchRule {
    std::string action; // sync, rebuild, sync+restart
    std::filesystem::path path;
    std::string target; // inside the container (sync actions)
    build::IgnoreMatcher ignore;
};

struct ServiceWatch {
    std::string service;
    std::filesystem::path context; // the build context, whose .dockerignore applies
    build::IgnoreMatcher dockerignore;
    std::vector<WatchRule> rules;
};

// The services of `selected` (every service when empty) that watch something.
// Errors in docker compose's words: a selected service without a build
// section, `rebuild` without one, none configured.
Result<std::vector<ServiceWatch>> watch_rules(const ComposeProject& project, const std::set<std::string>& selected);

struct SyncPath {
    std::filesystem::path host;
    std::string container;
};

struct WatchWork {
    bool rebuild = false;
    bool restart = false;
    std::vector<SyncPath> sync; // in the order of the changed paths
};

// What `changed` asks of `watch`'s service (nothing: no rule took a path).
WatchWork watch_work(const ServiceWatch& watch, const std::set<std::filesystem::path>& changed);

} // namespace berth::compose::cli
