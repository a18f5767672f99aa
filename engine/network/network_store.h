#pragma once
// Networks on disk: <dir>/<id>.json, one NetworkRecord each, replaced
// atomically, so after a crash (kill -9 included) each file holds the old or the
// new record. Loaded whole at start; the caller serialises access.

#include "base/error.h"
#include "network/network_record.h"

#include <map>
#include <string>
#include <vector>

namespace berth::network {

class NetworkStore {
public:
    // Creates `dir` if needed and reads every record in it.
    static Result<NetworkStore> open(const std::string& dir);

    // By full id, exact name, or unique id prefix (Docker's lookup order);
    // NotFound: "network X not found".
    Result<NetworkRecord> find(std::string_view reference) const;
    std::vector<NetworkRecord> all() const;
    Result<> save(const NetworkRecord& network);
    Result<> remove(const std::string& id);

private:
    std::string dir_;
    std::map<std::string, NetworkRecord> networks_; // by id
};

} // namespace berth::network
