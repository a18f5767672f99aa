#include "network/ipam.h"

#include <algorithm>

#include "base/digest.h"
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

Ipv6Network ula_base_pool(std::string_view engine_id) {
    std::string hex = digest_of(engine_id).substr(7, 10); // after "sha256:": 40 bits
    Uint128 global_id = std::stoull(hex, nullptr, 16);
    return Ipv6Network{Ipv6Address{(Uint128{0xfd} << 120) | (global_id << 80)}, 48};
}

Result<Ipv6Network> choose_ipv6_subnet(const Ipv6Network& base, std::span<const Ipv6Network> in_use) {
    constexpr int size = 64;
    Uint128 step = Uint128{1} << (Ipv6Network::bits - size);
    Uint128 count = Uint128{1} << (size - base.prefix_length);
    for (Uint128 i = 0; i < count && i < 65536; ++i) { // the /48 has 65536 /64s
        Ipv6Network candidate{Ipv6Address{base.first().value + i * step}, size};
        if (std::ranges::none_of(in_use, [&](const Ipv6Network& used) { return used.overlaps(candidate); }))
            return candidate;
    }
    return fail(ErrorCategory::Unavailable,
                "could not find an available, non-overlapping IPv6 address pool among the defaults to assign to the network");
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

template <typename Network>
BasicAddressPool<Network>::BasicAddressPool(Network subnet, std::optional<Address> gateway) : subnet_(subnet.network()) {
    gateway_ = gateway && subnet_.contains(*gateway) ? *gateway : Address{subnet_.first().value + 1};
    last_ = subnet_.first(); // the first allocation looks from the bottom of the subnet
}

template <typename Network>
auto BasicAddressPool<Network>::allocate(const std::string& owner) -> Result<Address> {
    // Usable host addresses: network+1 .. last-1 (a /31 or /32, /127 or /128 has none to spare).
    if (subnet_.prefix_length > Network::bits - 2)
        return fail(ErrorCategory::Unavailable, "no addresses available in {}", subnet_.to_string());
    using Number = decltype(Address::value);
    Number first = subnet_.first().value + 1;
    Number last = subnet_.last().value - 1;
    if (range_) {
        first = std::max(first, range_->network().first().value);
        last = std::min(last, range_->network().last().value);
        if (first > last) return fail(ErrorCategory::Unavailable, "no addresses available in {}", range_->to_string());
    }
    // Bounded by what is taken: every address skipped below is an allocation or the gateway.
    Number count = last - first + 1;
    Number candidate = last_.value;
    for (Number tried = 0; tried < count && tried <= allocations_.size() + 1; ++tried) {
        candidate = (candidate >= last || candidate < first) ? first : candidate + 1;
        Address address{candidate};
        if (address == gateway_ || allocations_.contains(address)) continue;
        allocations_.emplace(address, owner);
        last_ = address;
        return address;
    }
    return fail(ErrorCategory::Unavailable, "no addresses available in {}", subnet_.to_string());
}

template <typename Network>
Result<> BasicAddressPool<Network>::reserve(Address address, const std::string& owner) {
    if (!subnet_.contains(address) || address == subnet_.first() || address == subnet_.last())
        return fail(ErrorCategory::Invalid, "no configured subnet or ip-range contain the IP address {}",
                    address.to_string());
    if (address == gateway_ || allocations_.contains(address))
        return fail(ErrorCategory::Conflict, "Address already in use");
    allocations_.emplace(address, owner);
    return {};
}

template <typename Network>
void BasicAddressPool<Network>::release(Address address) { allocations_.erase(address); }

template <typename Network>
std::optional<std::string> BasicAddressPool<Network>::owner(Address address) const {
    if (auto found = allocations_.find(address); found != allocations_.end()) return found->second;
    return std::nullopt;
}

template <typename Network>
std::string BasicAddressPool<Network>::to_json() const {
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

template <typename Network>
auto BasicAddressPool<Network>::from_json(std::string_view text) -> Result<BasicAddressPool> {
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
    auto subnet = Network::parse(*subnet_text);
    if (!subnet) return std::unexpected(std::move(subnet.error()).wrap("address pool"));
    std::optional<Address> gateway;
    if (auto gateway_text = field("gateway")) {
        auto parsed = Address::parse(*gateway_text);
        if (!parsed) return std::unexpected(std::move(parsed.error()).wrap("address pool"));
        gateway = *parsed;
    }
    BasicAddressPool pool(*subnet, gateway);
    if (auto last_text = field("last")) {
        auto last = Address::parse(*last_text);
        if (last && pool.subnet_.contains(*last)) pool.last_ = *last;
    }
    if (auto allocations = document.find("allocations"); allocations != document.end() && allocations->is_object()) {
        for (const auto& [address_text, owner] : allocations->items()) {
            auto address = Address::parse(address_text);
            if (!address || !pool.subnet_.contains(*address) || !owner.is_string())
                return fail(ErrorCategory::Invalid, "address pool: bad allocation \"{}\"", address_text);
            pool.allocations_.emplace(*address, owner.get<std::string>());
        }
    }
    return pool;
}

template <typename Network>
Result<std::optional<BasicAddressPool<Network>>> load_address_pool(const std::string& path) {
    using Pool = BasicAddressPool<Network>;
    auto text = read_file(path);
    if (!text) {
        if (text.error().errnum() == ENOENT) return std::optional<Pool>{};
        return std::unexpected(text.error());
    }
    auto pool = Pool::from_json(*text);
    if (!pool) return std::unexpected(std::move(pool.error()).wrap("reading {}", path));
    return std::optional<Pool>(std::move(*pool));
}

template <typename Network>
Result<> save_address_pool(const std::string& path, const BasicAddressPool<Network>& pool) {
    if (auto written = write_file_atomically(path, pool.to_json(), 0600); !written)
        return std::unexpected(std::move(written.error()).wrap("saving address pool"));
    return {};
}

template class BasicAddressPool<Ipv4Network>;
template class BasicAddressPool<Ipv6Network>;
template Result<std::optional<AddressPool>> load_address_pool<Ipv4Network>(const std::string&);
template Result<std::optional<Ipv6AddressPool>> load_address_pool<Ipv6Network>(const std::string&);
template Result<> save_address_pool<Ipv4Network>(const std::string&, const AddressPool&);
template Result<> save_address_pool<Ipv6Network>(const std::string&, const Ipv6AddressPool&);

} // namespace berth::network
