// /etc/hosts and /etc/resolv.conf as Docker writes them for a container.

#include "containers/etc_files.h"

#include <gtest/gtest.h>

namespace berth::containers {
namespace {

constexpr const char* kDefaultHosts = "127.0.0.1\tlocalhost\n"
                                      "::1\tlocalhost ip6-localhost ip6-loopback\n"
                                      "fe00::0\tip6-localnet\n"
                                      "ff00::0\tip6-mcastprefix\n"
                                      "ff02::1\tip6-allnodes\n"
                                      "ff02::2\tip6-allrouters\n";

TEST(MakeHosts, ContainerAddressWithHostname) {
    EXPECT_EQ(make_hosts("172.17.0.2", "4f1e2d3c4b5a", "", {}),
              std::string(kDefaultHosts) + "172.17.0.2\t4f1e2d3c4b5a\n");
}

// --network none (no address) and --network host: only the defaults.
TEST(MakeHosts, NoAddressNoOwnLine) {
    EXPECT_EQ(make_hosts("", "4f1e2d3c4b5a", "", {}), kDefaultHosts);
    EXPECT_EQ(make_hosts("172.17.0.2", "", "", {}), kDefaultHosts);
}

// --domainname: the FQDN first, then the short name, as Docker's etchosts does.
TEST(MakeHosts, Domainname) {
    EXPECT_EQ(make_hosts("172.17.0.5", "web", "example.com", {}),
              std::string(kDefaultHosts) + "172.17.0.5\tweb.example.com web\n");
}

// --add-host entries come after the defaults and before the container's own line.
TEST(MakeHosts, ExtraHosts) {
    std::vector<HostsEntry> extra = {{"10.0.0.7", "db"}, {"172.17.0.1", "host.docker.internal"},
                                     {"::2", "six six-alias"}};
    EXPECT_EQ(make_hosts("172.17.0.2", "app", "", extra), std::string(kDefaultHosts) +
                                                              "10.0.0.7\tdb\n"
                                                              "172.17.0.1\thost.docker.internal\n"
                                                              "::2\tsix six-alias\n"
                                                              "172.17.0.2\tapp\n");
    EXPECT_EQ(make_hosts("", "app", "", {{"10.0.0.7", "db"}}), std::string(kDefaultHosts) + "10.0.0.7\tdb\n");
}

// moby's updateHostsFile: the FQDN, and the bare hostname when the FQDN has a dot.
TEST(OwnHostNames, FqdnThenShortName) {
    EXPECT_EQ(own_host_names("app", ""), "app");
    EXPECT_EQ(own_host_names("web", "example.com"), "web.example.com web");
    EXPECT_EQ(own_host_names("db.internal", ""), "db.internal db");
}

// A connect appends the new network's line; the rest (a user's edit) stays.
TEST(HostsWith, AppendsRecords) {
    std::string hosts = std::string(kDefaultHosts) + "172.20.0.2\tapp\n10.1.1.1\tmine # user edit\n";
    EXPECT_EQ(hosts_with(hosts, {{"172.21.0.3", "app"}}), hosts + "172.21.0.3\tapp\n");
    EXPECT_EQ(hosts_with("1.2.3.4\tno-newline", {{"5.6.7.8", "x"}}), "1.2.3.4\tno-newline\n5.6.7.8\tx\n");
    EXPECT_EQ(hosts_with(hosts, {}), hosts);
}

// A disconnect removes exactly its line (address and names, any blanks), once;
// comments, other lines and a same-address line with other names stay; empty lines go.
TEST(HostsWithout, RemovesExactRecordsOnly) {
    std::string hosts = std::string(kDefaultHosts) +
                        "# a comment\n"
                        "172.20.0.2\tapp\n"
                        "\n"
                        "172.21.0.3   app\n"
                        "172.21.0.3\tapp other\n"
                        "172.21.0.3\tapp\n";
    EXPECT_EQ(hosts_without(hosts, {{"172.21.0.3", "app"}}), std::string(kDefaultHosts) +
                                                                "# a comment\n"
                                                                "172.20.0.2\tapp\n"
                                                                "172.21.0.3\tapp other\n"
                                                                "172.21.0.3\tapp\n");
    EXPECT_EQ(hosts_without(hosts, {{"172.20.0.2", "app"}, {"172.21.0.3", "app other"}}),
              std::string(kDefaultHosts) + "# a comment\n172.21.0.3   app\n172.21.0.3\tapp\n");
    EXPECT_EQ(hosts_without(kDefaultHosts, {{"10.0.0.1", "gone"}}), kDefaultHosts);
}

constexpr const char* kHostResolvConf = "search lan example.com\n"
                                        "nameserver 127.0.0.53\n"
                                        "nameserver 192.168.1.1\n"
                                        "nameserver ::1\n"
                                        "nameserver 2001:db8::53\n"
                                        "options edns0 trust-ad\n"
                                        "sortlist 130.155.160.0/255.255.240.0\n";

TEST(MakeResolvConf, LocalhostNameserversDropped) {
    EXPECT_EQ(make_resolv_conf(kHostResolvConf, {}, {}, {}, false),
              "search lan example.com\n"
              "nameserver 192.168.1.1\n"
              "nameserver 2001:db8::53\n"
              "options edns0 trust-ad\n"
              "sortlist 130.155.160.0/255.255.240.0\n");
}

// systemd-resolved's stub only: nothing left, Google's public servers instead.
TEST(MakeResolvConf, OnlyLocalhostFallsBackToGoogle) {
    EXPECT_EQ(make_resolv_conf("nameserver 127.0.0.53\noptions edns0 trust-ad\nsearch .\n", {}, {}, {}, false),
              "search .\n"
              "nameserver 8.8.8.8\n"
              "nameserver 8.8.4.4\n"
              "options edns0 trust-ad\n");
    EXPECT_EQ(make_resolv_conf("", {}, {}, {}, false), "nameserver 8.8.8.8\nnameserver 8.8.4.4\n");
    EXPECT_EQ(make_resolv_conf("nameserver 127.0.0.1\nnameserver ::1\n", {}, {}, {}, false),
              "nameserver 8.8.8.8\nnameserver 8.8.4.4\n");
}

TEST(MakeResolvConf, HostNetworkKeepsLocalhost) {
    EXPECT_EQ(make_resolv_conf(kHostResolvConf, {}, {}, {}, true),
              "search lan example.com\n"
              "nameserver 127.0.0.53\n"
              "nameserver 192.168.1.1\n"
              "nameserver ::1\n"
              "nameserver 2001:db8::53\n"
              "options edns0 trust-ad\n"
              "sortlist 130.155.160.0/255.255.240.0\n");
    // And adds no fallback.
    EXPECT_EQ(make_resolv_conf("", {}, {}, {}, true), "");
}

TEST(MakeResolvConf, DnsReplacesNameservers) {
    EXPECT_EQ(make_resolv_conf(kHostResolvConf, {"1.1.1.1", "9.9.9.9"}, {}, {}, false),
              "search lan example.com\n"
              "nameserver 1.1.1.1\n"
              "nameserver 9.9.9.9\n"
              "options edns0 trust-ad\n"
              "sortlist 130.155.160.0/255.255.240.0\n");
    // Even with the host's network, and a localhost --dns is the user's choice.
    EXPECT_EQ(make_resolv_conf(kHostResolvConf, {"127.0.0.1"}, {}, {}, true),
              "search lan example.com\n"
              "nameserver 127.0.0.1\n"
              "options edns0 trust-ad\n"
              "sortlist 130.155.160.0/255.255.240.0\n");
}

TEST(MakeResolvConf, DnsSearchAndOptionsReplaceTheirLines) {
    EXPECT_EQ(make_resolv_conf(kHostResolvConf, {}, {"corp.example", "example.org"}, {"ndots:2", "timeout:1"}, false),
              "search corp.example example.org\n"
              "nameserver 192.168.1.1\n"
              "nameserver 2001:db8::53\n"
              "options ndots:2 timeout:1\n"
              "sortlist 130.155.160.0/255.255.240.0\n");
}

// --dns-search . : no search domains at all.
TEST(MakeResolvConf, DnsSearchDotClearsSearch) {
    EXPECT_EQ(make_resolv_conf(kHostResolvConf, {}, {"."}, {}, false),
              "nameserver 192.168.1.1\n"
              "nameserver 2001:db8::53\n"
              "options edns0 trust-ad\n"
              "sortlist 130.155.160.0/255.255.240.0\n");
}

// A host file without search or options gets them from the flags.
TEST(MakeResolvConf, FlagsAddMissingLines) {
    EXPECT_EQ(make_resolv_conf("nameserver 10.0.0.1\n", {}, {"a.example"}, {"rotate"}, false),
              "search a.example\nnameserver 10.0.0.1\noptions rotate\n");
}

// glibc reads the last of search/domain; so does the container's file.
TEST(MakeResolvConf, LastSearchOrDomainLineWins) {
    EXPECT_EQ(make_resolv_conf("domain first.example\nnameserver 10.0.0.1\nsearch second.example\n", {}, {}, {}, false),
              "search second.example\nnameserver 10.0.0.1\n");
    EXPECT_EQ(make_resolv_conf("search first.example\ndomain second.example\nnameserver 10.0.0.1\n", {}, {}, {}, false),
              "domain second.example\nnameserver 10.0.0.1\n");
}

TEST(MakeResolvConf, CommentsAndBlankLinesDoNotCount) {
    std::string out = make_resolv_conf("# managed by NetworkManager\n\n; old comment\nnameserver 10.0.0.1\n", {}, {}, {},
                                       false);
    EXPECT_NE(out.find("nameserver 10.0.0.1\n"), std::string::npos);
    EXPECT_EQ(out.find("8.8.8.8"), std::string::npos);
    EXPECT_EQ(out.find("\n\n"), std::string::npos);
}

} // namespace
} // namespace berth::containers
