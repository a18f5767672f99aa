#include "network/netlink.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <sched.h>
#include <sys/socket.h>
#include <thread>

namespace berth::network {

namespace {

constexpr size_t align4(size_t n) { return (n + 3) & ~size_t{3}; }

template <typename T>
T read_struct(std::span<const uint8_t> bytes, size_t offset = 0) {
    T value{};
    if (offset < bytes.size()) std::memcpy(&value, bytes.data() + offset, std::min(sizeof(T), bytes.size() - offset));
    return value;
}

// Calls `visit(type, payload)` for each rtattr/nlattr in `bytes`.
template <typename Visit>
void for_each_attribute(std::span<const uint8_t> bytes, Visit&& visit) {
    size_t offset = 0;
    while (offset + sizeof(nlattr) <= bytes.size()) {
        auto header = read_struct<nlattr>(bytes, offset);
        if (header.nla_len < sizeof(nlattr) || offset + header.nla_len > bytes.size()) return;
        visit(static_cast<uint16_t>(header.nla_type & NLA_TYPE_MASK),
              bytes.subspan(offset + sizeof(nlattr), header.nla_len - sizeof(nlattr)));
        offset += align4(header.nla_len);
    }
}

uint32_t attribute_u32(std::span<const uint8_t> payload) { return read_struct<uint32_t>(payload); }

std::string attribute_string(std::span<const uint8_t> payload) {
    std::string text(reinterpret_cast<const char*>(payload.data()), payload.size());
    if (auto nul = text.find('\0'); nul != std::string::npos) text.resize(nul);
    return text;
}

Link parse_link(std::span<const uint8_t> message) {
    auto info = read_struct<ifinfomsg>(message, sizeof(nlmsghdr));
    Link link;
    link.index = info.ifi_index;
    link.up = (info.ifi_flags & IFF_UP) != 0;
    size_t start = sizeof(nlmsghdr) + align4(sizeof(ifinfomsg));
    if (start > message.size()) return link;
    for_each_attribute(message.subspan(start), [&](uint16_t type, std::span<const uint8_t> payload) {
        switch (type) {
        case IFLA_IFNAME: link.name = attribute_string(payload); break;
        case IFLA_MTU: link.mtu = attribute_u32(payload); break;
        case IFLA_MASTER: link.master = static_cast<int>(attribute_u32(payload)); break;
        case IFLA_ADDRESS:
            if (payload.size() == link.mac.size()) std::memcpy(link.mac.data(), payload.data(), link.mac.size());
            break;
        case IFLA_LINKINFO:
            for_each_attribute(payload, [&](uint16_t inner, std::span<const uint8_t> value) {
                if (inner == IFLA_INFO_KIND) link.kind = attribute_string(value);
            });
            break;
        default: break;
        }
    });
    return link;
}

// The ENODEV the kernel answers for a missing link reads as NotFound to callers.
Error link_error(Error error) {
    if (error.errnum() == ENODEV) return Error(ErrorCategory::NotFound, error.message(), ENODEV);
    return error;
}

} // namespace

// Lays out one request: the netlink header, a fixed family header, then attributes
// (nested ones patched with their length when closed).
class MessageBuilder {
public:
    MessageBuilder(uint16_t type, uint16_t flags) {
        nlmsghdr header{};
        header.nlmsg_type = type;
        header.nlmsg_flags = static_cast<uint16_t>(NLM_F_REQUEST | flags);
        append(&header, sizeof header);
    }

    template <typename T>
    void fixed(const T& value) { append(&value, sizeof value); }

    void attribute(uint16_t type, const void* data, size_t length) {
        nlattr header{};
        header.nla_type = type;
        header.nla_len = static_cast<uint16_t>(sizeof(nlattr) + length);
        append(&header, sizeof header);
        append(data, length);
    }
    void attribute_u32(uint16_t type, uint32_t value) { attribute(type, &value, sizeof value); }
    void attribute_string(uint16_t type, const std::string& value) {
        attribute(type, value.c_str(), value.size() + 1);
    }

    size_t begin_nested(uint16_t type) {
        size_t offset = bytes_.size();
        attribute(type, nullptr, 0);
        return offset;
    }
    void end_nested(size_t offset) {
        auto length = static_cast<uint16_t>(bytes_.size() - offset);
        std::memcpy(bytes_.data() + offset + offsetof(nlattr, nla_len), &length, sizeof length);
    }

    std::span<const uint8_t> finish(uint32_t sequence) {
        auto length = static_cast<uint32_t>(bytes_.size());
        std::memcpy(bytes_.data() + offsetof(nlmsghdr, nlmsg_len), &length, sizeof length);
        std::memcpy(bytes_.data() + offsetof(nlmsghdr, nlmsg_seq), &sequence, sizeof sequence);
        return bytes_;
    }

private:
    void append(const void* data, size_t length) {
        if (length > 0) {
            auto* p = static_cast<const uint8_t*>(data);
            bytes_.insert(bytes_.end(), p, p + length);
        }
        bytes_.resize(align4(bytes_.size()));
    }

    std::vector<uint8_t> bytes_;
};

Result<Netlink> Netlink::open() {
    UniqueFd fd(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE));
    if (!fd) return fail_errno("opening a netlink socket");
    // Ask for the kernel's explanation with each error, without our request echoed.
    int on = 1;
    ::setsockopt(fd.get(), SOL_NETLINK, NETLINK_EXT_ACK, &on, sizeof on);
    ::setsockopt(fd.get(), SOL_NETLINK, NETLINK_CAP_ACK, &on, sizeof on);
    sockaddr_nl local{};
    local.nl_family = AF_NETLINK;
    if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&local), sizeof local) < 0)
        return fail_errno("binding a netlink socket");
    return Netlink(std::move(fd));
}

Result<Netlink> Netlink::open_in(const std::string& netns_path) {
    UniqueFd netns(::open(netns_path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!netns) return fail_errno("opening network namespace {}", netns_path);
    std::optional<Result<Netlink>> opened;
    std::thread worker([&] {
        if (::setns(netns.get(), CLONE_NEWNET) < 0) {
            opened = fail_errno("entering network namespace {}", netns_path);
            return;
        }
        opened = open();
    });
    worker.join();
    return std::move(*opened);
}

Result<> Netlink::transact(std::span<const uint8_t> request, std::string_view what) {
    auto replies = query(request, what);
    if (!replies) return std::unexpected(replies.error());
    return {};
}

Result<std::vector<std::vector<uint8_t>>> Netlink::query(std::span<const uint8_t> request, std::string_view what) {
    auto header = read_struct<nlmsghdr>(request);
    sockaddr_nl kernel{};
    kernel.nl_family = AF_NETLINK;
    for (;;) {
        if (::sendto(fd_.get(), request.data(), request.size(), 0, reinterpret_cast<const sockaddr*>(&kernel),
                     sizeof kernel) >= 0)
            break;
        if (errno != EINTR) return fail_errno("{}: sending to netlink", what);
    }
    bool dump = (header.nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
    std::vector<std::vector<uint8_t>> replies;
    std::vector<uint8_t> buffer(1 << 16);
    for (;;) {
        ssize_t received = ::recv(fd_.get(), buffer.data(), buffer.size(), MSG_TRUNC);
        if (received < 0) {
            if (errno == EINTR) continue;
            return fail_errno("{}: reading from netlink", what);
        }
        if (static_cast<size_t>(received) > buffer.size())
            return fail(ErrorCategory::System, "{}: netlink reply larger than {} bytes", what, buffer.size());
        std::span<const uint8_t> data(buffer.data(), static_cast<size_t>(received));
        size_t offset = 0;
        while (offset + sizeof(nlmsghdr) <= data.size()) {
            auto reply = read_struct<nlmsghdr>(data, offset);
            if (reply.nlmsg_len < sizeof(nlmsghdr) || offset + reply.nlmsg_len > data.size()) break;
            std::span<const uint8_t> message = data.subspan(offset, reply.nlmsg_len);
            offset += align4(reply.nlmsg_len);
            if (reply.nlmsg_seq != header.nlmsg_seq) continue; // a late answer to an earlier request
            if (reply.nlmsg_type == NLMSG_DONE) return replies;
            if (reply.nlmsg_type == NLMSG_ERROR) {
                auto error = read_struct<nlmsgerr>(message, sizeof(nlmsghdr));
                if (error.error == 0) return replies; // the acknowledgement
                std::string kernel_says;
                if (reply.nlmsg_flags & NLM_F_ACK_TLVS) {
                    size_t tlvs = sizeof(nlmsghdr) + sizeof(nlmsgerr);
                    if (!(reply.nlmsg_flags & NLM_F_CAPPED)) tlvs += align4(error.msg.nlmsg_len - sizeof(nlmsghdr));
                    if (tlvs < message.size())
                        for_each_attribute(message.subspan(tlvs), [&](uint16_t type, std::span<const uint8_t> p) {
                            if (type == NLMSGERR_ATTR_MSG) kernel_says = attribute_string(p);
                        });
                }
                Error failure = Error::from_errno(-error.error, std::string(what));
                if (!kernel_says.empty())
                    failure = Error(failure.category(), failure.message() + " (" + kernel_says + ")", failure.errnum());
                return std::unexpected(std::move(failure));
            }
            replies.emplace_back(message.begin(), message.end());
            // A GET without NLM_F_DUMP is answered by one message and no DONE.
            if (!dump && !(reply.nlmsg_flags & NLM_F_MULTI)) return replies;
        }
    }
}

Result<Link> Netlink::link(const std::string& name) {
    MessageBuilder request(RTM_GETLINK, 0);
    ifinfomsg info{};
    info.ifi_family = AF_UNSPEC;
    request.fixed(info);
    request.attribute_string(IFLA_IFNAME, name);
    auto replies = query(request.finish(sequence_++), std::format("looking up link {}", name));
    if (!replies) return std::unexpected(link_error(replies.error()));
    for (const auto& reply : *replies)
        if (read_struct<nlmsghdr>(reply).nlmsg_type == RTM_NEWLINK) return parse_link(reply);
    return fail(ErrorCategory::NotFound, "looking up link {}: no answer", name);
}

Result<Link> Netlink::link(int index) {
    MessageBuilder request(RTM_GETLINK, 0);
    ifinfomsg info{};
    info.ifi_family = AF_UNSPEC;
    info.ifi_index = index;
    request.fixed(info);
    auto replies = query(request.finish(sequence_++), std::format("looking up link {}", index));
    if (!replies) return std::unexpected(link_error(replies.error()));
    for (const auto& reply : *replies)
        if (read_struct<nlmsghdr>(reply).nlmsg_type == RTM_NEWLINK) return parse_link(reply);
    return fail(ErrorCategory::NotFound, "looking up link {}: no answer", index);
}

Result<std::vector<Link>> Netlink::links() {
    MessageBuilder request(RTM_GETLINK, NLM_F_DUMP);
    ifinfomsg info{};
    info.ifi_family = AF_UNSPEC;
    request.fixed(info);
    auto replies = query(request.finish(sequence_++), "listing links");
    if (!replies) return std::unexpected(replies.error());
    std::vector<Link> out;
    for (const auto& reply : *replies)
        if (read_struct<nlmsghdr>(reply).nlmsg_type == RTM_NEWLINK) out.push_back(parse_link(reply));
    return out;
}

Result<int> Netlink::link_index(const std::string& name) {
    auto found = link(name);
    if (!found) return std::unexpected(found.error());
    return found->index;
}

Result<> Netlink::create_bridge(const std::string& name) {
    MessageBuilder request(RTM_NEWLINK, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
    ifinfomsg info{};
    info.ifi_family = AF_UNSPEC;
    request.fixed(info);
    request.attribute_string(IFLA_IFNAME, name);
    size_t linkinfo = request.begin_nested(IFLA_LINKINFO);
    request.attribute_string(IFLA_INFO_KIND, "bridge");
    request.end_nested(linkinfo);
    return transact(request.finish(sequence_++), std::format("creating bridge {}", name));
}

Result<> Netlink::create_veth(const std::string& name, const std::string& peer_name) {
    MessageBuilder request(RTM_NEWLINK, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
    ifinfomsg info{};
    info.ifi_family = AF_UNSPEC;
    request.fixed(info);
    request.attribute_string(IFLA_IFNAME, name);
    size_t linkinfo = request.begin_nested(IFLA_LINKINFO);
    request.attribute_string(IFLA_INFO_KIND, "veth");
    size_t data = request.begin_nested(IFLA_INFO_DATA);
    // The peer is described by its own ifinfomsg followed by its attributes.
    size_t peer = request.begin_nested(VETH_INFO_PEER);
    request.fixed(info);
    request.attribute_string(IFLA_IFNAME, peer_name);
    request.end_nested(peer);
    request.end_nested(data);
    request.end_nested(linkinfo);
    return transact(request.finish(sequence_++), std::format("creating veth {}", name));
}

Result<> Netlink::create_veth(const VethPair& pair) {
    MessageBuilder request(RTM_NEWLINK, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
    ifinfomsg info{};
    info.ifi_family = AF_UNSPEC;
    request.fixed(info);
    request.attribute_string(IFLA_IFNAME, pair.name);
    request.attribute_u32(IFLA_MTU, pair.mtu);
    request.attribute_u32(IFLA_MASTER, static_cast<uint32_t>(pair.master_index));
    size_t linkinfo = request.begin_nested(IFLA_LINKINFO);
    request.attribute_string(IFLA_INFO_KIND, "veth");
    size_t data = request.begin_nested(IFLA_INFO_DATA);
    size_t peer = request.begin_nested(VETH_INFO_PEER);
    request.fixed(info);
    request.attribute_string(IFLA_IFNAME, pair.peer_name);
    request.attribute_u32(IFLA_MTU, pair.mtu);
    request.attribute(IFLA_ADDRESS, pair.peer_mac.data(), pair.peer_mac.size());
    request.attribute_u32(IFLA_NET_NS_FD, static_cast<uint32_t>(pair.peer_netns_fd));
    request.end_nested(peer);
    request.end_nested(data);
    request.end_nested(linkinfo);
    return transact(request.finish(sequence_++), std::format("creating veth {}", pair.name));
}

Result<> Netlink::create_sublink(const Sublink& link) {
    MessageBuilder request(RTM_NEWLINK, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
    ifinfomsg info{};
    info.ifi_family = AF_UNSPEC;
    request.fixed(info);
    request.attribute_string(IFLA_IFNAME, link.name);
    if (link.parent_index != 0) request.attribute_u32(IFLA_LINK, static_cast<uint32_t>(link.parent_index));
    if (link.netns_fd >= 0) request.attribute_u32(IFLA_NET_NS_FD, static_cast<uint32_t>(link.netns_fd));
    if (link.mac != MacAddress{}) request.attribute(IFLA_ADDRESS, link.mac.data(), link.mac.size());
    size_t linkinfo = request.begin_nested(IFLA_LINKINFO);
    request.attribute_string(IFLA_INFO_KIND, link.kind);
    if (link.kind != "dummy") {
        size_t data = request.begin_nested(IFLA_INFO_DATA);
        if (link.kind == "macvlan") request.attribute_u32(IFLA_MACVLAN_MODE, link.mode);
        if (link.kind == "ipvlan") {
            auto mode = static_cast<uint16_t>(link.mode);
            request.attribute(IFLA_IPVLAN_MODE, &mode, sizeof mode);
        }
        if (link.kind == "vlan") request.attribute(IFLA_VLAN_ID, &link.vlan_id, sizeof link.vlan_id);
        request.end_nested(data);
    }
    request.end_nested(linkinfo);
    return transact(request.finish(sequence_++), std::format("creating {} link {}", link.kind, link.name));
}

Result<> Netlink::set_link(int index, std::string_view what, const std::function<void(MessageBuilder&)>& attributes) {
    MessageBuilder request(RTM_NEWLINK, NLM_F_ACK);
    ifinfomsg info{};
    info.ifi_family = AF_UNSPEC;
    info.ifi_index = index;
    request.fixed(info);
    attributes(request);
    auto done = transact(request.finish(sequence_++), what);
    if (!done) return std::unexpected(link_error(done.error()));
    return {};
}

Result<> Netlink::set_up(int index, bool up) {
    MessageBuilder request(RTM_NEWLINK, NLM_F_ACK);
    ifinfomsg info{};
    info.ifi_family = AF_UNSPEC;
    info.ifi_index = index;
    info.ifi_flags = up ? IFF_UP : 0;
    info.ifi_change = IFF_UP;
    request.fixed(info);
    auto done = transact(request.finish(sequence_++), std::format("setting link {} {}", index, up ? "up" : "down"));
    if (!done) return std::unexpected(link_error(done.error()));
    return {};
}

Result<> Netlink::set_mtu(int index, unsigned mtu) {
    return set_link(index, std::format("setting the MTU of link {} to {}", index, mtu),
                    [&](MessageBuilder& m) { m.attribute_u32(IFLA_MTU, mtu); });
}

Result<> Netlink::set_master(int index, int master_index) {
    return set_link(index, std::format("attaching link {} to bridge {}", index, master_index),
                    [&](MessageBuilder& m) { m.attribute_u32(IFLA_MASTER, static_cast<uint32_t>(master_index)); });
}

Result<> Netlink::set_mac(int index, const MacAddress& mac) {
    return set_link(index, std::format("setting the MAC address of link {} to {}", index, format_mac(mac)),
                    [&](MessageBuilder& m) { m.attribute(IFLA_ADDRESS, mac.data(), mac.size()); });
}

Result<> Netlink::rename(int index, const std::string& new_name) {
    return set_link(index, std::format("renaming link {} to {}", index, new_name),
                    [&](MessageBuilder& m) { m.attribute_string(IFLA_IFNAME, new_name); });
}

Result<> Netlink::move_to_netns(int index, int netns_fd) {
    return set_link(index, std::format("moving link {} to another network namespace", index),
                    [&](MessageBuilder& m) { m.attribute_u32(IFLA_NET_NS_FD, static_cast<uint32_t>(netns_fd)); });
}

Result<> Netlink::delete_link(int index) {
    MessageBuilder request(RTM_DELLINK, NLM_F_ACK);
    ifinfomsg info{};
    info.ifi_family = AF_UNSPEC;
    info.ifi_index = index;
    request.fixed(info);
    auto done = transact(request.finish(sequence_++), std::format("deleting link {}", index));
    if (!done) return std::unexpected(link_error(done.error()));
    return {};
}

namespace {

// RTM_NEWADDR for `local` (its bytes in network order) on link `index`; the
// caller adds what its family needs besides.
MessageBuilder new_address_request(uint8_t family, int prefix_length, uint8_t flags, int index,
                                   std::span<const std::byte> local) {
    MessageBuilder request(RTM_NEWADDR, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
    ifaddrmsg info{};
    info.ifa_family = family;
    info.ifa_prefixlen = static_cast<uint8_t>(prefix_length);
    info.ifa_flags = flags;
    info.ifa_scope = RT_SCOPE_UNIVERSE;
    info.ifa_index = static_cast<uint32_t>(index);
    request.fixed(info);
    request.attribute(IFA_LOCAL, local.data(), local.size());
    request.attribute(IFA_ADDRESS, local.data(), local.size());
    return request;
}

} // namespace

Result<> Netlink::add_address(int index, const Ipv4Network& address) {
    uint32_t local = address.address.network_order();
    MessageBuilder request = new_address_request(AF_INET, address.prefix_length, 0, index,
                                                 std::as_bytes(std::span(&local, 1)));
    if (address.prefix_length < 31) {
        uint32_t broadcast = address.last().network_order();
        request.attribute(IFA_BROADCAST, &broadcast, sizeof broadcast);
    }
    return transact(request.finish(sequence_++),
                    std::format("adding address {} to link {}", address.to_string(), index));
}

Result<> Netlink::add_address(int index, const Ipv6Network& address) {
    auto local = address.address.bytes();
    MessageBuilder request = new_address_request(AF_INET6, address.prefix_length, IFA_F_NODAD, index,
                                                 std::as_bytes(std::span(local)));
    request.attribute_u32(IFA_FLAGS, IFA_F_NODAD);
    auto added = transact(request.finish(sequence_++),
                          std::format("adding address {} to link {}", address.to_string(), index));
    if (!added && added.error().errnum() == EEXIST) return {};
    return added;
}

Result<std::vector<InterfaceAddress>> Netlink::addresses() {
    MessageBuilder request(RTM_GETADDR, NLM_F_DUMP);
    ifaddrmsg info{};
    info.ifa_family = AF_INET;
    request.fixed(info);
    auto replies = query(request.finish(sequence_++), "listing IPv4 addresses");
    if (!replies) return std::unexpected(replies.error());
    std::vector<InterfaceAddress> out;
    for (const auto& reply : *replies) {
        if (read_struct<nlmsghdr>(reply).nlmsg_type != RTM_NEWADDR) continue;
        auto header = read_struct<ifaddrmsg>(reply, sizeof(nlmsghdr));
        if (header.ifa_family != AF_INET) continue;
        InterfaceAddress entry;
        entry.link_index = static_cast<int>(header.ifa_index);
        entry.address.prefix_length = header.ifa_prefixlen;
        std::optional<uint32_t> local, address;
        for_each_attribute(std::span(reply).subspan(sizeof(nlmsghdr) + align4(sizeof(ifaddrmsg))),
                           [&](uint16_t type, std::span<const uint8_t> payload) {
                               if (type == IFA_LOCAL) local = attribute_u32(payload);
                               if (type == IFA_ADDRESS) address = attribute_u32(payload);
                           });
        // IFA_LOCAL is the interface's own address; IFA_ADDRESS the peer's on
        // point-to-point links, the same otherwise.
        if (!local && !address) continue;
        entry.address.address = Ipv4Address::from_network_order(local ? *local : *address);
        out.push_back(entry);
    }
    return out;
}

Result<> Netlink::add_default_route(Ipv4Address gateway, int index) {
    uint32_t via = gateway.network_order();
    return add_default_route(AF_INET, std::as_bytes(std::span(&via, 1)), gateway.to_string(), index);
}

Result<> Netlink::add_default_route(Ipv6Address gateway, int index) {
    auto via = gateway.bytes();
    return add_default_route(AF_INET6, std::as_bytes(std::span(via)), gateway.to_string(), index);
}

Result<> Netlink::add_default_route(int family, std::span<const std::byte> gateway, const std::string& gateway_text,
                                    int index) {
    MessageBuilder request(RTM_NEWROUTE, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
    rtmsg info{};
    info.rtm_family = static_cast<uint8_t>(family);
    info.rtm_table = RT_TABLE_MAIN;
    info.rtm_protocol = RTPROT_BOOT;
    info.rtm_scope = RT_SCOPE_UNIVERSE;
    info.rtm_type = RTN_UNICAST;
    request.fixed(info);
    request.attribute(RTA_GATEWAY, gateway.data(), gateway.size());
    request.attribute_u32(RTA_OIF, static_cast<uint32_t>(index));
    return transact(request.finish(sequence_++),
                    std::format("adding a default route via {} on link {}", gateway_text, index));
}

Result<std::vector<Route>> Netlink::routes() {
    MessageBuilder request(RTM_GETROUTE, NLM_F_DUMP);
    rtmsg info{};
    info.rtm_family = AF_INET;
    request.fixed(info);
    auto replies = query(request.finish(sequence_++), "listing IPv4 routes");
    if (!replies) return std::unexpected(replies.error());
    std::vector<Route> out;
    for (const auto& reply : *replies) {
        if (read_struct<nlmsghdr>(reply).nlmsg_type != RTM_NEWROUTE) continue;
        auto header = read_struct<rtmsg>(reply, sizeof(nlmsghdr));
        if (header.rtm_family != AF_INET) continue;
        Route route;
        route.destination.prefix_length = header.rtm_dst_len;
        route.table = header.rtm_table;
        route.type = header.rtm_type;
        for_each_attribute(std::span(reply).subspan(sizeof(nlmsghdr) + align4(sizeof(rtmsg))),
                           [&](uint16_t type, std::span<const uint8_t> payload) {
                               switch (type) {
                               case RTA_DST:
                                   route.destination.address = Ipv4Address::from_network_order(attribute_u32(payload));
                                   break;
                               case RTA_GATEWAY:
                                   route.gateway = Ipv4Address::from_network_order(attribute_u32(payload));
                                   break;
                               case RTA_OIF: route.link_index = static_cast<int>(attribute_u32(payload)); break;
                               case RTA_TABLE: route.table = attribute_u32(payload); break;
                               default: break;
                               }
                           });
        out.push_back(route);
    }
    return out;
}

} // namespace berth::network
