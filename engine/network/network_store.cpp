#include "network/network_store.h"

#include "base/files.h"
#include "base/go_errno.h"
#include "base/log.h"

#include <cerrno>
#include <filesystem>
#include <unistd.h>

namespace berth::network {

namespace fs = std::filesystem;

Result<NetworkStore> NetworkStore::open(const std::string& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return fail(ErrorCategory::System, "creating {}: {}", dir, go_error_text(ec));
    NetworkStore store;
    store.dir_ = dir;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        if (entry.path().extension() != ".json") continue;
        auto text = read_file(entry.path().string());
        if (!text) return std::unexpected(text.error());
        auto document = nlohmann::json::parse(*text, nullptr, false);
        auto record = network_from_json(document);
        if (!record) {
            // A record we cannot read is left for a person to look at, not deleted.
            log::warn("skipping network record {}: {}", entry.path().string(), record.error().message());
            continue;
        }
        store.networks_[record->id] = std::move(*record);
    }
    if (ec) return fail(ErrorCategory::System, "reading {}: {}", dir, go_error_text(ec));
    return store;
}

Result<NetworkRecord> NetworkStore::find(std::string_view reference) const {
    if (auto found = networks_.find(std::string(reference)); found != networks_.end()) return found->second;
    for (const auto& [id, network] : networks_)
        if (network.name == reference) return network;
    const NetworkRecord* match = nullptr;
    if (!reference.empty())
        for (const auto& [id, network] : networks_) {
            if (!id.starts_with(reference)) continue;
            if (match) return fail(ErrorCategory::NotFound, "network {} is ambiguous", reference);
            match = &network;
        }
    if (match) return *match;
    return fail(ErrorCategory::NotFound, "network {} not found", reference);
}

std::vector<NetworkRecord> NetworkStore::all() const {
    std::vector<NetworkRecord> out;
    for (const auto& [id, network] : networks_) out.push_back(network);
    return out;
}

Result<> NetworkStore::save(const NetworkRecord& network) {
    std::string path = dir_ + "/" + network.id + ".json";
    if (auto written = write_file_atomically(path, network_to_json(network).dump(2) + "\n", 0600); !written)
        return std::unexpected(std::move(written.error()).wrap("saving network {}", network.name));
    networks_[network.id] = network;
    return {};
}

Result<> NetworkStore::remove(const std::string& id) {
    std::string path = dir_ + "/" + id + ".json";
    if (::unlink(path.c_str()) < 0 && errno != ENOENT) return fail_errno("removing {}", path);
    networks_.erase(id);
    return {};
}

} // namespace berth::network
