#!/usr/bin/env bash
# Dual-stack user networks (`docker network create --ipv6`) with the real
# docker CLI against berthd: both IPAM configs in inspect, an automatic ULA /64,
# Docker's refusals, containers' IPv6 addresses (sequential, --ip6, released),
# their default IPv6 route, reaching each other over IPv6 by address and by
# name (AAAA from the embedded DNS), IPv6 off on networks without it, no IPv6
# between two networks, and nothing left after the networks go. Only ULA
# addresses of a random fdXX:: prefix, on bridges and namespaces the test made.
#   network_ipv6_test.sh /path/to/berthd
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
acc_setup "$@"
need_busybox
command -v ip >/dev/null || skip "ip (iproute2) is not installed"
command -v nft >/dev/null || skip "nft is not installed"
need_ipv6

keep_ipv6_forwarding
use_daemon main

import_web_image "hello over v6"

# A random ULA /48 (never fd00::, which hosts and this one use) and IPv4 /24s
# of 10.0.0.0/8 unlikely to be taken by a parallel test.
ula="fd$(printf '%02x' $((RANDOM % 255 + 1))):$(printf '%x' $((RANDOM % 65535 + 1))):$(printf '%x' $((RANDOM % 65535 + 1)))"
octet=$((RANDOM % 200 + 20))
third=$((RANDOM % 250))
subnet_a="10.$octet.$third.0/24"
subnet_b="10.$octet.$(((third + 1) % 250)).0/24"

step "create: --ipv6 with an IPv4 and an IPv6 subnet, both in inspect, the gateway on the bridge"
net_a_id="$(docker network create --ipv6 --subnet "$subnet_a" --subnet "$ula:1::/64" net6_a)"
bridge_a="bt-${net_a_id:0:12}"
expect_eq "EnableIPv6" "true" "$(docker network inspect -f '{{.EnableIPv6}}' net6_a)"
expect_eq "IPAM.Config" "$subnet_a ${subnet_a%.0/24}.1;$ula:1::/64 $ula:1::1;" \
    "$(docker network inspect -f '{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}};{{end}}' net6_a)"
expect_contains "bridge address" "inet6 $ula:1::1/64" "$(ip -6 addr show dev "$bridge_a")"
expect_eq "forwarding" "1" "$(cat /proc/sys/net/ipv6/conf/all/forwarding)"
table6="$(nft list table ip6 "berth_${bridge_a//-/_}" 2>&1)"
expect_contains "IPv6 masquerade" "ip6 saddr $ula:1::/64 oifname != \"$bridge_a\" masquerade" "$table6"
expect_eq "default bridge stays IPv4-only" "false" "$(docker network inspect -f '{{.EnableIPv6}}' bridge)"

step "create: --ipv6 alone takes a /64 of the engine's ULA /48 (Docker 27+); Docker's refusals"
docker network create --ipv6 net6_auto >/dev/null
auto6="$(docker network inspect -f '{{range .IPAM.Config}}{{.Subnet}} {{end}}' net6_auto | awk '{print $2}')"
[[ $auto6 =~ ^fd[0-9a-f]{2}:[0-9a-f]{1,4}:[0-9a-f]{1,4}::/64$ ]] || fail "automatic IPv6 subnet: '$auto6'"
docker network rm net6_auto >/dev/null
out="$(docker network create --ipv6 --subnet "$ula:1:1::/80" net6_x 2>&1)" && fail "overlapping IPv6 subnet accepted"
expect_contains "overlap" "Pool overlaps with other one on this address space" "$out"
out="$(api_post main /networks/create \
    "{\"Name\":\"net6_x\",\"EnableIPv6\":true,\"IPAM\":{\"Config\":[{\"Subnet\":\"$ula:9::/64\",\"Gateway\":\"$ula:8::1\"}]}}")"
expect_contains "gateway outside" "invalid gateway $ula:8::1: IP $ula:8::1 does not belong to subnet $ula:9::/64" "$out"
out="$(docker network create -d macvlan --ipv6 net6_x 2>&1)" && fail "IPv6 macvlan accepted"
expect_contains "macvlan" "IPv6 on macvlan networks is not supported yet" "$out"

step "containers get sequential IPv6 addresses, a default IPv6 route, and inspect shows them"
docker run -d --name web6 --network net6_a bb:test httpd -f -p 80 -h /www >/dev/null
expect_eq "GlobalIPv6Address" "$ula:1::2" "$(docker inspect -f '{{.NetworkSettings.Networks.net6_a.GlobalIPv6Address}}' web6)"
expect_eq "GlobalIPv6PrefixLen" "64" "$(docker inspect -f '{{.NetworkSettings.Networks.net6_a.GlobalIPv6PrefixLen}}' web6)"
expect_eq "IPv6Gateway" "$ula:1::1" "$(docker inspect -f '{{.NetworkSettings.Networks.net6_a.IPv6Gateway}}' web6)"
expect_contains "network inspect" "$ula:1::2/64" \
    "$(docker network inspect -f '{{range .Containers}}{{.IPv6Address}}{{end}}' net6_a)"
routes="$(docker exec web6 ip -6 route)"
expect_contains "default route" "default via $ula:1::1 dev eth0" "$routes"
# Usable at once (no duplicate address detection): not "tentative".
addr="$(docker exec web6 ip -6 addr show dev eth0)"
expect_contains "address" "inet6 $ula:1::2/64" "$addr"
[[ $addr == *tentative* ]] && fail "the address is still tentative: $addr"

step "two containers reach each other over IPv6, by address and by name"
got="$(timeout 30 docker run --rm --network net6_a bb:test timeout 10 wget -qO- "http://[$ula:1::2]/")"
expect_eq "wget over IPv6" "hello over v6" "$got"
aaaa="$(timeout 30 docker run --rm --network net6_a bb:test timeout 10 nslookup -type=AAAA web6 127.0.0.11)"
expect_contains "AAAA" "$ula:1::2" "$aaaa"
ping6="$(timeout 30 docker run --rm --network net6_a bb:test timeout 10 ping -6 -c1 -W5 web6 2>&1)" ||
    fail "ping -6 web6 failed: $ping6"
expect_contains "ping -6 by name" "$ula:1::2" "$ping6"

step "--ip6: a chosen address, refused when taken or outside, given back with its container"
docker run -d --name fixed6 --network net6_a --ip6 "$ula:1::77" bb:test sleep 300 >/dev/null
expect_eq "--ip6" "$ula:1::77" "$(docker inspect -f '{{.NetworkSettings.Networks.net6_a.GlobalIPv6Address}}' fixed6)"
expect_contains "--ip6 in the namespace" "inet6 $ula:1::77/64" "$(docker exec fixed6 ip -6 addr show dev eth0)"
out="$(timeout 30 docker run --rm --network net6_a --ip6 "$ula:1::77" bb:test true 2>&1)" && fail "a taken --ip6 accepted"
expect_contains "taken" "Address already in use" "$out"
out="$(timeout 30 docker run --rm --network net6_a --ip6 "$ula:7::7" bb:test true 2>&1)" && fail "--ip6 outside accepted"
expect_contains "outside" "no configured subnet or ip-range contain the IP address $ula:7::7" "$out"
docker rm -f fixed6 >/dev/null
got="$(timeout 30 docker run --rm --network net6_a --ip6 "$ula:1::77" bb:test ip -6 -o addr show dev eth0)"
expect_contains "released" "$ula:1::77/64" "$got"

step "networks without IPv6: IPv6 is off on the container's interface (Docker 27+)"
docker network create --subnet "$subnet_b" net4 >/dev/null
expect_eq "user network" "1" "$(timeout 30 docker run --rm --network net4 bb:test cat /proc/sys/net/ipv6/conf/eth0/disable_ipv6)"
expect_eq "default bridge" "1" "$(timeout 30 docker run --rm bb:test cat /proc/sys/net/ipv6/conf/eth0/disable_ipv6)"
out="$(timeout 30 docker run --rm --network net4 --ip6 "$ula:1::99" bb:test true 2>&1)" && fail "--ip6 on an IPv4 network"
expect_contains "--ip6 without IPv6" "user specified IP address is supported only when connecting to networks with user configured subnets" "$out"

step "a second IPv6 network cannot reach the first over IPv6 (the host can be reached: the route is there)"
docker network create --ipv6 --subnet "$ula:2::/64" net6_b >/dev/null
bridge_b="bt-$(docker network inspect -f '{{.Id}}' net6_b | cut -c1-12)"
timeout 30 docker run --rm --network net6_b bb:test timeout 10 ping -6 -c1 -W3 "$ula:1::1" >/dev/null ||
    fail "net6_b cannot reach the host's address on net6_a (the control)"
status=0
timeout 30 docker run --rm --init --network net6_b bb:test timeout 5 ping -6 -c1 -W3 "$ula:1::2" >/dev/null 2>&1 ||
    status=$?
((status != 0)) || fail "net6_b reached web6 over IPv6"
status=0
timeout 30 docker run --rm --init --network net6_b bb:test timeout 3 wget -qO- "http://[$ula:1::2]/" >/dev/null 2>&1 ||
    status=$?
((status != 0)) || fail "net6_b fetched from web6 over IPv6"

step "after berthd restarts, the network keeps its IPv6 subnet and its containers"
stop_berthd main KILL
use_daemon main
expect_eq "same subnets" "$subnet_a $ula:1::/64 " \
    "$(docker network inspect -f '{{range .IPAM.Config}}{{.Subnet}} {{end}}' net6_a)"
got="$(timeout 30 docker run --rm --network net6_a bb:test timeout 10 wget -qO- "http://[$ula:1::2]/")"
expect_eq "after restart" "hello over v6" "$got"
got="$(timeout 30 docker run --rm --network net6_a bb:test ip -6 -o addr show dev eth0)"
expect_contains "next address" "$ula:1::" "$got"

step "removing the networks leaves nothing behind"
docker rm -f web6 >/dev/null
docker network rm net6_a net6_b net4 >/dev/null
for bridge in "$bridge_a" "$bridge_b"; do
    ip link show "$bridge" >/dev/null 2>&1 && fail "bridge $bridge left behind"
    nft list table ip6 "berth_${bridge//-/_}" >/dev/null 2>&1 && fail "nft ip6 table of $bridge left behind"
    nft list table ip "berth_${bridge//-/_}" >/dev/null 2>&1 && fail "nft table of $bridge left behind"
done
grep -q "^$ula:" <<<"$(ip -6 route)" && fail "IPv6 routes left: $(ip -6 route | grep "^$ula:")"
[[ -z $(find "$(data_root_of main)/network" -name ipam6.json) ]] || fail "ipam6.json left behind"
echo "PASS"
