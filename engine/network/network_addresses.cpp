#include "network/network_addresses.h"

#include <cerrno>
#include <filesystem>
#include <unistd.h>

namespace berth::network {

NetworkAddresses::NetworkAddresses(std::string path, std::string network)
    : path_(std::move(path)), path6_(std::filesystem::path(path_).replace_filename("ipam6.json").string()),
      network_(std::move(network)) {}

Result<> NetworkAddresses::adopt6(Ipv6AddressPool pool) {
    std::lock_guard lock(mutex_);
    pool6_ = std::move(pool);
    return save_address_pool(path6_, *pool6_);
}

std::optional<Ipv6Network> NetworkAddresses::subnet6() const {
    std::lock_guard lock(mutex_);
    return pool6_ ? std::optional(pool6_->subnet()) : std::nullopt;
}

std::optional<Ipv6Address> NetworkAddresses::gateway6() const {
    std::lock_guard lock(mutex_);
    return pool6_ ? std::optional(pool6_->gateway()) : std::nullopt;
}

Result<> NetworkAddresses::adopt(AddressPool pool, std::optional<Ipv4Network> ip_range,
                                 const std::map<std::string, Ipv4Address>& aux_addresses) {
    std::lock_guard lock(mutex_);
    pool_ = std::move(pool);
    pool_->set_range(ip_range);
    for (const auto& [aux_name, aux_address] : aux_addresses)
        if (!pool_->owner(aux_address)) (void)pool_->reserve(aux_address, "aux:" + aux_name);
    return save_address_pool(path_, *pool_);
}

Ipv4Network NetworkAddresses::subnet() const {
    std::lock_guard lock(mutex_);
    return pool_ ? pool_->subnet() : Ipv4Network{};
}

Ipv4Address NetworkAddresses::gateway() const {
    std::lock_guard lock(mutex_);
    return pool_ ? pool_->gateway() : Ipv4Address{};
}

namespace {

// One family's part of take(): the chosen address reserved or the next one
// allocated, and saved; nothing kept when it fails.
template <typename Network>
Result<decltype(Network::address)> take_from(BasicAddressPool<Network>& pool, const std::string& path,
                                             const std::string& owner,
                                             std::optional<decltype(Network::address)> chosen) {
    if (chosen)
        if (auto reserved = pool.reserve(*chosen, owner); !reserved) return std::unexpected(reserved.error());
    auto address = chosen ? Result<decltype(Network::address)>(*chosen) : pool.allocate(owner);
    if (!address) return address;
    if (auto saved = save_address_pool(path, pool); !saved) {
        pool.release(*address);
        return std::unexpected(saved.error());
    }
    return address;
}

} // namespace

Result<> NetworkAddresses::take(Endpoint& endpoint, std::optional<Ipv4Address> chosen,
                                std::optional<Ipv6Address> chosen6) {
    std::lock_guard lock(mutex_);
    if (!pool_) return fail(ErrorCategory::Invalid, "{} is not set up", network_);
    if (chosen6 && !pool6_)
        return fail(ErrorCategory::Invalid, "invalid endpoint settings:\nuser specified IP address is supported only "
                                            "when connecting to networks with user configured subnets");
    auto wrapped = [&](Error error) {
        if (error.category() == ErrorCategory::Invalid || error.category() == ErrorCategory::Conflict)
            return std::unexpected(std::move(error)); // --ip/--ip6 refusals, in Docker's words
        return std::unexpected(std::move(error).wrap("connecting {} to {}", endpoint.netns_path, network_));
    };
    auto address = take_from(*pool_, path_, endpoint.id, chosen);
    if (!address) return wrapped(address.error());
    if (pool6_) {
        auto address6 = take_from(*pool6_, path6_, endpoint.id, chosen6);
        if (!address6) {
            pool_->release(*address);
            (void)save_address_pool(path_, *pool_);
            return wrapped(address6.error());
        }
        endpoint.ipv6 = Ipv6Network{*address6, pool6_->subnet().prefix_length};
        endpoint.gateway6 = pool6_->gateway();
    }
    endpoint.address = *address;
    endpoint.prefix_length = pool_->subnet().prefix_length;
    endpoint.gateway = pool_->gateway();
    return {};
}

Result<> NetworkAddresses::give_back(const Endpoint& endpoint) {
    std::lock_guard lock(mutex_);
    if (pool6_ && endpoint.ipv6 && pool6_->owner(endpoint.ipv6->address) == endpoint.id) {
        pool6_->release(endpoint.ipv6->address);
        if (auto saved = save_address_pool(path6_, *pool6_); !saved)
            return std::unexpected(std::move(saved.error()).wrap("disconnecting endpoint {}", endpoint.id));
    }
    if (!pool_ || pool_->owner(endpoint.address) != endpoint.id) return {};
    pool_->release(endpoint.address);
    if (auto saved = save_address_pool(path_, *pool_); !saved)
        return std::unexpected(std::move(saved.error()).wrap("disconnecting endpoint {}", endpoint.id));
    return {};
}

Result<> NetworkAddresses::forget() {
    std::lock_guard lock(mutex_);
    pool_.reset();
    pool6_.reset();
    for (const std::string& path : {path_, path6_})
        if (::unlink(path.c_str()) < 0 && errno != ENOENT) return fail_errno("deleting {}", path);
    return {};
}

} // namespace berth::network
