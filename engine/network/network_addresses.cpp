#include "network/network_addresses.h"

#include <cerrno>
#include <unistd.h>

namespace berth::network {

NetworkAddresses::NetworkAddresses(std::string path, std::string network)
    : path_(std::move(path)), network_(std::move(network)) {}

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

Result<> NetworkAddresses::take(Endpoint& endpoint, std::optional<Ipv4Address> chosen) {
    std::lock_guard lock(mutex_);
    if (!pool_) return fail(ErrorCategory::Invalid, "{} is not set up", network_);
    if (chosen)
        if (auto reserved = pool_->reserve(*chosen, endpoint.id); !reserved) return reserved;
    auto wrapped = [&](Error error) {
        return std::unexpected(std::move(error).wrap("connecting {} to {}", endpoint.netns_path, network_));
    };
    auto address = chosen ? Result<Ipv4Address>(*chosen) : pool_->allocate(endpoint.id);
    if (!address) return wrapped(address.error());
    if (auto saved = save_address_pool(path_, *pool_); !saved) {
        pool_->release(*address);
        return wrapped(saved.error());
    }
    endpoint.address = *address;
    endpoint.prefix_length = pool_->subnet().prefix_length;
    endpoint.gateway = pool_->gateway();
    return {};
}

Result<> NetworkAddresses::give_back(const Endpoint& endpoint) {
    std::lock_guard lock(mutex_);
    if (!pool_ || pool_->owner(endpoint.address) != endpoint.id) return {};
    pool_->release(endpoint.address);
    if (auto saved = save_address_pool(path_, *pool_); !saved)
        return std::unexpected(std::move(saved.error()).wrap("disconnecting endpoint {}", endpoint.id));
    return {};
}

Result<> NetworkAddresses::forget() {
    std::lock_guard lock(mutex_);
    pool_.reset();
    if (::unlink(path_.c_str()) < 0 && errno != ENOENT) return fail_errno("deleting {}", path_);
    return {};
}

} // namespace berth::network
