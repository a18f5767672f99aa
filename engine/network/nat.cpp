#include "network/nat.h"

#include "base/files.h"
#include "base/unique_fd.h"

#include <fcntl.h>
#include <format>
#include <nftables/libnftables.h>
#include <unistd.h>

namespace berth::network {

namespace {

// One family's table ("ip" or "ip6"): the same forward rules (they match
// interfaces, not addresses), masquerade for that family's subnet.
std::string family_table(const NatRules& r, std::string_view family, const std::string& subnet) {
    std::string masquerade = r.internal ? ""
                                        : std::format("\t\t{} saddr {} oifname != \"{}\" masquerade\n",
                                                      family, subnet, r.bridge);
    std::string isolation;
    if (r.internal)
        isolation += std::format("\t\tiifname \"{0}\" oifname != \"{0}\" drop\n"
                                 "\t\toifname \"{0}\" iifname != \"{0}\" drop\n",
                                 r.bridge);
    for (const std::string& other : r.isolated_from)
        isolation += std::format("\t\tiifname \"{0}\" oifname != \"{0}\" oifname \"{1}\" drop\n", r.bridge, other);
    return std::format(
        "table {5} {0}\n"
        "delete table {5} {0}\n"
        "table {5} {0} {{\n"
        "\tchain postrouting {{\n"
        "\t\ttype nat hook postrouting priority srcnat; policy accept;\n"
        "{3}"
        "\t}}\n"
        "\tchain forward {{\n"
        "\t\ttype filter hook forward priority filter; policy accept;\n"
        "{4}"
        "\t\toifname \"{2}\" ct state related,established accept\n"
        "\t\tiifname \"{2}\" accept\n"
        "\t}}\n"
        "}}\n",
        r.table, subnet, r.bridge, masquerade, isolation, family);
}

} // namespace

std::string nat_ruleset(const NatRules& r) {
    std::string script = family_table(r, "ip", r.subnet.network().to_string());
    if (r.subnet6) script += family_table(r, "ip6", r.subnet6->network().to_string());
    return script;
}

Result<std::string> Firewall::list_chain_with_handles(const std::string& chain) {
    return fail(ErrorCategory::NotFound, "nftables chain {} does not exist", chain);
}

namespace {

class NftablesFirewall final : public Firewall {
public:
    Result<> apply(const std::string& script) override {
        auto ran = run(script);
        if (!ran) return std::unexpected(ran.error());
        return {};
    }

    Result<> remove_table(const std::string& table) override {
        // "destroy" (nft 1.0.8+) ignores a missing table, but older kernels refuse
        // it; declaring the table first makes the delete always find one.
        // The ip6 table of a network with IPv6 goes too (nat_ruleset).
        auto ran = run(std::format("table ip {0}\ndelete table ip {0}\ntable ip6 {0}\ndelete table ip6 {0}\n", table));
        if (!ran) return std::unexpected(std::move(ran.error()).wrap("removing nftables table ip {}", table));
        return {};
    }

    Result<std::string> list_table(const std::string& table) override {
        auto listed = run(std::format("list table ip {}", table));
        if (!listed) {
            if (listed.error().message().find("No such file or directory") != std::string::npos)
                return fail(ErrorCategory::NotFound, "nftables table ip {} does not exist", table);
            return std::unexpected(listed.error());
        }
        return listed;
    }

    Result<std::vector<std::string>> list_tables() override {
        auto listed = run("list tables ip");
        if (!listed) return std::unexpected(listed.error());
        std::vector<std::string> tables;
        std::size_t at = 0;
        while ((at = listed->find("table ip ", at)) != std::string::npos) {
            at += 9;
            std::size_t end = listed->find_first_of(" \n", at);
            tables.push_back(listed->substr(at, end == std::string::npos ? std::string::npos : end - at));
        }
        return tables;
    }

    Result<std::string> list_chain_with_handles(const std::string& chain) override {
        auto listed = run(std::format("list chain {}", chain), NFT_CTX_OUTPUT_HANDLE);
        if (!listed) {
            if (listed.error().message().find("No such file or directory") != std::string::npos)
                return fail(ErrorCategory::NotFound, "nftables chain {} does not exist", chain);
            return std::unexpected(listed.error());
        }
        return listed;
    }

private:
    // Runs one script in a fresh context; its output on success, nft's own error
    // text on failure.
    static Result<std::string> run(const std::string& script, unsigned output_flags = 0) {
        std::unique_ptr<nft_ctx, decltype(&nft_ctx_free)> context(nft_ctx_new(NFT_CTX_DEFAULT), nft_ctx_free);
        if (!context) return fail(ErrorCategory::System, "creating an nftables context");
        if (output_flags != 0) nft_ctx_output_set_flags(context.get(), nft_ctx_output_get_flags(context.get()) | output_flags);
        if (nft_ctx_buffer_output(context.get()) != 0 || nft_ctx_buffer_error(context.get()) != 0)
            return fail(ErrorCategory::System, "buffering nftables output");
        if (nft_run_cmd_from_buffer(context.get(), script.c_str()) != 0) {
            std::string message = nft_ctx_get_error_buffer(context.get());
            while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
            return fail(ErrorCategory::System, "nftables: {}", message.empty() ? "command failed" : message);
        }
        return std::string(nft_ctx_get_output_buffer(context.get()));
    }
};

} // namespace

std::unique_ptr<Firewall> make_nftables_firewall() { return std::make_unique<NftablesFirewall>(); }

Result<> enable_ip_forwarding(const std::string& path) {
    // Written only when off: each write resets per-interface router settings.
    if (auto current = read_file(path); current && current->starts_with("1")) return {};
    UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_TRUNC));
    if (!fd) return fail_errno("enabling IP forwarding: opening {}", path);
    if (::write(fd.get(), "1\n", 2) != 2) return fail_errno("enabling IP forwarding: writing {}", path);
    return {};
}

} // namespace berth::network
