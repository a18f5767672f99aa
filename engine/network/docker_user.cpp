#include "network/docker_user.h"

#include <algorithm>
#include <format>
#include <mutex>
#include <sstream>

namespace berth::network {

namespace {

constexpr std::string_view comment_prefix = "berth:";

// The bridge named by a listing line's berth comment, or "" when it has none.
std::string bridge_of(const std::string& line) {
    std::string marker = std::format("comment \"{}", comment_prefix);
    auto at = line.find(marker);
    if (at == std::string::npos) return "";
    at += marker.size();
    auto end = line.find('"', at);
    return end == std::string::npos ? "" : line.substr(at, end - at);
}

// One reader-then-writer at a time in this process: two containers starting at
// once would otherwise both see no rule and both insert them.
std::mutex chain_mutex;

Result<> delete_rules(Firewall& firewall, std::string_view chain, const std::vector<uint64_t>& handles) {
    if (handles.empty()) return {};
    std::string script;
    for (uint64_t handle : handles) script += std::format("delete rule {} handle {}\n", chain, handle);
    return firewall.apply(script);
}

// Runs `work` on the listing of each family's DOCKER-USER that exists; false
// when neither does. The first failure stops it.
Result<bool> for_each_chain(Firewall& firewall,
                            const std::function<Result<>(std::string_view chain, const std::string& listing)>& work) {
    bool found = false;
    for (std::string_view chain : kDockerUserChains) {
        auto listing = firewall.list_chain_with_handles(std::string(chain));
        if (!listing) {
            if (listing.error().category() == ErrorCategory::NotFound) continue;
            return std::unexpected(std::move(listing.error()).wrap("reading {}", chain));
        }
        found = true;
        if (auto done = work(chain, *listing); !done) return std::unexpected(done.error());
    }
    return found;
}

} // namespace

std::string docker_user_comment(const std::string& bridge) { return std::format("{}{}", comment_prefix, bridge); }

std::string docker_user_accepts(const std::string& bridge, std::string_view chain_path) {
    std::string comment = docker_user_comment(bridge);
    return std::format("insert rule {0} oifname \"{1}\" counter accept comment \"{2}\"\n"
                       "insert rule {0} iifname \"{1}\" counter accept comment \"{2}\"\n",
                       chain_path, bridge, comment);
}

std::vector<uint64_t> docker_user_handles(const std::string& listing, const std::string& bridge) {
    std::vector<uint64_t> handles;
    std::istringstream lines(listing);
    std::string line;
    while (std::getline(lines, line)) {
        std::string owner = bridge_of(line);
        if (owner.empty() || (!bridge.empty() && owner != bridge)) continue;
        auto at = line.rfind("# handle ");
        if (at == std::string::npos) continue;
        try {
            handles.push_back(std::stoull(line.substr(at + 9)));
        } catch (const std::exception&) {
        }
    }
    return handles;
}

std::vector<std::string> docker_user_bridges(const std::string& listing) {
    std::vector<std::string> bridges;
    std::istringstream lines(listing);
    std::string line;
    while (std::getline(lines, line)) {
        std::string owner = bridge_of(line);
        if (!owner.empty() && std::ranges::find(bridges, owner) == bridges.end()) bridges.push_back(owner);
    }
    return bridges;
}

Result<bool> open_docker_user(Firewall& firewall, const std::string& bridge) {
    std::lock_guard lock(chain_mutex);
    return for_each_chain(firewall, [&](std::string_view chain, const std::string& listing) -> Result<> {
        std::vector<uint64_t> ours = docker_user_handles(listing, bridge);
        if (ours.size() == 2) return {};
        // A partial set (one rule deleted by hand) is replaced in the same transaction.
        std::string script;
        for (uint64_t handle : ours) script += std::format("delete rule {} handle {}\n", chain, handle);
        script += docker_user_accepts(bridge, chain);
        if (auto applied = firewall.apply(script); !applied)
            return std::unexpected(std::move(applied.error()).wrap("accepting bridge {} in {}", bridge, chain));
        return {};
    });
}

Result<> close_docker_user(Firewall& firewall, const std::string& bridge) {
    std::lock_guard lock(chain_mutex);
    auto closed = for_each_chain(firewall, [&](std::string_view chain, const std::string& listing) -> Result<> {
        if (auto deleted = delete_rules(firewall, chain, docker_user_handles(listing, bridge)); !deleted)
            return std::unexpected(std::move(deleted.error()).wrap("removing bridge {}'s rules from {}", bridge, chain));
        return {};
    });
    if (!closed) return std::unexpected(closed.error());
    return {};
}

Result<> prune_docker_user(Firewall& firewall, const std::function<bool(const std::string&)>& exists) {
    std::lock_guard lock(chain_mutex);
    auto pruned = for_each_chain(firewall, [&](std::string_view chain, const std::string& listing) -> Result<> {
        std::vector<uint64_t> stale;
        for (const std::string& bridge : docker_user_bridges(listing))
            if (!exists(bridge)) std::ranges::copy(docker_user_handles(listing, bridge), std::back_inserter(stale));
        if (auto deleted = delete_rules(firewall, chain, stale); !deleted)
            return std::unexpected(std::move(deleted.error()).wrap("removing stale rules from {}", chain));
        return {};
    });
    if (!pruned) return std::unexpected(pruned.error());
    return {};
}

} // namespace berth::network
