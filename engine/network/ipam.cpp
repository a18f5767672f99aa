#include "network/ipam.h"

#include <algorithm>

#include "base/files.h"

#include <cerrno>
#include <nlohmann/json.hpp>

namespace berth::network {

std::vector<Ipv4Network> default_address_pools() {
    std::vector<Ipv4Network> pools;
    for (uint32_t second = 17; second <= 31; ++second) {
        Ipv4Network pool;
        pool.address = Ipv4Address{(172u << 24) | (second << 16)};
        pool.prefix_length = 16;
        pools.push_back(pool);
    }
    for (uint32_t third = 0; third < 256; third += 16) {
        Ipv4Network pool;
        pool.address = Ipv4Address{(192u << 24) | (168u << 16) | (third << 8)};
        pool.prefix_length = 20;
        pools.push_back(pool);
    }
    return pools;
}

Result<Ipv4Network> choose_subnet(std::span<const Ipv4Network> pools, std::span<const Ipv4Network> in_use) {
    for (const Ipv4Network& pool : pools) {
        bool taken = false;
        for (const Ipv4Network& used : in_use)
            if (used.prefix_length > 0 && pool.overlaps(used)) {
                taken = true;
                break;
            }
        if (!taken) return pool.network();
    }
    return fail(ErrorCategory::Unavailable,
                "all predefined address pools have been fully subnetted: each overlaps a route or address on the host");
}

std::vector<Ipv4Network> networks_in_use(std::span<const Route> routes, std::span<const InterfaceAddress> addresses,
                                         int except_link) {
    std::vector<Ipv4Network> out;
    for (const Route& route : routes)
        if (route.destination.prefix_length > 0 && (except_link == 0 || route.link_index != except_link))
            out.push_back(route.destination.network());
    for (const InterfaceAddress& address : addresses)
        if (except_link == 0 || address.link_index != except_link) out.push_back(address.address.network());
    return out;
}

MacAddress mac_for_address(Ipv4Address address) {
    uint32_t v = address.value;
    return {0x02,
            0x42,
            static_cast<uint8_t>(v >> 24),
            static_cast<uint8_t>(v >> 16),
            static_cast<uint8_t>(v >> 8),
            static_cast<uint8_t>(v)};
}

AddressPool::AddressPool(Ipv4Network subnet, std::optional<Ipv4Address> gateway) : subnet_(subnet.network()) {
    gateway_ = gateway && subnet_.contains(*gateway) ? *gateway : Ipv4Address{subnet_.first().value + 1};
    last_ = subnet_.first(); // the first allocation looks from the bottom of the subnet
}

Result<Ipv4Address> AddressPool::allocate(const std::string& owner) {
    // Usable host addresses: network+1 .. broadcast-1 (a /31 or /32 has none to spare).
    if (subnet_.prefix_length > 30)
        return fail(ErrorCategory::Unavailable, "no addresses available in {}", subnet_.to_string());
    uint32_t first = subnet_.first().value + 1;
    uint32_t last = subnet_.last().value - 1;
    if (range_) {
        first = std::max(first, range_->network().first().value);
        last = std::min(last, range_->network().last().value);
        if (first > last) return fail(ErrorCategory::Unavailable, "no addresses available in {}", range_->to_string());
    }
    uint32_t count = last - first + 1;
    uint32_t candidate = last_.value;
    for (uint32_t tried = 0; tried < count; ++tried) {
        candidate = (candidate >= last || candidate < first) ? first : candidate + 1;
        Ipv4Address address{candidate};
        if (address == gateway_ || allocations_.contains(address)) continue;
        allocations_.emplace(address, owner);
        last_ = address;
        return address;
    }
    return fail(ErrorCategory::Unavailable, "no addresses available in {}", subnet_.to_string());
}

Result<> AddressPool::reserve(Ipv4Address address, const std::string& owner) {
    if (!subnet_.contains(address) || address == subnet_.first() || address == subnet_.last())
        return fail(ErrorCategory::Invalid, "no configured subnet or ip-range contain the IP address {}",
                    address.to_string());
    if (address == gateway_ || allocations_.contains(address))
        return fail(ErrorCategory::Conflict, "Address already in use");
    allocations_.emplace(address, owner);
    return {};
}

void AddressPool::release(Ipv4Address address) { allocations_.erase(address); }

std::optional<std::string> AddressPool::owner(Ipv4Address address) const {
    if (auto found = allocations_.find(address); found != allocations_.end()) return found->second;
    return std::nullopt;
}

std::string AddressPool::to_json() const {
    nlohmann::json allocations = nlohmann::json::object();
    for (const auto& [address, owner] : allocations_) allocations[address.to_string()] = owner;
    nlohmann::json document = {
        {"subnet", subnet_.to_string()},
        {"gateway", gateway_.to_string()},
        {"last", last_.to_string()},
        {"allocations", allocations},
    };
    return document.dump(2) + "\n";
}

Result<AddressPool> AddressPool::from_json(std::string_view text) {
    auto document = nlohmann::json::parse(text, nullptr, false);
    if (document.is_discarded() || !document.is_object())
        return fail(ErrorCategory::Invalid, "address pool: not a JSON object");
    auto field = [&](const char* name) -> Result<std::string> {
        auto found = document.find(name);
        if (found == document.end() || !found->is_string())
            return fail(ErrorCategory::Invalid, "address pool: missing \"{}\"", name);
        return found->get<std::string>();
    };
    auto subnet_text = field("subnet");
    if (!subnet_text) return std::unexpected(subnet_text.error());
    auto subnet = Ipv4Network::parse(*subnet_text);
    if (!subnet) return std::unexpected(std::move(subnet.error()).wrap("address pool"));
    std::optional<Ipv4Address> gateway;
    if (auto gateway_text = field("gateway")) {
        auto parsed = Ipv4Address::parse(*gateway_text);
        if (!parsed) return std::unexpected(std::move(parsed.error()).wrap("address pool"));
        gateway = *parsed;
    }
    AddressPool pool(*subnet, gateway);
    if (auto last_text = field("last")) {
        auto last = Ipv4Address::parse(*last_text);
        if (last && pool.subnet_.contains(*last)) pool.last_ = *last;
    }
    if (auto allocations = document.find("allocations"); allocations != document.end() && allocations->is_object()) {
        for (const auto& [address_text, owner] : allocations->items()) {
            auto address = Ipv4Address::parse(address_text);
            if (!address || !pool.subnet_.contains(*address) || !owner.is_string())
                return fail(ErrorCategory::Invalid, "address pool: bad allocation \"{}\"", address_text);
            pool.allocations_.emplace(*address, owner.get<std::string>());
        }
    }
    return pool;
}

Result<std::optional<AddressPool>> load_address_pool(const std::string& path) {
    auto text = read_file(path);
    if (!text) {
        if (text.error().errnum() == ENOENT) return std::optional<AddressPool>{};
        return std::unexpected(text.error());
    }
    auto pool = AddressPool::from_json(*text);
    if (!pool) return std::unexpected(std::move(pool.error()).wrap("reading {}", path));
    return std::optional<AddressPool>(std::move(*pool));
}

Result<> save_address_pool(const std::string& path, const AddressPool& pool) {
    if (auto written = write_file_atomically(path, pool.to_json(), 0600); !written)
        return std::unexpected(std::move(written.error()).wrap("saving address pool"));
    return {};
}

} // namespace berth::network
